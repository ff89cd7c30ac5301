"""Top-level URL configuration: one include per app."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Inclusion Partnerships administration"
admin.site.site_title = "Inclusion Partnerships administration"

urlpatterns = [
    path("", include("inclusion.core.urls")),
    path("account/", include("inclusion.accounts.urls")),
    path("pupils/", include("inclusion.pupils.urls")),
    path("providers/", include("inclusion.providers.urls")),
    path("audit/", include("inclusion.audit.urls")),
    path("referrals/", include("inclusion.referrals.urls")),
    path("placements/", include("inclusion.placements.urls")),
    path("attendance/", include("inclusion.attendance.urls")),
    path("attendance-offer/", include("inclusion.offers.urls")),
    path("forums/", include("inclusion.forums.urls")),
    path("advice/", include("inclusion.guidance.urls")),
    path("notifications/", include("inclusion.notifications.urls")),
    path("calendar/", include("inclusion.calendar.urls")),
    path("visits/", include("inclusion.visits.urls")),
    path("reports/", include("inclusion.reports.urls")),
    path("fair-access/", include("inclusion.fairaccess.urls")),
    path("moves/", include("inclusion.moves.urls")),
    path("exclusions/", include("inclusion.exclusions.urls")),
    path("privacy/", include("inclusion.privacy.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "inclusion.core.errors.not_found"
handler500 = "inclusion.core.errors.server_error"
