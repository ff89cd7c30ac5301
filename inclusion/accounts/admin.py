from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from inclusion.accounts.models import Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ("role", "school", "partnership", "provider", "local_authority", "is_active")


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()
    list_filter = ("is_active", "is_staff")
    inlines = (MembershipInline,)
