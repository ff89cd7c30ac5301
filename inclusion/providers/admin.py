from django.contrib import admin

from inclusion.providers.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin[Provider]):
    list_display = ("name", "registration", "urn", "ukprn", "is_active")
    list_filter = ("registration", "is_active")
    search_fields = ("name", "urn", "ukprn")
