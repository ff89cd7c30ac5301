from inclusion.notifications.views import inbox

app_name = "notifications"

urlpatterns = [
    *inbox.urlpatterns,
]
