"""Forms for editing guidance pages, support services and tiers (GOV.UK wording)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator, URLValidator

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.guidance.models import GuidancePage, SupportService
from inclusion.guidance.services import PageDetails, ServiceDetails
from inclusion.pupils.tiers import TIERS, TierName

# Web addresses the advice pages use themselves: a page cannot take them.
RESERVED_SLUGS = frozenset({"manage", "services", "partnerships", "tiers", "new"})
BODY_MAX = 20_000

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Web address must only include lower-case letters, numbers and single hyphens, "
    "like fair-access",
)
phone_validator = RegexValidator(
    r"^[0-9 +()]{10,20}$", "Enter a phone number, like 01632 960 001 or +44 1632 960 001"
)
web_address_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with https://"
)


def _too_long(label: str, limit: int) -> dict[str, str]:
    return {"max_length": f"{label} must be {limit:,} characters or fewer"}


class GuidancePageForm(GovukForm):
    title = forms.CharField(label="Title", max_length=120, error_messages=_too_long("Title", 120))
    slug = forms.CharField(
        label="Web address",
        max_length=80,
        help_text="The end of the page's address, like fair-access. It cannot be changed later.",
        validators=[slug_validator],
        error_messages={
            "required": "Enter a web address for the page",
            **_too_long("Web address", 80),
        },
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=200,
        help_text="One sentence shown under the title in the list of guidance.",
        error_messages=_too_long("Summary", 200),
    )
    body = forms.CharField(
        label="Text",
        max_length=BODY_MAX,
        strip=False,
        help_text=(
            "Write in Markdown: ## for a heading, - for a bullet, [words](https://…) for a "
            "link. Pictures, scripts and other HTML are removed."
        ),
        widget=forms.Textarea(attrs={"govuk_rows": 20}),
        error_messages={"required": "Enter the text of the page", **_too_long("Text", BODY_MAX)},
    )
    is_published = forms.BooleanField(
        label="Publish this page",
        required=False,
        help_text="Anyone can read a published page, without signing in.",
    )
    note = forms.CharField(
        label="What did you change? (optional)",
        required=False,
        max_length=200,
        help_text="Shown in the page's change history.",
        error_messages=_too_long("What you changed", 200),
    )

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]

    @classmethod
    def initial_for(cls, page: GuidancePage) -> dict[str, Any]:
        return {
            "title": page.title,
            "summary": page.summary,
            "body": page.body,
            "is_published": page.is_published,
        }

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].strip()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                f"Enter a different web address: {slug} is used by the advice pages"
            )
        return slug

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Enter the text of the page")
        return body.replace("\r\n", "\n").strip()

    def details(self) -> PageDetails:
        data = self.cleaned_data
        return PageDetails(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            is_published=bool(data["is_published"]),
        )

    def raise_slug_taken(self) -> None:
        self.add_error("slug", "Enter a different web address: another page already has it")


class SupportServiceForm(GovukForm):
    name = forms.CharField(label="Name", max_length=160, error_messages=_too_long("Name", 160))
    category = forms.ChoiceField(
        label="Category",
        choices=SupportService.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a category", "invalid_choice": "Select a category"},
    )
    description = forms.CharField(
        label="What the service offers",
        max_length=2000,
        widget=forms.Textarea(attrs={"govuk_rows": 4}),
        help_text="Who it is for and how a school or family can get help from it.",
        error_messages={
            "required": "Enter what the service offers",
            **_too_long("What the service offers", 2000),
        },
    )
    url = forms.CharField(
        label="Website (optional)",
        required=False,
        max_length=300,
        validators=[web_address_validator],
        error_messages=_too_long("Website", 300),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=30,
        validators=[phone_validator],
        error_messages=_too_long("Phone number", 30),
    )

    @classmethod
    def initial_for(cls, service: SupportService) -> dict[str, Any]:
        return {
            name: getattr(service, name)
            for name in ("name", "category", "description", "url", "phone")
        }

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        return ServiceDetails(
            name=data["name"],
            category=data["category"],
            description=data["description"],
            url=data["url"],
            phone=data["phone"],
        )


class TierNamesForm(GovukForm):
    """A name and a description for each of tiers 1 to 4."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for tier in TIERS:
            self.fields[f"tier_{tier}_name"] = forms.CharField(
                label=f"Name of tier {tier}",
                max_length=80,
                error_messages={
                    "required": f"Enter a name for tier {tier}",
                    **_too_long(f"Name of tier {tier}", 80),
                },
            )
            self.fields[f"tier_{tier}_description"] = forms.CharField(
                label=f"Description of tier {tier} (optional)",
                required=False,
                max_length=600,
                widget=forms.Textarea(attrs={"govuk_rows": 3}),
                error_messages=_too_long(f"Description of tier {tier}", 600),
            )

    @classmethod
    def initial_for(cls, names: list[TierName]) -> dict[str, str]:
        initial = {}
        for tier in names:
            initial[f"tier_{tier.tier}_name"] = tier.name
            initial[f"tier_{tier.tier}_description"] = tier.description
        return initial

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(t, self[f"tier_{t}_name"], self[f"tier_{t}_description"]) for t in TIERS]

    def names(self) -> list[TierName]:
        data = self.cleaned_data
        return [
            TierName(
                tier,
                data[f"tier_{tier}_name"],
                data[f"tier_{tier}_description"],
            )
            for tier in TIERS
        ]


class SetTierForm(GovukForm):
    tier = forms.TypedChoiceField(
        label="Tier",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a tier", "invalid_choice": "Select a tier"},
    )
    effective_on = GovukDateField(
        label="Date the tier applies from",
        required_message="Enter the date the tier applies from",
        help_text="For example, 3 3 2026",
    )
    note = forms.CharField(
        label="Why has the tier changed?",
        max_length=200,
        widget=forms.Textarea(attrs={"govuk_rows": 3}),
        help_text="Do not include the pupil's name. Shown on the pupil's timeline.",
        error_messages={
            "required": "Enter why the tier has changed",
            **_too_long("Why the tier has changed", 200),
        },
    )

    def __init__(self, *args: Any, names: list[TierName], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        tier_field = cast(forms.TypedChoiceField, self.fields["tier"])
        tier_field.choices = [(t.tier, t.label) for t in names]

    def clean_effective_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["effective_on"]
        if value > self.today:
            raise forms.ValidationError("Date the tier applies from must be today or in the past")
        if value < self.today - dt.timedelta(days=366 * 5):
            raise forms.ValidationError(
                "Date the tier applies from must be within the last 5 years"
            )
        return value
