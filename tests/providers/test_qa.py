"""Quality assurance visits: recording one on the shared template, reading it area by area,
actions, the derived QA status, and who may see and do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.providers.models import QaAction, QaJudgement, QaVisit
from inclusion.providers.qa_template import AREAS, ITEMS
from inclusion.providers.services.status import refresh_provider_status
from inclusion.providers.status import QaStatus, qa_status_of
from tests.factories import EvidenceFactory, ProviderFactory, qa_visit
from tests.helpers import assert_govuk_error, content, date_parts, on_page

TODAY = dt.date.today()
FIRST = AREAS[0].items[0]


def visit_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **date_parts("visited_on", TODAY - dt.timedelta(days=2)),
        "visitors": "J. Patel, Inclusion co-ordinator",
        "overall_rating": "partly",
        "summary": "Warm relationships; the fire risk assessment is out of date.",
    }
    for code in ITEMS:
        data[f"judgement_{code}"] = "met"
        data[f"evidence_{code}"] = ""
    data["judgement_hs-premises"] = "partly"
    data["evidence_hs-premises"] = "Fire risk assessment dated 2019 seen on the office wall."
    for n in (1, 2, 3):
        data |= {f"action_{n}_description": "", f"action_{n}_owner": ""}
        data |= date_parts(f"action_{n}_due_on", None)
    data |= {
        "action_1_description": "Commission a new fire risk assessment",
        "action_1_owner": "Centre manager",
        **date_parts("action_1_due_on", TODAY + dt.timedelta(days=30)),
    }
    return data | overrides


@pytest.fixture
def coordinator(persona_client):
    return persona_client("coordinator")


def record_url(county) -> str:
    return reverse("providers:qa_record", kwargs={"pk": county.provider.pk})


def test_a_coordinator_records_a_visit_on_the_template(county, coordinator):
    response = coordinator.post(record_url(county), visit_form())
    visit = QaVisit.objects.get(provider=county.provider)
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:qa_detail", kwargs={"pk": visit.pk})
    assert visit.judgements.count() == len(ITEMS)
    premises = visit.judgements.get(item="hs-premises")
    assert premises.judgement == QaJudgement.Judgement.PARTLY_MET
    assert "2019" in premises.evidence
    action = visit.actions.get()
    assert (action.owner, action.due_on) == ("Centre manager", TODAY + dt.timedelta(days=30))
    county.provider.refresh_from_db()
    assert county.provider.last_qa_visit_on == TODAY - dt.timedelta(days=2)
    assert county.provider.last_qa_rating == "partly"
    event = AuditEvent.objects.get(verb="qa.visit_recorded")
    assert event.target_id == str(visit.pk)
    assert event.get_verb_display() == "QA visit recorded"  # as the audit page shows it
    assert "2019" not in str(event.changes)


def test_the_form_lists_every_area_and_item(county, coordinator):
    html = content(coordinator.get(record_url(county)))
    for area in AREAS:
        assert area.title in html
    assert html.count('type="radio" value="not_seen"') == len(ITEMS)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({f"judgement_{FIRST.code}": ""}, f"Select a judgement for “{FIRST.text}”"),
        ({f"judgement_{FIRST.code}": "excellent"}, f"Select a judgement for “{FIRST.text}”"),
        ({"visitors": ""}, "Enter who visited"),
        ({"overall_rating": ""}, "Select the overall rating"),
        (date_parts("visited_on", None), "Enter the date of the visit"),
        (
            date_parts("visited_on", TODAY + dt.timedelta(days=1)),
            "The date of the visit must be today or in the past",
        ),
        (
            {"overall_rating": "meets", "judgement_ed-progress": "not_met"},
            "The overall rating cannot be “Meets the standards” when an item is not met",
        ),
        ({"action_1_owner": ""}, "Enter who will do action 1"),
        (date_parts("action_1_due_on", None), "Enter the due date of action 1"),
        (
            date_parts("action_1_due_on", TODAY - dt.timedelta(days=10)),
            "The due date of action 1 must be on or after the date of the visit",
        ),
        ({"action_2_owner": "Someone"}, "Enter what action 2 is"),
        ({"evidence_sg-dsl": "x" * 2001}, "must be 2,000 characters or fewer"),
        ({"visited_on_day": "31", "visited_on_month": "2"}, "must be a real date"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(county, coordinator, overrides, message):
    response = coordinator.post(record_url(county), visit_form(**overrides))
    assert_govuk_error(response, message)
    assert not QaVisit.objects.exists()
    assert not AuditEvent.objects.filter(verb="qa.visit_recorded").exists()


def test_a_school_reads_the_judgements_area_by_area(county, persona_client):
    visit = qa_visit(provider=county.provider, overall_rating="partly")
    visit.judgements.filter(item="ad-attendance").update(
        judgement="not_met", evidence="Registers kept weekly, not by session."
    )
    school = persona_client("school_a")
    listing = school.get(reverse("providers:qa_list", kwargs={"pk": county.provider.pk}))
    assert listing.status_code == 200
    assert on_page(listing, "Partly meets the standards")
    page = school.get(reverse("providers:qa_detail", kwargs={"pk": visit.pk}))
    assert page.status_code == 200
    for area in AREAS:
        assert on_page(page, area.title)
    assert on_page(page, ITEMS["ad-attendance"][1].text)
    assert on_page(page, "Registers kept weekly, not by session.")
    assert on_page(page, "4 met, 1 not met")  # the admissions area's five items
    assert "Record a QA visit" not in content(page)
    assert "Mark as done" not in content(page)


def test_provider_staff_see_only_their_own_providers_reports(county, persona_client):
    other = qa_visit(provider=ProviderFactory.create(name="Elsewhere Ltd"))
    own = qa_visit(provider=county.provider)
    staff = persona_client("provider")
    assert staff.get(reverse("providers:qa_detail", kwargs={"pk": own.pk})).status_code == 200
    assert staff.get(reverse("providers:qa_detail", kwargs={"pk": other.pk})).status_code == 404
    listing = reverse("providers:qa_list", kwargs={"pk": other.provider.pk})
    assert staff.get(listing).status_code == 404


def test_a_retired_item_still_shows_on_old_visits(county, persona_client):
    visit = qa_visit(provider=county.provider)
    QaJudgement.objects.create(visit=visit, item="old-question", judgement="met")
    page = persona_client("school_a").get(reverse("providers:qa_detail", kwargs={"pk": visit.pk}))
    assert on_page(page, "Other items")
    assert on_page(page, "old-question")


def test_an_action_is_marked_done_once(county, coordinator):
    visit = qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=5))
    action = QaAction.objects.create(
        visit=visit, description="Update the risk assessment", owner="Manager", due_on=TODAY
    )
    url = reverse("providers:qa_action_complete", kwargs={"pk": action.pk})
    early = coordinator.post(url, date_parts("completed_on", TODAY - dt.timedelta(days=6)))
    assert_govuk_error(early, "The date completed must be on or after the date of the visit")
    response = coordinator.post(url, date_parts("completed_on", TODAY))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == TODAY
    assert AuditEvent.objects.filter(verb="qa.action_completed").count() == 1
    again = coordinator.post(url, date_parts("completed_on", TODAY), follow=True)
    assert on_page(again, "That action is already marked as done")
    assert AuditEvent.objects.filter(verb="qa.action_completed").count() == 1


def test_qa_status_comes_from_the_latest_visit_and_the_evidence(county, persona_client):
    provider = county.provider
    qa_visit(provider=provider, visited_on=TODAY - dt.timedelta(days=400))
    qa_visit(provider=provider, visited_on=TODAY - dt.timedelta(days=10), overall_rating="not_met")
    refresh_provider_status(provider=provider)
    assert qa_status_of(provider, TODAY) is QaStatus.NOT_MET
    EvidenceFactory.create(provider=provider, expires_on=TODAY - dt.timedelta(days=1))
    refresh_provider_status(provider=provider)
    assert qa_status_of(provider, TODAY) is QaStatus.LAPSED
    page = persona_client("school_a").get(reverse("providers:qa_list", kwargs={"pk": provider.pk}))
    assert on_page(page, "Compliance lapsed")


def test_a_visit_more_than_a_year_ago_is_overdue(county):
    qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=366))
    refresh_provider_status(provider=county.provider)
    assert qa_status_of(county.provider, TODAY) is QaStatus.OVERDUE


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_report_pages_keep_a_constant_query_count(county, persona_client):
    school = persona_client("school_a")
    listing = reverse("providers:qa_list", kwargs={"pk": county.provider.pk})
    visit = qa_visit(provider=county.provider)
    detail = reverse("providers:qa_detail", kwargs={"pk": visit.pk})
    small = (_queries(school, listing), _queries(school, detail))
    for days in range(30, 130, 10):
        extra = qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=days))
        QaAction.objects.create(visit=extra, description="Act", owner="Owner", due_on=TODAY)
        QaAction.objects.create(visit=visit, description="Act", owner="Owner", due_on=TODAY)
    assert (_queries(school, listing), _queries(school, detail)) == small


def test_the_provider_page_summarises_the_latest_visit_by_area(county, persona_client):
    qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=200))
    latest = qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=3))
    latest.judgements.filter(item="hs-premises").update(judgement="not_met")
    page = persona_client("school_a").get(
        reverse("providers:detail", kwargs={"pk": county.provider.pk})
    )
    assert on_page(page, "4 met, 1 not met")  # health and safety, latest visit only
    assert reverse("providers:qa_detail", kwargs={"pk": latest.pk}) in content(page)


def test_an_open_action_past_its_due_date_is_overdue(county, persona_client):
    visit = qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=40))
    QaAction.objects.create(
        visit=visit, description="Renew insurance", owner="Manager", due_on=TODAY - dt.timedelta(1)
    )
    page = persona_client("coordinator").get(
        reverse("providers:qa_detail", kwargs={"pk": visit.pk})
    )
    assert on_page(page, "Overdue")
