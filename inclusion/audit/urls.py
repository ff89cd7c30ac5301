from django.urls import path

from inclusion.audit import views

app_name = "audit"

urlpatterns = [path("", views.audit_list, name="list")]
