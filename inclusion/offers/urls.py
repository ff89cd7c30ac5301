from django.urls import path

from inclusion.offers import views

app_name = "offers"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("referrals/<uuid:pk>/new/", views.plan_create, name="create"),
    path("<uuid:pk>/", views.plan_detail, name="detail"),
    path("<uuid:pk>/edit/", views.plan_edit, name="edit"),
    path("<uuid:pk>/interventions/new/", views.intervention_add, name="intervention_add"),
    path("interventions/<uuid:pk>/edit/", views.intervention_edit, name="intervention_edit"),
    path("<uuid:pk>/check-ins/new/", views.check_in_add, name="check_in_add"),
    path("<uuid:pk>/close/", views.plan_close, name="close"),
]
