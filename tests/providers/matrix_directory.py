"""Permission-matrix entries for the directory's search, provider page and editing pages."""

from __future__ import annotations

from typing import Any

from inclusion.providers.models import RegistrationChange
from tests.conftest import County
from tests.factories import ProviderContactFactory, ProviderSiteFactory
from tests.matrix import Entry, statuses

# Everyone who works with pupils reads the directory; governance and administrators do not.
READERS = statuses(200, governance=404, service_admin=404)
# Co-ordinators and LA officers change any provider; provider staff change their own.
CHANGERS = statuses(404, coordinator=200, la_officer=200, provider=200)
MANAGERS = statuses(404, coordinator=200, la_officer=200)


def provider(county: County) -> dict[str, Any]:
    return {"pk": county.provider.pk}


def site(county: County) -> dict[str, Any]:
    return {"pk": ProviderSiteFactory.create(provider=county.provider).pk}


def contact(county: County) -> dict[str, Any]:
    return {"pk": ProviderContactFactory.create(provider=county.provider).pk}


def registration_change(county: County) -> dict[str, Any]:
    change = RegistrationChange.objects.create(
        provider=county.provider,
        registration="independent_school",
        urn="149999",
        reason="Registered with the DfE",
        requested_by=county.memberships["provider"].user,
    )
    return {"pk": change.pk}


ENTRIES: dict[str, Entry] = {
    "providers:list": Entry(READERS),
    "providers:create": Entry(MANAGERS),
    "providers:detail": Entry(READERS, provider),
    "providers:edit": Entry(CHANGERS, provider),
    "providers:site_add": Entry(CHANGERS, provider),
    "providers:site_edit": Entry(CHANGERS, site),
    "providers:contact_add": Entry(CHANGERS, provider),
    "providers:contact_edit": Entry(CHANGERS, contact),
    "providers:contact_remove": Entry(CHANGERS, contact),
    "providers:registration_change_request": Entry(statuses(404, provider=200), provider),
    "providers:registration_change_review": Entry(MANAGERS, registration_change),
}
