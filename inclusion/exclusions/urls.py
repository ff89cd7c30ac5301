from django.urls import path

from inclusion.exclusions import views

app_name = "exclusions"

urlpatterns = [
    path("deadlines/", views.deadlines, name="deadlines"),
    path("pupils/<uuid:pupil_pk>/", views.pupil_exclusions, name="pupil"),
    path("pupils/<uuid:pupil_pk>/consider/", views.consultation_start, name="consultation_start"),
    path("pupils/<uuid:pupil_pk>/record/", views.exclusion_create, name="exclusion_create"),
    path("consultations/<uuid:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<uuid:pk>/record/", views.consultation_record, name="consultation_record"),
    path("<uuid:pk>/", views.exclusion_detail, name="exclusion_detail"),
    path("<uuid:pk>/notifications/", views.exclusion_notices, name="exclusion_notices"),
    path("<uuid:pk>/progress/", views.exclusion_progress, name="exclusion_progress"),
]
