"""Service administrators manage organisations in the Django admin (never a staff journey)."""

from django.contrib import admin

from inclusion.organisations.models import Agency, LocalAuthority, Partnership, School


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin[LocalAuthority]):
    list_display = ("name", "dfe_code", "gss_code", "kind")
    search_fields = ("name", "dfe_code", "gss_code")


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ("name", "local_authority")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ("name", "urn", "laestab", "phase", "partnership", "is_open")
    list_filter = ("partnership", "phase", "is_open")
    search_fields = ("name", "urn", "laestab")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "kind", "local_authority")
