"""The school's side of the Referral and Commissioning Form: choosing the pupil, the task list
and its sections, bad input, the consent rule, check your answers, submitting (and answering a
returned referral's question), withdrawing, scope and query counts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from inclusion.referrals.models import Intervention, Referral, ReferralStatus, Status
from inclusion.referrals.services.form import SECTION_FIELDS
from inclusion.referrals.services.lifecycle import referral_create
from tests.conftest import client_for
from tests.factories import MembershipFactory, PupilFactory, SchoolFactory, UserFactory
from tests.helpers import assert_govuk_error, content, date_parts, edit_version, on_page
from tests.referrals.factories import make_referral

TODAY = dt.date.today()
START = reverse("referrals:start")
NAMED_REFUSED = (
    "record that a parent or carer has given consent first, or choose a discussion without "
    "naming the pupil"
)

VALID: dict[str, dict[str, Any]] = {
    "reason": {"purpose": "partnership_support", "reason": "Fictional: missed lessons."},
    "needs": {
        "needs_semh": "Fictional: anxious in busy places.",
        "semh_details": ["anxiety", "withdrawn"],
        "sen_provision": "K",
        "need_types": ["SEMH"],
    },
    "attendance": {
        "attendance_percent": "84.5",
        "suspension_count": "1",
        "suspension_days": "1.5",
        "behaviour_summary": "Fictional: two removals from class.",
    },
    "agencies": {
        "agencies": ["early_help", "other"],
        "agencies_other": "Young carers service",
        "has_social_worker": "no",
        "plan": "none",
    },
    "consent": {
        "consent": "given",
        "consent_given_by": "Jo Example, mother",
        **date_parts("consent_on", TODAY),
        "parent_views": "Fictional: wants a smaller setting.",
    },
    "voice": {"pupil_voice": "Fictional: 'I like maths.'", "known_risks": "None known."},
    "contacts": {
        "referrer_name": "Alex Referrer",
        "referrer_role": "SENCo",
        "referrer_email": "alex.referrer@example.org",
        "referrer_phone": "01632 960 001",
        "dsl_name": "Dana Lead",
        "dsl_email": "dana.lead@example.org",
        "dsl_phone": "",
    },
}
TITLES = {
    "reason": "Reason and purpose",
    "needs": "Needs",
    "attendance": "Attendance, suspensions and behaviour",
    "agencies": "Agencies and safeguarding",
    "consent": "Parent or carer views and consent",
    "voice": "The pupil&#x27;s voice and known risks",
    "contacts": "Referrer and designated safeguarding lead",
    "interventions": "The graduated response so far",
}
TOO_LONG = "x" * 5001
INTERVENTION = {
    "what": "Mentoring with the learning mentor",
    **date_parts("started_on", TODAY - dt.timedelta(days=60)),
    "duration": "6 weeks",
    "impact": "Fewer removals from class.",
}


@pytest.fixture
def school_a(persona_client):
    return persona_client("school_a")


@pytest.fixture
def blank(county) -> Referral:
    """A new draft, as the start page makes it."""
    membership = county.memberships["school_a"]
    return referral_create(actor=membership.user, membership=membership, pupil=county.pupil_a)


def draft_of(county, *, pupil: str = "pupil_a", by: str = "school_a", status: str = "draft"):
    """A referral with every answer given (see factories.COMPLETE)."""
    return make_referral(pupil=getattr(county, pupil), by=county.memberships[by], status=status)


def url(name: str, referral: Referral, **kwargs: Any) -> str:
    return reverse(f"referrals:{name}", kwargs={"pk": referral.pk, **kwargs})


def section_url(referral: Referral, section: str) -> str:
    return url("section", referral, section=section)


def save_section(client, referral: Referral, section: str, data: dict[str, Any]):
    """Open the section's page and post ``data`` from it, as a browser would."""
    target = section_url(referral, section)
    return client.post(target, data | edit_version(client, target))


def task_status(html: str, title: str) -> str:
    """The status shown beside a task on the task list."""
    found = re.search(
        re.escape(title) + r".*?govuk-task-list__status[^>]*>\s*(?:<strong[^>]*>)?([^<]+?)\s*<",
        html,
        re.S,
    )
    assert found, f"no task {title!r}"
    return found.group(1)


def answers(referral: Referral) -> dict[str, Any]:
    referral.refresh_from_db()
    return {name: getattr(referral, name) for fields in SECTION_FIELDS.values() for name in fields}


def updates() -> int:
    return AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).count()


# Choosing the pupil ---------------------------------------------------------------------


def test_start_finds_only_pupils_in_scope(county, school_a):
    html = content(school_a.get(START, {"q": "Osei"}))
    assert "Amara Osei" in html
    assert f'value="{county.pupil_a.pk}"' in html
    other = school_a.get(START, {"q": "Hart"})
    assert str(county.pupil_b.pk) not in content(other)
    assert on_page(other, "No pupils match \u2018Hart\u2019")
    assert reverse("pupils:create") in content(other)


def test_start_creates_a_draft_and_opens_the_task_list(county, school_a):
    response = school_a.post(START, {"q": "Osei", "pupil": str(county.pupil_a.pk)})
    referral = Referral.objects.get(pupil=county.pupil_a)
    assert response.status_code == 302
    assert response["Location"] == url("task_list", referral)
    assert referral.status == Status.DRAFT
    assert referral.school == county.school_a
    assert list(referral.history.values_list("status", flat=True)) == [Status.DRAFT]


def test_start_for_another_schools_pupil_is_404(county, school_a):
    response = school_a.post(START, {"pupil": str(county.pupil_b.pk)})
    assert response.status_code == 404
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q": "Osei"}, "Select the pupil you are referring"),
        ({"q": "Osei", "pupil": "not-a-pupil"}, "Select a pupil from the list"),
    ],
)
def test_start_without_a_pupil_is_refused(county, school_a, data, message):
    assert_govuk_error(school_a.post(START, data), message)
    assert not Referral.objects.exists()


def test_start_caps_the_results_with_a_message(county, school_a):
    PupilFactory.create_batch(21, school=county.school_a, legal_last_name="Manyname")
    response = school_a.get(START, {"q": "manyname"})
    assert on_page(response, "More than 20 pupils match")
    assert content(response).count('name="pupil"') == 20


def test_a_school_outside_any_partnership_gets_a_message(county):
    school = SchoolFactory.create(partnership=None)
    pupil = PupilFactory.create(school=school)
    membership = MembershipFactory.create(
        user=UserFactory.create(), role="school_staff", school=school
    )
    response: Any = client_for(membership).post(START, {"pupil": str(pupil.pk)})
    assert_govuk_error(response, "is not in an inclusion partnership")
    assert not Referral.objects.exists()


# The task list and its sections ---------------------------------------------------------


def test_a_new_draft_has_nothing_started_and_cannot_be_submitted_yet(blank, school_a):
    html = content(school_a.get(url("task_list", blank)))
    for title in TITLES.values():
        assert task_status(html, title) == "Not yet started"
    assert task_status(html, "Check your answers and submit") == "Cannot start yet"
    assert "You have completed 0 of 8 sections" in html
    assert 'class="govuk-task-list"' in html


@pytest.mark.parametrize("section", list(VALID))
def test_every_section_saves_and_shows_completed(county, blank, school_a, section):
    response = save_section(school_a, blank, section, VALID[section])
    assert response.status_code == 302, content(response)
    assert response["Location"] == url("task_list", blank)
    saved = answers(blank)
    written = {name for name in SECTION_FIELDS[section] if saved[name] not in ("", None, [])}
    assert written, section
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, target_id=str(blank.pk))
    assert set(event.changes) <= set(SECTION_FIELDS[section])
    assert event.pupil_id == county.pupil_a.pk
    assert "Osei" not in str(event.changes)
    html = content(school_a.get(url("task_list", blank)))
    assert task_status(html, TITLES[section]) == "Completed"


def test_a_part_answered_section_is_in_progress(blank, school_a):
    save_section(school_a, blank, "voice", {"pupil_voice": "Fictional words."})
    html = content(school_a.get(url("task_list", blank)))
    assert task_status(html, TITLES["voice"]) == "In progress"


def test_every_section_page_shows_its_saved_answers(blank, school_a):
    for section, data in VALID.items():
        save_section(school_a, blank, section, data)
        assert school_a.get(section_url(blank, section)).status_code == 200
    assert on_page(school_a.get(section_url(blank, "voice")), "Fictional: 'I like maths.'")
    assert 'value="84.5"' in content(school_a.get(section_url(blank, "attendance")))


def test_the_referrer_is_prefilled_from_the_signed_in_user(county, blank, school_a):
    user = county.memberships["school_a"].user
    html = content(school_a.get(section_url(blank, "contacts")))
    assert f'value="{user.full_name}"' in html
    assert f'value="{user.email}"' in html


def test_an_unknown_section_is_404(blank, school_a):
    assert school_a.get(section_url(blank, "nonsense")).status_code == 404


BAD_INPUT = [
    ("reason", {"purpose": "nonsense"}, "Select the purpose of the referral from the list"),
    ("reason", {"reason": TOO_LONG}, "The reason for the referral must be 5,000 characters"),
    (
        "reason",
        {"purpose": "programme_management"},
        "Select yes if the school agrees to the average-pupil-cost recharge",
    ),
    (
        "reason",
        {"purpose": "programme_management", "recharge_agreed": "no"},
        "Tier 4 Programme Management needs the school to agree",
    ),
    (
        "reason",
        {"purpose": "programme_management", "recharge_agreed": "yes"},
        "Enter the name and role of the person agreeing for the school",
    ),
    ("reason", {"recharge_agreed": "maybe"}, "Select yes or no"),
    ("reason", {"purpose": "forum_named"}, NAMED_REFUSED),
    ("needs", {"semh_details": ["nonsense"]}, "Select social, emotional and mental health"),
    ("needs", {"sen_provision": ""}, "Select the pupil's special educational needs provision"),
    ("needs", {"sen_provision": "X"}, "Select the special educational needs provision from"),
    ("needs", {"need_types": ["NOPE"]}, "Select types of need from the list"),
    ("needs", {"sen_provision": "N"}, "Remove the types of need"),
    ("needs", {"needs_cognition": TOO_LONG}, "Cognition and learning must be 5,000 characters"),
    ("attendance", {"attendance_percent": "lots"}, "Attendance must be a number, like 84.5"),
    ("attendance", {"attendance_percent": "101"}, "Attendance must be between 0 and 100"),
    ("attendance", {"attendance_percent": "-1"}, "Attendance must be between 0 and 100"),
    ("attendance", {"attendance_percent": "84.25"}, "Attendance must have no more than 1 deci"),
    ("attendance", {"suspension_count": "1.5"}, "Number of suspensions must be a whole number"),
    ("attendance", {"suspension_count": "-2"}, "Number of suspensions must be between 0 and 99"),
    ("attendance", {"suspension_days": "200"}, "Days suspended must be between 0 and 190"),
    ("attendance", {"suspension_days": "two"}, "Days suspended must be a number, like 2.5"),
    (
        "attendance",
        {"suspension_count": "0", "suspension_days": "2"},
        "Days suspended must be 0 when there have been no suspensions",
    ),
    ("attendance", {"behaviour_summary": TOO_LONG}, "The summary of behaviour must be 5,000"),
    ("agencies", {"agencies_other": ""}, "Enter the other agencies involved"),
    ("agencies", {"agencies_other": "x" * 201}, "Other agencies must be 200 characters or less"),
    ("agencies", {"agencies": ["nonsense"]}, "Select agencies from the list"),
    ("agencies", {"has_social_worker": "maybe"}, "Select yes or no"),
    ("agencies", {"plan": "other"}, "Select the plan from the list"),
    ("consent", {"consent": "perhaps"}, "Select whether consent was given from the list"),
    ("consent", {"consent_given_by": ""}, "Enter who gave consent"),
    (
        "consent",
        date_parts("consent_on", TODAY + dt.timedelta(days=1)),
        "Date consent was given must be today or in the past",
    ),
    (
        "consent",
        {"consent_on_day": "31", "consent_on_month": "2", "consent_on_year": "2026"},
        "Date consent was given must be a real date",
    ),
    ("consent", {"consent_on_day": ""}, "Date consent was given must include a day"),
    ("consent", {"parent_views": TOO_LONG}, "The parent's or carer's views must be"),
    ("voice", {"pupil_voice": TOO_LONG}, "What the pupil says must be 5,000 characters"),
    ("voice", {"known_risks": TOO_LONG}, "Known risks must be 5,000 characters or less"),
    ("contacts", {"referrer_name": "x" * 121}, "Your name must be 120 characters or less"),
    ("contacts", {"referrer_email": "not-an-email"}, "Enter an email address in the correct"),
    ("contacts", {"dsl_email": "dsl@"}, "Enter an email address in the correct format"),
    ("contacts", {"referrer_phone": "call me"}, "Enter a phone number, like 01632 960 001"),
    ("contacts", {"dsl_phone": "123"}, "Enter a phone number, like 01632 960 001"),
    ("contacts", {"dsl_name": "x" * 121}, "The DSL's name must be 120 characters or less"),
]


@pytest.mark.parametrize(("section", "overrides", "message"), BAD_INPUT)
def test_bad_input_is_refused_and_nothing_is_written(blank, school_a, section, overrides, message):
    before = answers(blank)
    response = save_section(school_a, blank, section, VALID[section] | overrides)
    assert_govuk_error(response, message)
    assert answers(blank) == before
    assert updates() == 0


def test_answers_that_do_not_apply_are_dropped(blank, school_a):
    save_section(
        school_a,
        blank,
        "reason",
        VALID["reason"] | {"recharge_agreed": "yes", "commissioning_signatory": "Sam, head"},
    )
    save_section(school_a, blank, "consent", VALID["consent"] | {"consent": "not_asked"})
    save_section(school_a, blank, "agencies", VALID["agencies"] | {"agencies": ["early_help"]})
    saved = answers(blank)
    assert (saved["recharge_agreed"], saved["commissioning_signatory"]) == (None, "")
    assert (saved["consent_given_by"], saved["consent_on"]) == ("", None)
    assert saved["agencies_other"] == ""


def test_programme_management_records_the_recharge(blank, school_a):
    data = VALID["reason"] | {
        "purpose": "programme_management",
        "recharge_agreed": "yes",
        "commissioning_signatory": "Sam Patel, headteacher",
    }
    assert save_section(school_a, blank, "reason", data).status_code == 302
    saved = answers(blank)
    assert (saved["recharge_agreed"], saved["commissioning_signatory"]) == (
        True,
        "Sam Patel, headteacher",
    )


# The consent rule, both ways -------------------------------------------------------------


def test_a_named_discussion_needs_consent_first(blank, school_a):
    named = VALID["reason"] | {"purpose": "forum_named"}
    response = save_section(school_a, blank, "reason", named)
    assert response.status_code == 400
    assert NAMED_REFUSED in content(response)
    assert answers(blank)["purpose"] == ""
    save_section(school_a, blank, "consent", VALID["consent"])
    assert save_section(school_a, blank, "reason", named).status_code == 302
    assert answers(blank)["purpose"] == "forum_named"


def test_consent_cannot_be_withdrawn_while_the_discussion_is_named(county, school_a):
    referral = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status="draft"
    )
    response = save_section(
        school_a, referral, "consent", VALID["consent"] | {"consent": "refused"}
    )
    assert response.status_code == 400
    assert "needs a parent or carer&#x27;s consent" in content(response)
    assert answers(referral)["consent"] == "given"
    assert updates() == 0


# Interventions -------------------------------------------------------------------------


def test_interventions_are_added_and_removed(county, blank, school_a):
    response = school_a.post(url("intervention_add", blank), INTERVENTION)
    assert response["Location"] == section_url(blank, "interventions")
    item = Intervention.objects.get(referral=blank)
    assert (item.what, item.duration) == ("Mentoring with the learning mentor", "6 weeks")
    page = content(school_a.get(section_url(blank, "interventions")))
    assert "Mentoring with the learning mentor" in page
    html = content(school_a.get(url("task_list", blank)))
    assert task_status(html, TITLES["interventions"]) == "Completed"
    remove = url("intervention_remove", blank, intervention_pk=item.pk)
    assert "Are you sure" in content(school_a.get(remove))
    assert school_a.post(remove)["Location"] == section_url(blank, "interventions")
    assert not Intervention.objects.exists()
    verbs = set(AuditEvent.objects.filter(target_id=str(item.pk)).values_list("verb", flat=True))
    assert verbs == {AuditEvent.Verb.CREATE, AuditEvent.Verb.DELETE}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"what": ""}, "Enter what was tried"),
        ({"what": "x" * 201}, "What was tried must be 200 characters or less"),
        (date_parts("started_on", None), "Enter the date it started"),
        (date_parts("started_on", TODAY + dt.timedelta(days=3)), "must be today or in the past"),
        ({"started_on_month": "13"}, "Date it started must be a real date"),
        ({"duration": ""}, "Enter how long it lasted"),
        ({"impact": ""}, "Enter the impact"),
    ],
)
def test_bad_interventions_are_refused(blank, school_a, overrides, message):
    assert_govuk_error(
        school_a.post(url("intervention_add", blank), INTERVENTION | overrides), message
    )
    assert not Intervention.objects.exists()


# Check your answers and submit -----------------------------------------------------------


def test_the_check_page_lists_missing_answers_with_links(blank, school_a):
    html = content(school_a.get(url("check", blank)))
    for text, section in [
        ("Select the purpose of the referral", "reason"),
        ("Enter the reason for the referral", "reason"),
        ("Describe at least one area of need", "needs"),
        ("Select whether a parent or carer has given consent", "consent"),
        ("Enter your name", "contacts"),
        ("Enter your email address", "contacts"),
        ("Enter the name of the school&#x27;s DSL", "contacts"),
    ]:
        assert f'href="{section_url(blank, section)}">{text}</a>' in html, text
    response = school_a.post(url("submit", blank))
    assert_govuk_error(response, "Answer the missing questions before you submit the referral")
    blank.refresh_from_db()
    assert blank.status == Status.DRAFT


def test_submitting_notifies_the_coordinators_without_naming_the_pupil(
    county, school_a, django_capture_on_commit_callbacks
):
    referral = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status="draft"
    )
    html = content(school_a.get(url("check", referral)))
    assert "Answers needed" not in html
    assert 'Change<span class="govuk-visually-hidden"> reason' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = school_a.post(url("submit", referral))
    assert response["Location"] == url("submitted", referral)
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.history.filter(status=Status.SUBMITTED).count() == 1
    coordinator = county.memberships["coordinator"]
    assert Notification.objects.filter(membership=coordinator).exists()
    sent = [m for m in mail.outbox if coordinator.user.email in m.to]
    assert sent
    text = f"{sent[0].subject} {sent[0].body}"
    assert referral.reference in text
    assert "Amara" not in text
    assert "Osei" not in text
    page = school_a.get(url("submitted", referral))
    assert "govuk-panel--confirmation" in content(page)
    assert referral.reference in content(page)


def test_a_returned_referral_needs_an_answer_to_the_question(county, school_a):
    referral = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status="returned"
    )
    question = "What has the school tried for attendance?"
    ReferralStatus.objects.filter(referral=referral, status=Status.RETURNED).update(note=question)
    page = school_a.get(url("check", referral))
    assert on_page(page, question)
    assert "govuk-notification-banner" in content(page)
    refused = school_a.post(url("submit", referral), {"answer": " "})
    assert_govuk_error(refused, "Enter your answer to the co-ordinator's question")
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED
    answer = "A part-time timetable since January (fictional)."
    assert school_a.post(url("submit", referral), {"answer": answer}).status_code == 302
    referral.refresh_from_db()
    latest = referral.history.order_by("-at", "-id").first()
    assert referral.status == Status.SUBMITTED
    assert latest is not None
    assert (latest.status, latest.note) == (Status.SUBMITTED, answer)


def test_a_draft_can_be_withdrawn(county, blank, school_a):
    assert "Are you sure" in content(school_a.get(url("withdraw", blank)))
    response = school_a.post(url("withdraw", blank))
    assert response["Location"].endswith(f"/referrals/{blank.pk}/")
    blank.refresh_from_db()
    assert blank.status == Status.WITHDRAWN


def test_a_returned_referral_can_be_withdrawn(county, school_a):
    referral = draft_of(county, status="returned")
    assert "Are you sure" in content(school_a.get(url("withdraw", referral)))
    response = school_a.post(url("withdraw", referral))
    assert response["Location"].endswith(f"/referrals/{referral.pk}/")
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.history.filter(status=Status.WITHDRAWN).count() == 1


# Who may change what --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["task_list", "check", "withdraw", "intervention_add", "section"])
def test_a_submitted_referral_cannot_be_changed(county, school_a, name):
    referral = make_referral(pupil=county.pupil_a, by=county.memberships["school_a"])
    kwargs = {"section": "reason"} if name == "section" else {}
    target = url(name, referral, **kwargs)
    responses = [school_a.get(target)]
    if name not in ("task_list", "check"):  # pages that are only read
        responses.append(school_a.post(target, VALID["reason"]))
    for response in responses:
        assert response.status_code == 302
        assert response["Location"].endswith(f"/referrals/{referral.pk}/")
    assert school_a.post(url("submit", referral))["Location"].endswith(f"/referrals/{referral.pk}/")
    referral.refresh_from_db()
    assert referral.purpose == "forum_named"
    assert updates() == 0


def test_another_schools_referral_is_404(county, school_a):
    referral = make_referral(
        pupil=county.pupil_b, by=county.memberships["school_b"], status="draft"
    )
    for target in (
        url("task_list", referral),
        section_url(referral, "reason"),
        url("check", referral),
        url("withdraw", referral),
        url("submitted", referral),
    ):
        assert school_a.get(target).status_code == 404, target
    assert school_a.post(section_url(referral, "reason"), VALID["reason"]).status_code == 404
    assert school_a.post(url("submit", referral)).status_code == 404
    assert updates() == 0


def test_a_coordinator_may_complete_a_draft_they_started(county, persona_client):
    coordinator = county.memberships["coordinator"]
    referral = referral_create(actor=coordinator.user, membership=coordinator, pupil=county.pupil_a)
    client = persona_client("coordinator")
    assert save_section(client, referral, "voice", VALID["voice"]).status_code == 302
    assert persona_client("chair").get(url("task_list", referral)).status_code == 404


# Query counts ---------------------------------------------------------------------------


def queries(client, target: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


def add_interventions(referral: Referral, count: int) -> None:
    Intervention.objects.bulk_create(
        Intervention(
            referral=referral,
            what=f"Intervention {n}",
            started_on=TODAY - dt.timedelta(days=n),
            duration="4 weeks",
            impact="Some",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("name", ["task_list", "check"])
def test_task_list_and_check_page_queries_do_not_grow(county, school_a, name):
    referral = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status="draft"
    )
    add_interventions(referral, 1)
    target = url(name, referral)
    school_a.get(target)  # warm the session
    small = queries(school_a, target)
    add_interventions(referral, 30)
    assert queries(school_a, target) == small
