from inclusion.referrals.views import case, form, queue

app_name = "referrals"

urlpatterns = [
    *form.urlpatterns,
    *case.urlpatterns,
    *queue.urlpatterns,
]
