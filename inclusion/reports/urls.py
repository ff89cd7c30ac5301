from inclusion.reports.governance import views as governance
from inclusion.reports.ofsted import views as ofsted

app_name = "reports"

urlpatterns = [
    *ofsted.urlpatterns,
    *governance.urlpatterns,
]
