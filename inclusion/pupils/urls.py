from django.urls import path

from inclusion.pupils import views

app_name = "pupils"

urlpatterns = [
    path("", views.pupil_list, name="list"),
    path("new/", views.pupil_create, name="create"),
    path("<uuid:pk>/", views.pupil_detail, name="detail"),
    path("<uuid:pk>/change/", views.pupil_edit, name="edit"),
    path("<uuid:pk>/contacts/new/", views.contact_add, name="contact_add"),
]
