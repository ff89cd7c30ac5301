from inclusion.attendance.views import alerts, imports, register, school, today

app_name = "attendance"

urlpatterns = [
    *register.urlpatterns,
    *school.urlpatterns,
    *today.urlpatterns,
    *alerts.urlpatterns,
    *imports.urlpatterns,
]
