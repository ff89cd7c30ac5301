from inclusion.placements.views import money, placements, plans, provider, risk

app_name = "placements"

urlpatterns = [
    *placements.urlpatterns,
    *risk.urlpatterns,
    *plans.urlpatterns,
    *provider.urlpatterns,
    *money.urlpatterns,
]
