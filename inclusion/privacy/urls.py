from django.urls import path

from inclusion.privacy import views

app_name = "privacy"

urlpatterns = [
    path("pupils/<uuid:pk>/", views.subject_access, name="subject_access"),
    path("pupils/<uuid:pk>/export.json", views.subject_access_json, name="subject_access_json"),
    path("pupils/<uuid:pk>/export.pdf", views.subject_access_pdf, name="subject_access_pdf"),
    path("pupils/<uuid:pk>/legal-hold/", views.legal_hold_place, name="legal_hold_place"),
    path("pupils/<uuid:pk>/legal-hold/lift/", views.legal_hold_lift, name="legal_hold_lift"),
    path("retention/", views.retention_runs, name="retention"),
]
