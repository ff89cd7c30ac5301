"""Users sign in with an e-mail address; what they may do comes from their memberships."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from inclusion.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the Django admin (service administrators only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    SCHOOL_STAFF = "school_staff", "School staff"
    COORDINATOR = "coordinator", "Partnership co-ordinator"
    CHAIR = "chair", "Partnership chair"
    PROVIDER_STAFF = "provider_staff", "Provider staff"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual School officer"
    LA_OFFICER = "la_officer", "Local authority officer"
    GOVERNANCE = "governance", "Governance board member"
    SERVICE_ADMIN = "service_admin", "Service administrator"


ORG_FIELDS = ("school", "partnership", "provider", "local_authority")

# Which organisation a membership of each role belongs to.
ROLE_ORGANISATION: dict[str, tuple[str, ...]] = {
    Role.SCHOOL_STAFF: ("school",),
    Role.COORDINATOR: ("partnership",),
    Role.CHAIR: ("partnership",),
    Role.PROVIDER_STAFF: ("provider",),
    Role.VIRTUAL_SCHOOL: ("local_authority",),
    Role.LA_OFFICER: ("local_authority",),
    Role.GOVERNANCE: ("partnership", "local_authority"),
    Role.SERVICE_ADMIN: ("local_authority",),
}


def _one_organisation_for_role() -> Q:
    allowed = Q()
    for role, fields in ROLE_ORGANISATION.items():
        for field in fields:
            condition = Q(role=role, **{f"{field}__isnull": False})
            for other in ORG_FIELDS:
                if other != field:
                    condition &= Q(**{f"{other}__isnull": True})
            allowed |= condition
    return allowed


class Membership(BaseModel):
    """A user's role in one organisation. A user may hold several and acts in one at a time."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, null=True, blank=True
    )
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, null=True, blank=True
    )
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, null=True, blank=True
    )
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True
    )
    is_active = models.BooleanField(default=True)
    is_safeguarding_lead = models.BooleanField(
        "Designated safeguarding lead",
        default=False,
        help_text="School staff only: the school's DSL (or deputy), who gets attendance alerts.",
    )

    class Meta:
        ordering = ["role"]
        constraints = [
            models.CheckConstraint(
                condition=_one_organisation_for_role(),
                name="accounts_membership_one_organisation_for_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"

    @property
    def organisation(self) -> models.Model:
        for field in ORG_FIELDS:
            value = getattr(self, field)
            if value is not None:
                return value  # type: ignore[no-any-return]
        raise ValueError("A membership always belongs to an organisation.")


class SignInFailure(models.Model):
    """One failed sign-in, kept to throttle guessing. Holds the address tried, not a password."""

    email = models.CharField(max_length=254, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Failed sign-in at {self.at:%Y-%m-%d %H:%M}"
