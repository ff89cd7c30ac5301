"""Service administrators maintain the offer list and the registration-test rules here; provider
records themselves are kept through the service's own pages (audited)."""

from django.contrib import admin

from inclusion.providers.models import OfferArea, Provider, RegistrationRule


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ("name", "registration", "urn", "ukprn", "is_active")
    list_filter = ("registration", "is_active")
    search_fields = ("name", "urn", "ukprn")
    readonly_fields = (
        "evidence_expires_on",
        "evidence_missing",
        "last_qa_visit_on",
        "last_qa_rating",
        "weekly_price",
    )


@admin.register(OfferArea)
class OfferAreaAdmin(admin.ModelAdmin[OfferArea]):
    list_display = ("name", "parent", "position")
    list_filter = ("parent",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(RegistrationRule)
class RegistrationRuleAdmin(admin.ModelAdmin[RegistrationRule]):
    list_display = ("effective_from", "full_time_hours", "pupil_limit", "sen_counts", "source")
