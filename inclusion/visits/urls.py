from django.urls import path

from inclusion.visits import views

app_name = "visits"

urlpatterns = [
    path("due/", views.visits_due, name="due"),
    path("placements/<uuid:pk>/record/", views.visit_record, name="record"),
    path("<uuid:pk>/", views.visit_detail, name="detail"),
]
