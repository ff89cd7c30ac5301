from inclusion.calendar import views

app_name = "calendar"

urlpatterns = [*views.urlpatterns]
