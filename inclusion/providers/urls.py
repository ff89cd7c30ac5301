from inclusion.providers.views import directory, evidence, feed, gias, qa, registration

app_name = "providers"

urlpatterns = [
    *directory.urlpatterns,
    *evidence.urlpatterns,
    *qa.urlpatterns,
    *registration.urlpatterns,
    *gias.urlpatterns,
    *feed.urlpatterns,
]
