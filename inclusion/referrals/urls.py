from inclusion.referrals.views import case, form, listing, queue

app_name = "referrals"

urlpatterns = [
    *listing.urlpatterns,
    *form.urlpatterns,
    *case.urlpatterns,
    *queue.urlpatterns,
]
