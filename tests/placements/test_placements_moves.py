"""Moving a placement on from its page (agree, start, end) past the guards; the LA officer's
compliance override; the Virtual School step; the pupil page's placements and a part-time
timetable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.organisations.models import LocalAuthority
from inclusion.placements.models import Placement, PlacementStatus
from tests.factories import ProviderFactory, PupilFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page
from tests.placements.factories import place
from tests.placements.factories_placements import (
    county_placement,
    school_placement,
    signed_assessment,
    site_of,
    today,
)

pytestmark = pytest.mark.django_db
Status = Placement.Status


def move_url(placement, to: str) -> str:
    return reverse("placements:transition", kwargs={"pk": placement.pk, "to": to})


def written() -> tuple[int, int]:
    return (
        PlacementStatus.objects.count(),
        AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEW).count(),
    )


def status_of(placement) -> str:
    return Placement.objects.get(pk=placement.pk).status


def lapse(provider) -> None:
    provider.evidence_expires_on = today() - dt.timedelta(days=3)
    provider.save()


# Agree, start, end -------------------------------------------------------------------------


def test_a_coordinator_agrees_a_placement(county, persona_client):
    placement = county_placement(county, hours=10)
    client = persona_client("coordinator")
    assert on_page(client.get(move_url(placement, "agreed")), "Agree the placement")
    response = client.post(move_url(placement, "agreed"), {"note": "Fictional: agreed at forum"})
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:detail", kwargs={"pk": placement.pk})
    assert status_of(placement) == Status.AGREED
    assert placement.history.get(status=Status.AGREED).note == "Fictional: agreed at forum"


def test_the_fifth_full_time_pupil_is_refused_on_the_page(county, persona_client):
    site = site_of(county.provider)
    for _ in range(4):
        place(site=site, hours=25, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=25)
    client = persona_client("coordinator")
    message = (
        "Agreeing this placement would make Skills Barn meet the registration test "
        "(5 of 5 full-time pupils). The placement cannot be agreed"
    )
    assert on_page(client.get(move_url(placement, "agreed")), message)
    before = written()
    assert_govuk_error(client.post(move_url(placement, "agreed"), {}), message)
    assert written() == before
    assert status_of(placement) == Status.PROPOSED


def test_warn_mode_asks_for_a_reason_on_the_page(county, persona_client, settings):
    settings.REGISTRATION_TEST_GUARD = "warn"
    site = site_of(county.provider)
    for _ in range(4):
        place(site=site, hours=25, start_date=today() - dt.timedelta(days=30))
    placement = county_placement(county, site=site, hours=25)
    client = persona_client("coordinator")
    assert 'name="override_reason"' in content(client.get(move_url(placement, "agreed")))
    before = written()
    response = client.post(move_url(placement, "agreed"), {"override_reason": " "})
    assert_govuk_error(
        response, "Enter the reason to agree the placement despite the registration test"
    )
    assert written() == before
    response = client.post(
        move_url(placement, "agreed"), {"override_reason": "Fictional: registering this term"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Status.AGREED
    assert placement.registration_override_reason == "Fictional: registering this term"


def test_lapsed_compliance_refuses_agreement_on_the_page(county, persona_client):
    lapse(county.provider)
    placement = county_placement(county)
    before = written()
    response = persona_client("coordinator").post(move_url(placement, "agreed"), {})
    assert_govuk_error(response, "Skills Barn's compliance evidence has lapsed")
    assert written() == before


def test_a_tier_4_placement_cannot_start_before_the_assessment_is_signed(county, persona_client):
    placement = county_placement(county, status=Status.AGREED, programme_management=True)
    client = persona_client("coordinator")
    before = written()
    response = client.post(move_url(placement, "active"), {})
    assert_govuk_error(response, "cannot become active before the risk assessment is signed")
    assert written() == before
    signed_assessment(county.pupil_a, county.memberships["coordinator"])
    assert client.post(move_url(placement, "active"), {}).status_code == 302
    assert status_of(placement) == Status.ACTIVE


def test_a_move_the_table_does_not_allow_is_refused(county, persona_client):
    placement = county_placement(county)
    client = persona_client("coordinator")
    response = client.get(move_url(placement, "active"))
    assert response.status_code == 200
    assert on_page(response, "This placement is proposed, so it cannot be started")
    before = written()
    assert_govuk_error(
        client.post(move_url(placement, "active"), {}),
        "This placement is proposed, so it cannot be started",
    )
    assert written() == before


@pytest.mark.parametrize("to", ["proposed", "cancelled", "ACTIVE"])
def test_an_unknown_status_is_not_found(county, persona_client, to):
    placement = county_placement(county)
    assert persona_client("coordinator").get(move_url(placement, to)).status_code == 404


def test_ending_an_active_placement(county, persona_client):
    placement = county_placement(county, status=Status.ACTIVE)
    client = persona_client("coordinator")
    data = {"reason": "breakdown", **date_parts("end_date", today()), "note": ""}
    assert client.post(move_url(placement, "ended"), data).status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.end_reason, placement.end_date) == (
        Status.ENDED,
        Placement.EndReason.BREAKDOWN,
        today(),
    )


BAD_ENDINGS = [
    ({"reason": ""}, "Select why the placement ended"),
    ({"reason": "bored"}, "Select why the placement ended"),
    ({"end_date_day": "", "end_date_month": "", "end_date_year": ""}, "Enter the date the"),
    ({"end_date_month": "13"}, "Date the placement ended must be a real date"),
    (date_parts("end_date", today() + dt.timedelta(days=1)), "must be today or in the past"),
    (
        date_parts("end_date", today() - dt.timedelta(days=30)),
        "The end date must be on or after the start date",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_ENDINGS)
def test_bad_endings_write_nothing(county, persona_client, change, message):
    placement = county_placement(county, status=Status.ACTIVE)  # started 14 days ago
    data = {"reason": "completed", **date_parts("end_date", today()), **change}
    before = written()
    assert_govuk_error(
        persona_client("coordinator").post(move_url(placement, "ended"), data), message
    )
    assert written() == before
    assert status_of(placement) == Status.ACTIVE


def test_a_proposed_placement_not_going_ahead_needs_a_reason(county, persona_client):
    placement = county_placement(county)
    client = persona_client("coordinator")
    assert on_page(client.get(move_url(placement, "ended")), "Record that the placement is not")
    before = written()
    assert_govuk_error(
        client.post(move_url(placement, "ended"), {"note": ""}),
        "Enter why the placement is not going ahead",
    )
    assert written() == before
    response = client.post(move_url(placement, "ended"), {"note": "Fictional: family moved"})
    assert response.status_code == 302
    assert status_of(placement) == Status.ENDED


def test_the_school_cannot_move_the_partnerships_placement(county, persona_client):
    placement = county_placement(county)
    client = persona_client("school_a")
    assert client.get(move_url(placement, "agreed")).status_code == 404
    assert client.post(move_url(placement, "agreed"), {}).status_code == 404
    assert status_of(placement) == Status.PROPOSED


def test_the_school_moves_its_own_placement(county, persona_client):
    placement = school_placement(county)
    assert persona_client("school_a").post(move_url(placement, "agreed"), {}).status_code == 302
    assert status_of(placement) == Status.AGREED


@pytest.mark.parametrize("persona", ["school_b", "chair", "la_officer", "provider"])
def test_others_cannot_move_it(county, persona_client, persona):
    placement = county_placement(county, status=Status.AGREED)
    assert persona_client(persona).post(move_url(placement, "active"), {}).status_code == 404
    assert status_of(placement) == Status.AGREED


# The LA officer's compliance override ------------------------------------------------------


def override_url(placement) -> str:
    return reverse("placements:override_compliance", kwargs={"pk": placement.pk})


def test_an_la_officer_overrides_lapsed_compliance_and_it_is_audited(county, persona_client):
    lapse(county.provider)
    placement = county_placement(county)
    officer = persona_client("la_officer")
    assert officer.get(override_url(placement)).status_code == 200
    reason = "Fictional: DBS checks seen on site; insurance renewal in the post"
    response = officer.post(override_url(placement), {"reason": reason})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.compliance_override_reason == reason
    assert placement.compliance_override_by == county.memberships["la_officer"].user
    event = AuditEvent.objects.filter(target_id=str(placement.pk)).latest("at")
    assert event.membership == county.memberships["la_officer"]
    assert sorted(event.changes) == ["compliance_override_by", "compliance_override_reason"]
    assert reason not in str(event.changes)
    # Now the co-ordinator can agree it.
    client = persona_client("coordinator")
    assert client.post(move_url(placement, "agreed"), {}).status_code == 302
    assert status_of(placement) == Status.AGREED


def test_an_override_needs_a_reason(county, persona_client):
    lapse(county.provider)
    placement = county_placement(county)
    before = written()
    assert_govuk_error(
        persona_client("la_officer").post(override_url(placement), {"reason": ""}),
        "Enter why the placement may go ahead although the provider's compliance has lapsed",
    )
    assert written() == before


def test_there_is_nothing_to_override_when_compliance_has_not_lapsed(county, persona_client):
    placement = county_placement(county)
    officer = persona_client("la_officer")
    assert on_page(officer.get(override_url(placement)), "compliance has not lapsed")
    before = written()
    assert_govuk_error(
        officer.post(override_url(placement), {"reason": "Fictional"}),
        "Skills Barn's compliance has not lapsed, so there is nothing to override",
    )
    assert written() == before


def test_an_agreed_placement_has_nothing_to_override(county, persona_client):
    lapse(county.provider)
    placement = county_placement(county, status=Status.AGREED)
    assert_govuk_error(
        persona_client("la_officer").post(override_url(placement), {"reason": "Fictional"}),
        "The placement has already been agreed, so there is nothing to override",
    )


@pytest.mark.parametrize("persona", ["coordinator", "school_a", "chair", "virtual_school"])
def test_only_an_la_officer_overrides(county, persona_client, persona):
    lapse(county.provider)
    placement = county_placement(county)
    response = persona_client(persona).post(override_url(placement), {"reason": "Fictional"})
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.compliance_override_reason == ""


# The Virtual School step -------------------------------------------------------------------


def vs_url(placement) -> str:
    return reverse("placements:virtual_school", kwargs={"pk": placement.pk})


def looked_after(county, care_la: LocalAuthority, **fields):
    pupil = PupilFactory.create(school=county.school_a, looked_after=True, care_la=care_la)
    return county_placement(county, pupil=pupil, status=Status.AGREED, **fields)


def other_authority() -> LocalAuthority:
    found = LocalAuthority.objects.exclude(dfe_code="855").order_by("name").first()
    assert found is not None
    return found


def test_the_leicestershire_virtual_school_approves_and_the_placement_can_start(
    county, persona_client
):
    placement = looked_after(county, county.la)
    client = persona_client("coordinator")
    before = written()
    assert_govuk_error(
        client.post(move_url(placement, "active"), {}), "until the Virtual School of"
    )
    assert written() == before
    vs = persona_client("virtual_school")
    assert vs.get(vs_url(placement)).status_code == 200
    assert (
        vs.post(vs_url(placement), {"note": "Fictional: approved by the head"}).status_code == 302
    )
    placement.refresh_from_db()
    assert placement.virtual_school_step == "approved"
    assert placement.virtual_school_recorded_by == county.memberships["virtual_school"].user
    assert placement.virtual_school_recorded_at is not None
    event = AuditEvent.objects.filter(target_id=str(placement.pk)).latest("at")
    assert "virtual_school_step" in event.changes
    assert client.post(move_url(placement, "active"), {}).status_code == 302
    assert status_of(placement) == Status.ACTIVE


def test_a_coordinator_cannot_approve_for_the_virtual_school(county, persona_client):
    placement = looked_after(county, county.la)
    client = persona_client("coordinator")
    refusal = f"Only the Virtual School of {county.la.name} can approve this placement"
    assert on_page(client.get(vs_url(placement)), refusal)
    before = written()
    assert_govuk_error(client.post(vs_url(placement), {"note": "Fictional"}), refusal)
    assert written() == before


def test_a_coordinator_records_that_another_authoritys_virtual_school_was_told(
    county, persona_client
):
    placement = looked_after(county, other_authority())
    client = persona_client("coordinator")
    before = written()
    assert_govuk_error(
        client.post(vs_url(placement), {"note": ""}),
        "Enter who you told at the Virtual School, when and how",
    )
    assert written() == before
    note = "Fictional: e-mailed the Virtual School head today"
    assert client.post(vs_url(placement), {"note": note}).status_code == 302
    placement.refresh_from_db()
    assert (placement.virtual_school_step, placement.virtual_school_note) == ("notified", note)
    assert client.post(move_url(placement, "active"), {}).status_code == 302


def test_the_step_is_recorded_once(county, persona_client):
    placement = looked_after(county, other_authority(), virtual_school_step="notified")
    response = persona_client("coordinator").post(vs_url(placement), {"note": "Again"})
    assert_govuk_error(response, "The Virtual School step has already been recorded")


def test_a_pupil_not_looked_after_has_no_virtual_school_page(county, persona_client):
    placement = county_placement(county)
    assert persona_client("coordinator").get(vs_url(placement)).status_code == 404


@pytest.mark.parametrize("persona", ["school_a", "la_officer", "chair"])
def test_others_do_not_record_the_virtual_school_step(county, persona_client, persona):
    placement = looked_after(county, county.la)
    assert persona_client(persona).post(vs_url(placement), {"note": "x"}).status_code == 404


# The pupil page and a part-time timetable --------------------------------------------------


def pupil_url(pupil) -> str:
    return reverse("pupils:detail", kwargs={"pk": pupil.pk})


def part_time_url(pupil) -> str:
    return reverse("placements:part_time", kwargs={"pupil_pk": pupil.pk})


def test_the_pupil_page_shows_current_placements_and_hours_against_full_time(
    county, persona_client
):
    county_placement(county, status=Status.ACTIVE, hours=12)
    county_placement(
        county, status=Status.AGREED, hours=6, site=site_of(ProviderFactory.create(name="Farm"))
    )
    county_placement(county, status=Status.PROPOSED, hours=10)  # not counted yet
    county_placement(county, status=Status.ENDED, hours=20)  # not listed
    response = persona_client("school_a").get(pupil_url(county.pupil_a))
    html = content(response)
    assert "Skills Barn: The yard" in html
    assert "Farm: The yard" in html
    assert "18 hours of 25 hours a week" in html
    assert "Part-time timetable: it needs agreeing" in html
    assert part_time_url(county.pupil_a) in html


def test_full_time_is_not_flagged(county, persona_client):
    county_placement(county, status=Status.ACTIVE, hours=25)
    html = content(persona_client("school_a").get(pupil_url(county.pupil_a)))
    assert "25 hours of 25 hours a week" in html
    assert "Part-time timetable" not in html


def test_no_placements_no_warning(county, persona_client):
    html = content(persona_client("coordinator").get(pupil_url(county.pupil_a)))
    assert "No current placements" in html
    assert "Part-time" not in html


def test_agreeing_a_part_time_timetable(county, persona_client):
    first = county_placement(county, status=Status.ACTIVE, hours=12)
    second = county_placement(county, status=Status.AGREED, hours=6)
    proposed = county_placement(county, status=Status.PROPOSED, hours=6)
    review = today() + dt.timedelta(days=28)
    client = persona_client("school_a")
    assert client.get(part_time_url(county.pupil_a)).status_code == 200
    response = client.post(
        part_time_url(county.pupil_a), {**date_parts("review_on", review), "agreed": "on"}
    )
    assert response.status_code == 302
    for placement in (first, second):
        placement.refresh_from_db()
        assert placement.part_time_review_on == review
        assert placement.part_time_agreed_by == county.memberships["school_a"].user
        event = AuditEvent.objects.filter(target_id=str(placement.pk)).latest("at")
        assert sorted(event.changes) == ["part_time_agreed_by", "part_time_review_on"]
    proposed.refresh_from_db()
    assert proposed.part_time_review_on is None
    html = content(client.get(pupil_url(county.pupil_a)))
    assert "Part-time timetable agreed, to be reviewed on" in html
    assert "it needs agreeing" not in html


BAD_AGREEMENTS = [
    ({"agreed": ""}, "Confirm that the part-time timetable has been agreed"),
    (date_parts("review_on", None), "Enter the date to review the part-time timetable"),
    (date_parts("review_on", today()), "The review date must be in the future"),
    ({"review_on_day": "32"}, "must be a real date"),
]


@pytest.mark.parametrize(("change", "message"), BAD_AGREEMENTS)
def test_bad_agreements_write_nothing(county, persona_client, change, message):
    placement = county_placement(county, status=Status.ACTIVE, hours=12)
    data = {**date_parts("review_on", today() + dt.timedelta(days=20)), "agreed": "on", **change}
    if data["agreed"] == "":
        del data["agreed"]
    before = written()
    assert_govuk_error(
        persona_client("school_a").post(part_time_url(county.pupil_a), data), message
    )
    assert written() == before
    placement.refresh_from_db()
    assert placement.part_time_review_on is None


def test_a_full_time_timetable_has_nothing_to_agree(county, persona_client):
    county_placement(county, status=Status.ACTIVE, hours=25)
    data = {**date_parts("review_on", today() + dt.timedelta(days=20)), "agreed": "on"}
    before = written()
    assert_govuk_error(
        persona_client("school_a").post(part_time_url(county.pupil_a), data),
        "The pupil's timetable is not part time, so there is nothing to agree",
    )
    assert written() == before


@pytest.mark.parametrize("persona", ["school_b", "chair", "la_officer", "virtual_school"])
def test_others_cannot_agree_a_part_time_timetable(county, persona_client, persona):
    county_placement(county, status=Status.ACTIVE, hours=12)
    data = {**date_parts("review_on", today() + dt.timedelta(days=20)), "agreed": "on"}
    assert persona_client(persona).post(part_time_url(county.pupil_a), data).status_code == 404


def test_the_pupils_placements_page_lists_ended_ones_too(county, persona_client):
    ended = county_placement(county, status=Status.ENDED, hours=6)
    current = county_placement(county, status=Status.ACTIVE, hours=6)
    url = reverse("placements:pupil", kwargs={"pupil_pk": county.pupil_a.pk})
    html = content(persona_client("chair").get(url))
    assert "Ended placements" in html
    detail = reverse("placements:detail", kwargs={"pk": ended.pk})
    assert detail in html
    assert reverse("placements:detail", kwargs={"pk": current.pk}) in html
    assert persona_client("school_b").get(url).status_code == 404


def pupil_page_queries(client, pupil) -> int:
    client.get(pupil_url(pupil))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(pupil_url(pupil))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer"])
def test_the_pupil_page_keeps_a_constant_query_count(county, persona_client, persona):
    client = persona_client(persona)
    county_placement(county, status=Status.ACTIVE, hours=6)
    one = pupil_page_queries(client, county.pupil_a)
    for n in range(4):
        county_placement(
            county,
            status=Status.AGREED if n % 2 else Status.PROPOSED,
            hours=3,
            site=site_of(ProviderFactory.create(name=f"Farm {n}")),
            part_time_agreed_by=county.memberships["school_a"].user,
            part_time_review_on=today() + dt.timedelta(days=10),
        )
    assert pupil_page_queries(client, county.pupil_a) == one
