"""The LA page of the registration test: unregistered and online providers by headroom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.providers.models import Provider
from tests.factories import ProviderFactory, ProviderSiteFactory, PupilFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.placements.factories import place

PAGE = reverse("providers:registration_test")
FULL_TIME = 25


def _today() -> dt.date:
    return timezone.localdate()


def _with_full_timers(provider: Provider, count: int, **fields) -> Provider:
    site = ProviderSiteFactory.create(provider=provider)
    for _ in range(count):
        place(site=site, hours=FULL_TIME, start_date=_today() - dt.timedelta(days=30), **fields)
    return provider


def _row(html: str, name: str) -> str:
    """The table row that names ``name``."""
    start = html.index(f">{name}</a>")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


@pytest.mark.parametrize("persona", ["coordinator", "la_officer"])
def test_managers_see_every_unregistered_provider_by_headroom(persona_client, county, persona):
    _with_full_timers(county.provider, 4)  # Skills Barn
    meets = _with_full_timers(ProviderFactory.create(name="Birch Motors"), 5)
    online = _with_full_timers(
        ProviderFactory.create(name="Gorse Online", registration=Provider.Registration.ONLINE), 2
    )
    _with_full_timers(
        ProviderFactory.create(
            name="Oak Tree School",
            registration=Provider.Registration.INDEPENDENT_SCHOOL,
            urn="149001",
        ),
        6,
    )
    ProviderFactory.create(name="Hazel Closed", is_active=False)
    response = persona_client(persona).get(PAGE)
    assert response.status_code == 200
    html = content(response)
    assert "Oak Tree School" not in html
    assert "Hazel Closed" not in html
    barn = _row(html, "Skills Barn")
    assert "4 of 5" in barn
    assert "Close to the test" in barn
    birch = _row(html, "Birch Motors")
    assert "5 of 5" in birch
    assert on_page(response, "Meets the test \N{EM DASH} must register or stop")
    assert "govuk-tag--red" in birch
    assert "Meets the test" in birch
    gorse = _row(html, "Gorse Online")
    assert "2 of 5" in gorse
    assert "Below the test" in gorse
    assert "Online provider" in gorse
    # Closest to the test first.
    assert html.index("Birch Motors") < html.index("Skills Barn") < html.index("Gorse Online")
    assert f'href="{reverse("providers:detail", kwargs={"pk": meets.pk})}"' in html
    assert f'href="{reverse("providers:detail", kwargs={"pk": online.pk})}"' in html
    assert on_page(response, "1 provider meets the registration test")


def test_the_page_explains_the_rule_in_force(persona_client, county):
    response = persona_client("coordinator").get(PAGE, {"on": "2026-03-02"})
    assert response.status_code == 200
    assert on_page(response, "The rule on 2 March 2026")
    assert on_page(response, "More than 18 hours a week at the provider")
    assert on_page(response, "5 or more full-time pupils of compulsory school age")
    assert on_page(response, "has an education, health and care (EHC) plan")
    assert on_page(response, "1 November 1996")
    assert on_page(response, "Education Act 1996 s.463")
    assert on_page(response, "Looked after or with an EHC plan")


def test_the_page_explains_the_2026_rule_from_its_date(persona_client, county):
    response = persona_client("coordinator").get(PAGE, {"on": "2026-06-01"})
    assert on_page(response, "has special educational needs (an EHC plan or SEN support)")
    assert on_page(response, "Children's Wellbeing and Schools Act 2026 s.43")
    assert on_page(response, "Looked after or with special educational needs")


def test_a_looked_after_pupil_shows_in_the_count(persona_client, county):
    _with_full_timers(county.provider, 1, pupil=county.pupil_c_looked_after)
    response = persona_client("la_officer").get(PAGE)
    row = _row(content(response), "Skills Barn")
    assert "1 of 5" in row
    assert "Meets the test" in row
    assert "Cara" not in content(response)  # counts, never pupils
    assert "Nowak" not in content(response)


def test_the_date_picker_moves_the_position(persona_client, county):
    site = ProviderSiteFactory.create(provider=county.provider)
    for _ in range(5):
        place(site=site, hours=FULL_TIME, start_date=dt.date(2026, 4, 13))
    client = persona_client("coordinator")
    before = client.get(PAGE, date_parts("on", dt.date(2026, 4, 10)))
    after = client.get(PAGE, date_parts("on", dt.date(2026, 4, 13)))
    assert "0 of 5" in _row(content(before), "Skills Barn")
    assert "5 of 5" in _row(content(after), "Skills Barn")
    assert on_page(after, "Unregistered and online providers on 13 April 2026")
    assert 'name="on_day" type="text" inputmode="numeric" value="13"' in content(after)


def test_compliance_lapsed_shows_for_a_provider_whose_evidence_expired_yesterday(
    persona_client, county
):
    ProviderFactory.create(name="Lapsed Barn", evidence_expires_on=_today() - dt.timedelta(days=1))
    ProviderFactory.create(
        name="Current Barn", evidence_expires_on=_today() + dt.timedelta(days=200)
    )
    html = content(persona_client("coordinator").get(PAGE))
    assert "Compliance lapsed" in _row(html, "Lapsed Barn")
    assert "Evidence in date" in _row(html, "Current Barn")


@pytest.mark.parametrize(
    "persona", ["school_a", "chair", "provider", "virtual_school", "governance", "service_admin"]
)
def test_everyone_else_gets_a_404(persona_client, county, persona):
    assert persona_client(persona).get(PAGE).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"on_day": "31", "on_month": "2", "on_year": "2026"}, None),
        ({"on_day": "1", "on_month": "", "on_year": "2026"}, "Date must include a month"),
        ({"on": "2026-02-31"}, None),
        ({"on": "yesterday"}, None),
        (
            {"on": "1996-10-31"},
            "Date must be on or after 1 November 1996, when the registration test began",
        ),
    ],
)
def test_a_bad_date_is_a_govuk_error(persona_client, county, params, message):
    response = persona_client("coordinator").get(PAGE, params)
    assert_govuk_error(response, message or "Date must be a real date")
    assert "Skills Barn" not in content(response)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE, {"on": _today().isoformat()})
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_providers_and_placements(persona_client, county):
    client = persona_client("la_officer")
    _with_full_timers(county.provider, 2)
    small = _queries(client)
    for n in range(12):
        provider = _with_full_timers(ProviderFactory.create(name=f"Provider {n}"), 3)
        _with_full_timers(provider, 1, pupil=PupilFactory.create(sen_provision="E"))
    ProviderFactory.create_batch(10, registration=Provider.Registration.ONLINE)
    assert _queries(client) == small
