"""Closing a Fair Access case without a place, and the partnership's list of panel meetings
(issue 8 follow-ups)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.calendar.days import calendars_for
from inclusion.fairaccess import services
from inclusion.fairaccess.models import (
    CaseStatusChange,
    ClosureReason,
    FairAccessCase,
    PanelMeeting,
    Status,
)
from inclusion.fairaccess.presenters import clock_view
from inclusion.fairaccess.selectors import fairness_table
from inclusion.notifications.models import Notification
from tests.fairaccess.factories import TODAY, allocated, at_panel, fa_case
from tests.helpers import assert_govuk_error, content, date_parts, on_page

pytestmark = pytest.mark.django_db
D = dt.date
LIST = reverse("fairaccess:list")
PANELS = reverse("fairaccess:panels")


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def url(name: str, case: FairAccessCase) -> str:
    return reverse(f"fairaccess:{name}", kwargs={"pk": case.pk})


def closing(**overrides: str) -> dict[str, str]:
    data = {
        "reason": ClosureReason.MOVED_AWAY.value,
        "other": "",
        **date_parts("closed_on", D(2026, 2, 27)),
        "notes": "Fictional: the family moved to another county; its admissions team confirmed.",
    }
    data.update(overrides)
    return data


def closure_events(case: FairAccessCase) -> int:
    events = AuditEvent.objects.filter(target_id=str(case.pk), verb=AuditEvent.Verb.UPDATE)
    return sum("closed_on" in event.changes for event in events)


# Closing a case ---------------------------------------------------------------------------------


def test_a_coordinator_closes_an_allocated_case(county, persona_client):
    case = allocated(county, county.school_a, on=D(2026, 2, 10))
    client = persona_client("coordinator")
    page = client.get(url("detail", case))
    assert url("close", case) in content(page)
    response = client.post(url("close", case), closing())
    assert response.status_code == 302
    assert response["Location"] == url("detail", case)
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == (
        Status.CLOSED,
        D(2026, 2, 27),
        ClosureReason.MOVED_AWAY,
    )
    assert case.closure_notes.startswith("Fictional: the family moved")
    assert case.allocated_school == county.school_a  # the record of the decision is kept
    assert list(case.history.values_list("status", flat=True)).count(Status.CLOSED) == 1
    event = AuditEvent.objects.get(target_id=str(case.pk), verb=AuditEvent.Verb.UPDATE)
    assert event.changes == ["closed_on", "closure_notes", "closure_reason", "status"]
    assert "moved" not in str(event.changes)
    messages = set(Notification.objects.values_list("membership__user__email", "message"))
    told = f"Fair Access case {case.reference} has been closed"
    assert messages == {("school_a@example.org", told), ("coordinator@example.org", told)}

    page = client.get(url("detail", case))
    html = content(page)
    assert on_page(page, "Closed on")
    assert on_page(page, "27 February 2026")
    assert on_page(page, "The family moved away from the area")
    assert 'govuk-tag--grey">Closed</strong>' in html
    # Read-only: no action links, and each step's page answers 404.
    for name in ("close", "offer", "attempt_add", "panel", "decide"):
        assert url(name, case) not in html
        assert client.get(url(name, case)).status_code == 404
    assert client.post(url("close", case), closing()).status_code == 404
    with pytest.raises(services.FairAccessError):
        services.attempt_add(
            actor=county.memberships["coordinator"].user,
            membership=county.memberships["coordinator"],
            case=case,
            details=services.AttemptDetails("Fictional Academy", D(2026, 1, 12), "refused_full"),
        )


def test_an_la_officer_closes_an_open_case_for_another_reason(county, persona_client):
    case = fa_case(county, partnership=county.other_partnership)
    client = persona_client("la_officer")
    data = closing(reason=ClosureReason.OTHER.value, other="Fictional: the child went abroad")
    assert client.post(url("close", case), data).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_other) == (Status.CLOSED, "Fictional: the child went abroad")
    assert on_page(client.get(url("detail", case)), "Reason: Fictional: the child went abroad")
    assert "closure_other" in AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE).changes


def test_the_other_reasons_text_is_dropped_for_a_listed_reason(county, persona_client):
    case = fa_case(county)
    data = closing(reason=ClosureReason.HOME_EDUCATED.value, other="Stray text")
    persona_client("coordinator").post(url("close", case), data)
    case.refresh_from_db()
    assert (case.closure_reason, case.closure_other) == (ClosureReason.HOME_EDUCATED, "")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": ""}, "Select why the case is being closed"),
        ({"reason": "bored"}, "Select why the case is being closed"),
        ({"reason": ClosureReason.OTHER.value}, "Enter the other reason for closing the case"),
        ({"reason": ClosureReason.OTHER.value, "other": "x" * 201}, "200 characters or fewer"),
        ({"notes": "   "}, "Enter a note on why the case is being closed"),
        (date_parts("closed_on", None), "Enter the date the case was closed"),
        (date_parts("closed_on", D(2026, 3, 4)), "must be today or in the past"),
        (date_parts("closed_on", D(2026, 1, 30)), "on or after the decision to use the protocol"),
    ],
)
def test_bad_input_is_a_govuk_error_and_writes_nothing(county, persona_client, overrides, message):
    case = fa_case(county)  # decided on 2 February 2026
    response = persona_client("coordinator").post(url("close", case), closing(**overrides))
    assert_govuk_error(response, message)
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == (Status.OPEN, None, "")
    assert not CaseStatusChange.objects.filter(status=Status.CLOSED).exists()
    assert closure_events(case) == 0
    assert not Notification.objects.exists()


def test_a_started_case_cannot_be_closed(county, persona_client):
    case = allocated(county, county.school_a)
    case.offered_on, case.starts_on, case.status = D(2026, 2, 23), D(2026, 3, 2), Status.STARTED
    case.save()
    client = persona_client("coordinator")
    assert url("close", case) not in content(client.get(url("detail", case)))
    assert client.get(url("close", case)).status_code == 404
    assert client.post(url("close", case), closing()).status_code == 404
    coordinator = county.memberships["coordinator"]
    with pytest.raises(services.FairAccessError, match="cannot be closed"):
        services.case_close(
            actor=coordinator.user,
            membership=coordinator,
            case=case,
            details=services.ClosureDetails(D(2026, 3, 3), ClosureReason.MOVED_AWAY, "", "Note"),
        )
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.STARTED, None)
    assert closure_events(case) == 0


def test_a_case_on_a_panel_agenda_can_be_closed(county, persona_client):
    case = at_panel(county, fa_case(county), D(2026, 2, 12))
    persona_client("coordinator").post(url("close", case), closing())
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.panel is not None
    agenda = persona_client("chair").get(reverse("fairaccess:panel_detail", args=[case.panel.pk]))
    assert on_page(agenda, case.reference)
    assert 'govuk-tag--grey">Closed</strong>' in content(agenda)


@pytest.mark.parametrize(
    ("persona", "where"),
    [
        ("coordinator", "other"),  # another partnership's case
        ("chair", "own"),  # reads only
        ("school_a", "own"),  # the allocated school's staff
        ("virtual_school", "own"),
        ("provider", "own"),
    ],
)
def test_closing_out_of_scope_is_404_and_changes_nothing(county, persona_client, persona, where):
    partnership = county.partnership if where == "own" else county.other_partnership
    school = county.school_a if where == "own" else county.school_c
    case = allocated(county, school)
    if where == "other":
        case.partnership = partnership
        case.save()
    client = persona_client(persona)
    assert client.get(url("close", case)).status_code == 404
    assert client.post(url("close", case), closing()).status_code == 404
    case.refresh_from_db()
    assert case.status == Status.ALLOCATED
    assert closure_events(case) == 0


def test_a_closed_case_of_another_partnership_stays_out_of_sight(county, persona_client):
    case = fa_case(county, partnership=county.other_partnership)
    persona_client("la_officer").post(url("close", case), closing())
    client = persona_client("coordinator")
    assert client.get(url("detail", case)).status_code == 404
    assert case.reference not in content(client.get(LIST))


# Off the clock and out of the fairness table ----------------------------------------------------


def test_a_closed_case_is_never_overdue_and_is_listed_last_with_a_grey_tag(county, persona_client):
    # Decided on 12 January 2026: due 9 February, so overdue on 3 March if it were still open.
    late = fa_case(county, legal_last_name="Closedone", protocol_decided_on=D(2026, 1, 12))
    fa_case(county, legal_last_name="Recent", protocol_decided_on=D(2026, 3, 2))
    client = persona_client("coordinator")
    assert "Overdue</strong>" in content(client.get(LIST))
    client.post(url("close", late), closing())
    late.refresh_from_db()
    view = clock_view(late, calendars_for([county.partnership.local_authority]), TODAY)
    assert (view.clock, view.closed, view.tag) == (None, True, ("Closed", "govuk-tag--grey"))
    page = client.get(LIST)
    html = content(page)
    assert "Overdue</strong>" not in html
    assert html.index("Recent") < html.index("Closedone")
    assert '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' in html
    assert on_page(page, "Closed on 27 February 2026")


def test_the_fairness_table_does_not_count_a_closed_case(county, persona_client):
    kept = allocated(county, county.school_a)
    gone = allocated(county, county.school_a)
    persona_client("coordinator").post(url("close", gone), closing())
    case = at_panel(county, fa_case(county), TODAY)
    rows = {row.school: row for row in fairness_table(case, today=TODAY).rows}
    assert rows[county.school_a].fair_access == 1
    assert kept.status == Status.ALLOCATED


# The panel meetings list ------------------------------------------------------------------------


def panel(county, partnership, meets_on: dt.date, cases: int = 0) -> PanelMeeting:
    meeting = PanelMeeting.objects.create(
        partnership=partnership,
        meets_on=meets_on,
        created_by=county.memberships["coordinator"].user,
    )
    for _ in range(cases):
        case = fa_case(county, partnership=partnership)
        case.panel, case.status = meeting, Status.AT_PANEL
        case.save()
    return meeting


def test_the_coordinator_sees_upcoming_and_past_meetings_with_their_agendas(county, persona_client):
    past = panel(county, county.partnership, D(2026, 2, 12), cases=2)
    older = panel(county, county.partnership, D(2026, 1, 15), cases=0)
    soon = panel(county, county.partnership, D(2026, 3, 12), cases=1)
    today = panel(county, county.partnership, TODAY, cases=3)
    elsewhere = panel(county, county.other_partnership, D(2026, 3, 19), cases=1)
    client = persona_client("coordinator")
    assert PANELS in content(client.get(LIST))
    page = client.get(PANELS)
    html = content(page)
    upcoming, _, earlier = html.partition("Past meetings")
    for meeting in (today, soon):
        assert reverse("fairaccess:panel_detail", args=[meeting.pk]) in upcoming
    for meeting in (past, older):
        assert reverse("fairaccess:panel_detail", args=[meeting.pk]) in earlier
    assert upcoming.index("3 March 2026") < upcoming.index("12 March 2026")  # soonest first
    assert earlier.index("12 February 2026") < earlier.index("15 January 2026")  # latest first
    assert reverse("fairaccess:panel_detail", args=[elsewhere.pk]) not in html
    assert "Melton and Rutland" not in html
    cells = [
        part.split("<")[0]
        for part in html.split('class="govuk-table__cell govuk-table__cell--numeric">')[1:]
    ]
    assert cells == ["3", "1", "2", "0"]


def test_the_la_officer_sees_every_partnership_named(county, persona_client):
    panel(county, county.partnership, D(2026, 3, 12), cases=1)
    panel(county, county.other_partnership, D(2026, 3, 12), cases=2)
    page = persona_client("la_officer").get(PANELS)
    assert on_page(page, "Hinckley and Bosworth Partnership")
    assert on_page(page, "Melton and Rutland Partnership")
    assert content(page).count("12 March 2026") == 2


def test_the_chair_reads_the_list_and_others_get_404(county, persona_client):
    panel(county, county.partnership, D(2026, 3, 12))
    assert on_page(persona_client("chair").get(PANELS), "12 March 2026")
    for persona in ("school_a", "virtual_school", "provider", "governance"):
        assert persona_client(persona).get(PANELS).status_code == 404
    assert PANELS not in content(persona_client("school_a").get(LIST))


def test_the_panel_list_keeps_its_query_count(county, persona_client):
    client = persona_client("la_officer")
    counts = []
    day = iter(range(1, 29))
    for n in (1, 3):
        for _ in range(n):
            for partnership in (county.partnership, county.other_partnership):
                panel(county, partnership, D(2026, 2, next(day)), cases=2)
                panel(county, partnership, D(2026, 4, next(day)), cases=1)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PANELS).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
