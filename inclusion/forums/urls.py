from inclusion.forums.views import actions, agenda, decisions, meetings, public

app_name = "forums"

urlpatterns = [
    *meetings.urlpatterns,
    *agenda.urlpatterns,
    *decisions.urlpatterns,
    *actions.urlpatterns,
    *public.urlpatterns,
]
