"""Off-site directions: the notice rule, reviews, review requests, dual registration, outcomes
and the roll change, the receiving school's read-only view, scope and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.moves import selectors
from inclusion.moves.models import ManagedMove, OffsiteDirection, ReviewRequest
from inclusion.providers.models import Provider
from tests.factories import ProviderFactory
from tests.helpers import assert_govuk_error, date_parts, on_page
from tests.moves.factories import TODAY, direction, review

D = dt.date
CREATE = reverse("moves:direction_create")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _url(name, d):
    return reverse(f"moves:{name}", kwargs={"pk": d.pk})


def _post(county, **overrides):
    data = {
        "pupil": str(county.pupil_a.pk),
        "setting_school": str(county.school_b.pk),
        "setting_provider": "",
        # Notice on Thursday 30 April 2026: Friday 1 May, then Tuesday 5 May (the bank holiday
        # is Monday 4 May).
        **date_parts("notice_given_on", D(2026, 4, 30)),
        **date_parts("starts_on", D(2026, 5, 5)),
        "notice_method": "by_hand",
        "days": "30",
        "times": "8.45am to 3.15pm, Monday to Friday",
        "address": "Fernhill School, 2 Example Lane, Hinckley",
        "contact": "Head of year 9, 01455 000001",
        "objectives": "Attend every lesson; no removals from class",
        "review_every_weeks": "2",
    }
    return data | overrides


def test_school_staff_direct_a_pupil_and_the_next_review_is_worked_out(county, persona_client):
    response = persona_client("school_a").post(CREATE, _post(county))
    given = OffsiteDirection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("direction_detail", given)
    assert given.school == county.school_a
    assert given.setting_school == county.school_b
    # 2 school weeks after Tuesday 5 May 2026: 6 to 8 May (3), 11 to 15 May (8), 18 and 19 May.
    assert given.next_review_on == D(2026, 5, 19)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, target_id=str(given.pk))
    assert {"objectives", "address", "starts_on"} <= set(event.changes)
    page = persona_client("school_a").get(_url("direction_detail", given))
    assert on_page(page, "The pupil is dual registered at Fernhill School")
    assert on_page(page, "records D") or "<strong>D</strong>" in page.content.decode()


def test_notice_less_than_2_school_days_before_is_refused(county, persona_client):
    # Notice on Thursday 30 April for Monday 4 May (the bank holiday) or Friday 1 May: too soon.
    data = _post(county, **date_parts("starts_on", D(2026, 5, 1)))
    response = persona_client("school_a").post(CREATE, data)
    assert_govuk_error(
        response,
        "The first day must be at least 2 school days after the written notice: with notice "
        "given on 30 April 2026, the earliest first day is 5 May 2026",
    )
    assert not OffsiteDirection.objects.exists()


def test_notice_across_the_february_half_term(county, persona_client):
    # Notice on Friday 13 February 2026; the half term is 16 to 20 February.
    data = _post(
        county,
        **date_parts("notice_given_on", D(2026, 2, 13)),
        **date_parts("starts_on", D(2026, 2, 23)),
    )
    response = persona_client("school_a").post(CREATE, data)
    assert_govuk_error(response, "the earliest first day is 24 February 2026")
    data |= date_parts("starts_on", D(2026, 2, 24))
    assert persona_client("school_a").post(CREATE, data).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"setting_school": ""}, "Select another school or a provider"),
        ({"days": "0"}, "The number of school days must be 1 or more"),
        ({"days": "ten"}, "The number of school days must be a whole number, like 30"),
        ({"review_every_weeks": ""}, "Enter how often the direction is reviewed, in school weeks"),
        ({"objectives": ""}, "Enter the objectives of the direction"),
        ({"times": ""}, "Enter the times the pupil attends"),
        ({"contact": ""}, "Enter a contact at the setting"),
        (date_parts("notice_given_on", None), "Enter the date written notice was given"),
        (
            date_parts("notice_given_on", D(2026, 7, 1)),
            "The date written notice was given must be today or in the past",
        ),
        ({"setting_school": "nonsense"}, "Select a school from the list"),
        ({"notice_method": ""}, "Select how the written notice was given"),
        ({"notice_method": "pigeon"}, "Select how the written notice was given"),
    ],
)
def test_bad_input_is_a_govuk_error_and_nothing_is_written(
    county, persona_client, overrides, message
):
    response = persona_client("school_a").post(CREATE, _post(county, **overrides))
    assert_govuk_error(response, message)
    assert not OffsiteDirection.objects.exists()


def test_both_a_school_and_a_provider_is_refused(county, persona_client):
    data = _post(county, setting_provider=str(county.provider.pk))
    response = persona_client("school_a").post(CREATE, data)
    assert_govuk_error(response, "Select another school or an alternative provider, not both")


def test_a_provider_without_a_roll_means_b_not_d(county, persona_client):
    data = _post(county, setting_school="", setting_provider=str(county.provider.pk))
    persona_client("school_a").post(CREATE, data)
    given = OffsiteDirection.objects.get()
    page = persona_client("school_a").get(_url("direction_detail", given))
    assert on_page(page, "so the pupil is not dual registered")
    pru = ProviderFactory.create(
        name="Oak PRU", registration=Provider.Registration.PRU_OR_AP_ACADEMY
    )
    data = _post(county, setting_school="", setting_provider=str(pru.pk))
    persona_client("school_a").post(CREATE, data)
    at_pru = OffsiteDirection.objects.get(setting_provider=pru)
    page = persona_client("school_a").get(_url("direction_detail", at_pru))
    assert on_page(page, "The pupil is dual registered at Oak PRU")


def test_a_review_moves_the_next_review_on(county, persona_client):
    staff = county.memberships["school_a"].user
    given = direction(county.pupil_a, by=staff, setting_school=county.school_b)
    response = persona_client("school_a").post(
        _url("direction_review", given),
        {**date_parts("held_on", D(2026, 4, 27)), "notes": "Attending well"},
    )
    assert response.status_code == 302
    given.refresh_from_db()
    # 6 school weeks after Monday 27 April 2026: 28 April to 1 May (4), 5 to 8 May (8; Monday
    # 4 May is the bank holiday), 11 to 22 May (18), the half term (25 to 29 May), 1 to 12 June
    # (28), then 15 and 16 June: the 30th school day is Tuesday 16 June.
    assert given.next_review_on == D(2026, 6, 16)
    event = AuditEvent.objects.get(target_type="moves.directionreview")
    assert event.changes == ["held_on", "notes"]


def test_a_review_before_the_direction_started_is_refused(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_school=county.school_b
    )
    response = persona_client("school_a").post(
        _url("direction_review", given),
        {**date_parts("held_on", D(2026, 4, 1)), "notes": "Too early"},
    )
    assert_govuk_error(
        response, "The date of the review must be on or after the direction's first day"
    )


def test_a_parents_request_must_be_honoured_with_no_recent_review(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_school=county.school_b
    )
    client = persona_client("school_a")
    response = client.post(
        _url("direction_request", given),
        {"requested_by": "parent", **date_parts("requested_on", D(2026, 6, 1))},
        follow=True,
    )
    asked = ReviewRequest.objects.get()
    assert asked.must_hold
    assert asked.recent_review_on is None
    assert on_page(
        response,
        "The review must be held: no review was held in the 10 weeks before the request "
        "(since 23 March 2026).",
    )
    assert on_page(response, "A review was asked for on 1 June 2026 and must be held")
    listing = client.get(reverse("moves:list"))
    assert on_page(listing, "Review requested")


def test_a_request_after_a_recent_review_may_be_declined(county, persona_client):
    staff = county.memberships["school_a"].user
    given = direction(county.pupil_a, by=staff, setting_school=county.school_b)
    review(given, D(2026, 5, 12), by=staff)
    response = persona_client("school_a").post(
        _url("direction_request", given),
        {"requested_by": "parent", **date_parts("requested_on", D(2026, 6, 1))},
        follow=True,
    )
    asked = ReviewRequest.objects.get()
    assert not asked.must_hold
    assert asked.recent_review_on == D(2026, 5, 12)
    assert on_page(
        response,
        "The governing board need not hold a review: one was held on 12 May 2026, in the 10 "
        "weeks before the request.",
    )


def test_only_the_la_of_a_pupil_with_an_ehc_plan_may_ask(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_school=county.school_b
    )
    data = {"requested_by": "la", **date_parts("requested_on", D(2026, 6, 1))}
    response = persona_client("school_a").post(_url("direction_request", given), data)
    assert_govuk_error(response, "Select who asked for a review")
    assert not ReviewRequest.objects.exists()
    county.pupil_a.sen_provision = "E"
    county.pupil_a.save()
    response = persona_client("school_a").post(_url("direction_request", given), data)
    assert response.status_code == 302
    assert ReviewRequest.objects.get().requested_by == "la"


def test_moving_permanently_creates_a_completed_move_and_changes_the_roll(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_school=county.school_b
    )
    response = persona_client("school_a").post(
        _url("direction_outcome", given),
        {
            "outcome": "moved",
            **date_parts("outcome_on", D(2026, 6, 5)),
            "note": "",
            "agreed_by": "Parent and both heads",
            **date_parts("new_school_starts_on", D(2026, 6, 8)),
        },
    )
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.outcome == "moved"
    assert given.next_review_on is None
    moved = ManagedMove.objects.get()
    assert moved.direction == given
    assert moved.outcome == "completed"
    assert (moved.from_school, moved.to_school, moved.starts_on) == (
        county.school_a,
        county.school_b,
        D(2026, 6, 8),
    )
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.school == county.school_b
    assert AuditEvent.objects.filter(target_type="pupils.pupil", changes=["school"]).count() == 1


def test_moving_permanently_needs_who_agreed(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_school=county.school_b
    )
    response = persona_client("school_a").post(
        _url("direction_outcome", given),
        {"outcome": "moved", **date_parts("outcome_on", D(2026, 6, 5)), "agreed_by": ""},
    )
    assert_govuk_error(response, "Enter who agreed the move")
    assert not ManagedMove.objects.exists()


def test_a_direction_to_a_provider_cannot_end_in_a_move(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_provider=county.provider
    )
    response = persona_client("school_a").post(
        _url("direction_outcome", given),
        {"outcome": "moved", **date_parts("outcome_on", D(2026, 6, 5)), "agreed_by": "x"},
    )
    assert_govuk_error(response, "Select the outcome of the direction")
    ok = persona_client("school_a").post(
        _url("direction_outcome", given),
        {"outcome": "returned", **date_parts("outcome_on", D(2026, 6, 5))},
    )
    assert ok.status_code == 302
    given.refresh_from_db()
    assert given.outcome == "returned"
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.school == county.school_a


def test_the_receiving_school_sees_the_arrangement_only(county, persona_client):
    staff = county.memberships["school_a"].user
    given = direction(county.pupil_a, by=staff, setting_school=county.school_b)
    review(given, D(2026, 5, 1), by=staff)
    page = persona_client("school_b").get(_url("direction_detail", given))
    assert page.status_code == 200
    assert on_page(page, "Settle into lessons; no removals from class")
    assert not on_page(page, "Going well")  # the review notes
    assert not on_page(page, "Record a review")
    for name in ("direction_review", "direction_request", "direction_outcome"):
        assert persona_client("school_b").get(_url(name, given)).status_code == 404


def test_out_of_scope_is_404_for_pages_and_writes(county, persona_client):
    given = direction(
        county.pupil_a, by=county.memberships["school_a"].user, setting_provider=county.provider
    )
    for persona in ("school_b", "provider", "virtual_school", "governance"):
        assert persona_client(persona).get(_url("direction_detail", given)).status_code == 404
    response = persona_client("school_b").post(
        _url("direction_outcome", given),
        {"outcome": "returned", **date_parts("outcome_on", D(2026, 6, 5))},
    )
    assert response.status_code == 404
    given.refresh_from_db()
    assert given.in_force
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).exists()


def test_the_schools_register_page_lists_pupils_on_a_direction_with_d(county, persona_client):
    staff = county.memberships["school_a"].user
    direction(county.pupil_a, by=staff, setting_school=county.school_b)
    direction(county.pupil_b, by=staff, setting_provider=county.provider)  # another school's
    url = reverse("attendance:school_codes")
    response = persona_client("school_a").get(url, {"date": "2026-05-06"})
    rows = response.context["directions"]
    assert [(r.pupil, r.setting, r.code) for r in rows] == [("Amara Osei", "Fernhill School", "D")]
    assert on_page(response, "Pupils on an off-site direction")
    # Before the direction started, nothing is listed.
    before = persona_client("school_a").get(url, {"date": "2026-04-17"})
    assert before.context["directions"] == []
