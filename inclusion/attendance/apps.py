from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "inclusion.attendance"
    verbose_name = "Attendance"
