"""The public advice pages: no sign-in, partnership contacts and forthcoming forum dates (never
an online link), guidance pages (unpublished ones are 404), the support services list."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.core.templatetags.govuk import govuk_date
from inclusion.guidance.models import GuidancePage, SupportService
from inclusion.organisations.models import Partnership
from inclusion.pupils.models import TierDefinition
from tests.conftest import County
from tests.factories import PartnershipFactory
from tests.forums.factories import make_meeting
from tests.helpers import content, on_page

INDEX = reverse("guidance:index")
SERVICES = reverse("guidance:services")
SECRET_LINK = "https://meet.example.org/secret-room-4471"


def public_get(url: str) -> Any:
    """GET as someone who is not signed in."""
    return Client().get(url)


def publish_contacts(partnership: Partnership) -> None:
    partnership.public_contact_name = "Partnership office"
    partnership.public_email = "office@example.org"
    partnership.public_phone = "01632 960999"
    partnership.save()


def partnership_url(county: County) -> str:
    return reverse("guidance:partnership", kwargs={"pk": county.partnership.pk})


def test_index_needs_no_sign_in_and_lists_guidance_and_services(county):
    response = public_get(INDEX)
    assert response.status_code == 200
    assert on_page(response, "Inclusion Forums")
    assert reverse("guidance:page", kwargs={"slug": "fair-access"}) in content(response)
    assert SERVICES in content(response)


def test_index_shows_each_partnership_with_its_public_contact(county):
    publish_contacts(county.partnership)
    response = public_get(INDEX)
    assert on_page(response, county.partnership.name)
    assert on_page(response, county.other_partnership.name)
    assert on_page(response, "Partnership office")
    assert 'href="mailto:office@example.org"' in content(response)
    assert on_page(response, "01632 960999")
    assert partnership_url(county) in content(response)


def test_forthcoming_dates_show_date_time_and_place(county):
    by = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=by, days_ahead=10)
    response = public_get(partnership_url(county))
    assert response.status_code == 200
    assert on_page(response, govuk_date(meeting.starts_at))
    assert on_page(response, "9:30am to 11:30am")
    assert on_page(response, "Fictional Community Hall, Hinckley")


def test_online_meetings_show_online_and_never_the_link(county):
    by = county.memberships["coordinator"].user
    make_meeting(
        partnership=county.partnership, by=by, days_ahead=5, location="", online_link=SECRET_LINK
    )
    make_meeting(
        partnership=county.partnership,
        by=by,
        days_ahead=6,
        location="Fictional Library",
        online_link=SECRET_LINK,
    )
    for url in (INDEX, partnership_url(county)):
        response = public_get(url)
        assert "Online" in content(response)
        assert "secret-room" not in content(response)
        assert "meet.example.org" not in content(response)


def test_past_and_cancelled_meetings_are_not_shown(county):
    by = county.memberships["coordinator"].user
    make_meeting(partnership=county.partnership, by=by, days_ahead=-3, location="Past Hall")
    make_meeting(
        partnership=county.partnership,
        by=by,
        days_ahead=4,
        location="Cancelled Hall",
        is_cancelled=True,
    )
    make_meeting(partnership=county.partnership, by=by, days_ahead=8, location="Future Hall")
    response = public_get(partnership_url(county))
    assert on_page(response, "Future Hall")
    assert not on_page(response, "Past Hall")
    assert not on_page(response, "Cancelled Hall")


def test_each_partnership_shows_only_its_own_dates(county):
    by = county.memberships["coordinator"].user
    make_meeting(partnership=county.other_partnership, by=by, days_ahead=8, location="Melton Hall")
    make_meeting(partnership=county.partnership, by=by, days_ahead=8, location="Hinckley Hall")
    response = public_get(partnership_url(county))
    assert on_page(response, "Hinckley Hall")
    assert not on_page(response, "Melton Hall")


def test_index_shows_the_next_three_dates_and_says_how_many_more(county):
    by = county.memberships["coordinator"].user
    for n in range(5):
        make_meeting(
            partnership=county.partnership, by=by, days_ahead=7 * (n + 1), location=f"Hall {n}"
        )
    response = public_get(INDEX)
    assert on_page(response, "Hall 2")
    assert not on_page(response, "Hall 3")
    assert on_page(response, "(2 more dates)")
    assert on_page(public_get(partnership_url(county)), "Hall 4")


def test_partnership_page_shows_default_tiers_until_named(county):
    response = public_get(partnership_url(county))
    assert on_page(response, "Tier 1: Universal support in school")
    assert on_page(response, "Tier 4: Programme Management")
    TierDefinition.objects.create(
        partnership=county.partnership, tier=3, name="Forum support", description="Agreed at IF."
    )
    response = public_get(partnership_url(county))
    assert on_page(response, "Tier 3: Forum support")
    assert on_page(response, "Agreed at IF.")


def test_unknown_partnership_is_404(county):
    url = reverse("guidance:partnership", kwargs={"pk": "00000000-0000-0000-0000-000000000000"})
    assert public_get(url).status_code == 404


def test_guidance_page_renders_sanitised_markdown(county):
    GuidancePage.objects.create(
        slug="hostile",
        title="A hostile page",
        body="## Heading\n\nText <script>alert(1)</script><img src=x onerror=alert(1)>"
        "[x](javascript:alert(2))",
    )
    response = public_get(reverse("guidance:page", kwargs={"slug": "hostile"}))
    assert response.status_code == 200
    html = content(response)
    assert '<h2 class="govuk-heading-m">Heading</h2>' in html
    assert "alert(" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_unpublished_page_is_404_to_the_public(county, persona_client):
    GuidancePage.objects.create(
        slug="draft-page", title="Draft", body="Not yet", is_published=False
    )
    url = reverse("guidance:page", kwargs={"slug": "draft-page"})
    assert public_get(url).status_code == 404
    assert persona_client("coordinator").get(url).status_code == 404  # editors use the history
    assert not on_page(public_get(INDEX), "Draft")


def test_unknown_page_is_404(county):
    assert public_get(reverse("guidance:page", kwargs={"slug": "no-such-page"})).status_code == 404


def test_services_are_grouped_by_category_with_links_and_phone_numbers(county):
    response = public_get(SERVICES)
    assert response.status_code == 200
    assert on_page(response, "Emotional wellbeing and mental health")
    assert on_page(response, "Harbour Wellbeing Service (fictional)")
    assert 'href="https://harbour-wellbeing.example.org"' in content(response)
    assert on_page(response, "01632 960101")


def test_inactive_services_are_not_listed(county):
    SupportService.objects.filter(name__startswith="Harbour").update(is_active=False)
    response = public_get(SERVICES)
    assert not on_page(response, "Harbour Wellbeing Service")
    assert on_page(response, "Steady Steps Family Hub")


def queries(url: str) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_data(county: County, n: int, start: int) -> None:
    by = county.memberships["coordinator"].user
    for i in range(start, start + n):
        partnership = PartnershipFactory.create()
        make_meeting(partnership=partnership, by=by, days_ahead=i + 1)
        make_meeting(partnership=county.partnership, by=by, days_ahead=i + 1)
        GuidancePage.objects.create(slug=f"extra-{i}", title=f"Extra {i}", body="Text")
        SupportService.objects.create(
            name=f"Service {i}", category="other", description="Help", url="https://example.org"
        )


def test_public_pages_keep_a_constant_query_count(county):
    urls = [INDEX, SERVICES, partnership_url(county)]
    add_data(county, 1, 0)
    small = [queries(url) for url in urls]
    add_data(county, 10, 1)
    assert [queries(url) for url in urls] == small
