"""Public pages, the error page, the home page per persona and date formatting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from inclusion.core.templatetags.govuk import govuk_date, govuk_datetime
from tests.conftest import PERSONAS
from tests.helpers import (
    content,
    page_title,
)

SERVICE = "Inclusion Partnerships"


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("core:home", "Keep pupils at risk in education"),
        ("core:accessibility", "Accessibility statement"),
        ("core:privacy", "Privacy notice"),
        ("core:cookies", "Cookies"),
    ],
)
def test_public_pages_answer_anonymously(url_name, heading, client, db):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert page_title(response) == f"{heading} \N{EN DASH} {SERVICE}"
    assert "govuk-template" in content(response)
    assert 'href="/account/sign-in/"' in content(response)


def test_healthz_is_plain_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


def test_every_response_has_a_request_id_and_safe_headers(client, db):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_404_page_uses_the_govuk_frame(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = content(response)
    assert page_title(response) == f"Page not found \N{EN DASH} {SERVICE}"
    assert 'class="govuk-template' in html
    assert "govuk-header" in html or "govuk-generic-header" in html
    assert "govuk-footer" in html
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html


def test_out_of_scope_record_gets_the_same_404_page(persona_client, county):
    url = reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    response = persona_client("school_b").get(url)
    assert response.status_code == 404
    assert page_title(response) == f"Page not found \N{EN DASH} {SERVICE}"
    assert county.pupil_a.legal_last_name not in content(response)
    assert "Acting as school staff, Fernhill School" in content(response)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 3, 3), "3 March 2026"),
        (dt.date(2026, 12, 25), "25 December 2026"),
        (dt.date(2012, 5, 17), "17 May 2012"),
        (None, ""),
    ],
)
def test_govuk_date(value, expected):
    assert govuk_date(value) == expected


def test_govuk_datetime_is_local_time():
    summer = dt.datetime(2026, 6, 3, 13, 5, tzinfo=dt.UTC)  # 2:05pm in London (BST)
    winter = dt.datetime(2026, 1, 3, 0, 30, tzinfo=dt.UTC)
    assert govuk_datetime(summer) == "3 June 2026 at 2:05pm"
    assert govuk_datetime(winter) == "3 January 2026 at 12:30am"
    assert govuk_datetime(None) == ""


def test_govuk_date_filter_in_a_template():
    rendered = Template("{{ when|govuk_date }}").render(Context({"when": dt.date(2026, 3, 3)}))
    assert rendered == "3 March 2026"


def test_pupil_page_shows_dates_the_govuk_way(persona_client, county):
    url = reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    response = persona_client("school_a").get(url)
    assert "17 May 2012" in content(response)
    assert "2012-05-17" not in content(response)


def test_timezone_is_london():
    assert str(timezone.get_current_timezone()) == "Europe/London"


HOME_TEXT = {
    "school_a": "You can see 1 pupil.",
    "school_b": "You can see 1 pupil.",
    "coordinator": "You can see 2 pupils.",
    "chair": "You can see 2 pupils.",
    "provider": "You can see 0 pupils.",
    "virtual_school": "You can see 1 pupil.",
    "la_officer": "See who viewed or changed records",
    "governance": "Termly partnership report",
    "service_admin": "There is nothing else for your role to do here yet.",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_for_each_persona(persona, persona_client, county):
    response = persona_client(persona).get(reverse("core:home"))
    assert response.status_code == 200
    assert page_title(response) == f"Home \N{EN DASH} {SERVICE}"
    assert HOME_TEXT[persona] in content(response)
    organisation = county.memberships[persona].organisation
    assert f'<h1 class="govuk-heading-l">{organisation}</h1>' in content(response)


def test_navigation_matches_the_role(persona_client, county):
    school = content(persona_client("school_a").get(reverse("core:home")))
    officer = content(persona_client("la_officer").get(reverse("core:home")))
    governance = content(persona_client("governance").get(reverse("core:home")))
    assert 'href="/pupils/"' in school
    assert 'href="/audit/"' not in school
    assert 'href="/audit/"' in officer
    assert 'href="/pupils/"' not in governance
    assert "Sign out" in governance
    reports = '<a class="govuk-service-navigation__link" href="/reports/partnership/"'
    assert reports in governance
    assert reports in officer
    assert reports not in school
