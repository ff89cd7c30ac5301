"""Concurrent edits (issue 9, part 5): a save from a page opened before someone else saved the
same pupil, placement, plan or referral section is refused with a 409 page showing both
versions, and nothing is overwritten. Two signed-in people in every test."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.core.concurrency import VERSION_FIELD, StaleEditError, fingerprint, show, track
from inclusion.placements.models import EducationPlan
from inclusion.pupils.models import Pupil
from inclusion.pupils.services import ContactDetails, contact_add
from inclusion.referrals.forms.fields import yes_no_radios
from inclusion.referrals.models import Referral
from inclusion.referrals.services.lifecycle import referral_create
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import content, edit_version, on_page, pupil_form_data
from tests.placements.factories_placements import county_placement, placement_form_data, site_of
from tests.placements.factories_plans import placement_of, planned

STALE = "while you were editing it"
NOT_SAVED = "Your changes have not been saved"


def colleague(county: Any, persona: str, name: str) -> Client:
    """A second person in the same role and organisation as ``persona``."""
    like = county.memberships[persona]
    membership = MembershipFactory.create(
        user=UserFactory.create(full_name=name, email=f"{name.split()[0].lower()}@example.org"),
        role=like.role,
        school=like.school,
        partnership=like.partnership,
    )
    return client_for(membership)


def updates() -> int:
    return AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).count()


def assert_conflict(response: Any, *, saved: str, yours: str) -> None:
    assert response.status_code == 409, response.status_code
    assert on_page(response, STALE)
    assert on_page(response, NOT_SAVED)
    assert on_page(response, saved), f"{saved!r} (saved now) not on the page"
    assert on_page(response, yours), f"{yours!r} (yours) not on the page"
    assert on_page(response, "Open the current version")


# Pupils ------------------------------------------------------------------------------------


def pupil_url(pupil: Pupil) -> str:
    return reverse("pupils:edit", kwargs={"pk": pupil.pk})


def pupil_data(county: Any, **changes: str) -> dict[str, str]:
    pupil = county.pupil_a
    names = {"legal_first_name": pupil.legal_first_name, "legal_last_name": pupil.legal_last_name}
    return pupil_form_data(school=county.school_a, upn=pupil.upn, **(names | changes))


def test_a_stale_pupil_edit_is_refused_with_both_versions(county, persona_client):
    pupil, url = county.pupil_a, pupil_url(county.pupil_a)
    school, coordinator = persona_client("school_a"), persona_client("coordinator")
    county.memberships["school_a"].user.full_name = "Sam Teacher"
    county.memberships["school_a"].user.save(update_fields=["full_name"])
    school_version, coordinator_version = edit_version(school, url), edit_version(coordinator, url)

    mine = pupil_data(county, legal_last_name="Osei-Mensah")
    assert school.post(url, mine | school_version).status_code == 302
    before = updates()
    theirs = pupil_data(county, legal_last_name="Osei-Brown", town="Market Bosworth")
    response = coordinator.post(url, theirs | coordinator_version)

    assert_conflict(response, saved="Osei-Mensah", yours="Osei-Brown")
    assert on_page(response, "Someone else changed this pupil's record while you were editing it")
    assert on_page(response, "by Sam Teacher")
    assert on_page(response, "Market Bosworth")  # the coordinator's other change, kept to copy
    pupil.refresh_from_db()
    assert (pupil.legal_last_name, pupil.town) == ("Osei-Mensah", "Hinckley")
    assert updates() == before

    fresh = edit_version(coordinator, url)  # from the current version, the change may be made
    assert coordinator.post(url, theirs | fresh).status_code == 302
    pupil.refresh_from_db()
    assert (pupil.legal_last_name, pupil.town) == ("Osei-Brown", "Market Bosworth")


@pytest.mark.parametrize(
    "version",
    [{}, {VERSION_FIELD: ""}, {VERSION_FIELD: "0" * 64}, {VERSION_FIELD: "not a version"}],
    ids=["missing", "blank", "forged", "garbage"],
)
def test_a_pupil_edit_without_a_true_version_never_overwrites(county, persona_client, version):
    pupil = county.pupil_a
    response = persona_client("school_a").post(
        pupil_url(pupil), pupil_data(county, legal_last_name="Overwritten") | version
    )
    assert response.status_code == 409
    assert on_page(response, NOT_SAVED)
    pupil.refresh_from_db()
    assert pupil.legal_last_name == "Osei"


def test_a_version_from_another_pupils_page_does_not_fit(county, persona_client):
    """The token names its page: it cannot be carried to another record with the same values."""
    client = persona_client("coordinator")
    other = Pupil.objects.get(pk=county.pupil_b.pk)
    borrowed = edit_version(client, pupil_url(other))
    response = client.post(
        pupil_url(county.pupil_a), pupil_data(county, legal_last_name="Overwritten") | borrowed
    )
    assert response.status_code == 409
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.legal_last_name == "Osei"


def test_an_unrelated_change_to_the_pupil_is_no_conflict(county, persona_client):
    pupil, url = county.pupil_a, pupil_url(county.pupil_a)
    client = persona_client("school_a")
    version = edit_version(client, url)
    membership = county.memberships["coordinator"]
    contact_add(
        actor=membership.user,
        membership=membership,
        pupil=pupil,
        details=ContactDetails("Jo Example", "mother", "", "", parental_responsibility=True),
    )
    Pupil.objects.get(pk=pupil.pk).save()  # saved again, nothing the page edits changed
    assert client.post(url, pupil_data(county, town="Burbage") | version).status_code == 302
    pupil.refresh_from_db()
    assert pupil.town == "Burbage"


def test_a_form_error_keeps_the_version_the_page_was_opened_at(county, persona_client):
    url = pupil_url(county.pupil_a)
    school, coordinator = persona_client("school_a"), persona_client("coordinator")
    version = edit_version(coordinator, url)
    response = coordinator.post(url, pupil_data(county, legal_last_name="") | version)
    assert response.status_code == 400
    assert f'value="{version[VERSION_FIELD]}"' in content(response)
    assert (
        school.post(
            url, pupil_data(county, town="Earl Shilton") | edit_version(school, url)
        ).status_code
        == 302
    )
    response = coordinator.post(url, pupil_data(county, legal_last_name="Hart") | version)
    assert_conflict(response, saved="Earl Shilton", yours="Hinckley")


# Placements --------------------------------------------------------------------------------


def test_a_stale_placement_edit_is_refused_with_both_versions(county, persona_client):
    placement = county_placement(county)
    url = reverse("placements:edit", kwargs={"pk": placement.pk})
    site = site_of(county.provider)
    first, second = persona_client("coordinator"), colleague(county, "coordinator", "Kit Second")
    first_version, second_version = edit_version(first, url), edit_version(second, url)

    mine = placement_form_data(site, purpose="Fictional: a farm programme.")
    assert first.post(url, mine | first_version).status_code == 302
    theirs = placement_form_data(site, purpose="Fictional: a <b>boxing</b> programme.")
    response = second.post(url, theirs | second_version)

    assert_conflict(
        response,
        saved="Fictional: a farm programme.",
        yours="Fictional: a <b>boxing</b> programme.",
    )
    assert "<b>boxing</b>" not in content(response)  # escaped, never markup
    assert on_page(response, "Someone else changed this placement while you were editing it")
    placement.refresh_from_db()
    assert placement.purpose == "Fictional: a farm programme."

    assert second.post(url, theirs | edit_version(second, url)).status_code == 302
    placement.refresh_from_db()
    assert placement.purpose == "Fictional: a <b>boxing</b> programme."


def test_a_placement_edit_without_a_version_never_overwrites(county, persona_client):
    placement = county_placement(county)
    url = reverse("placements:edit", kwargs={"pk": placement.pk})
    data = placement_form_data(site_of(county.provider), purpose="Fictional: overwritten.")
    assert persona_client("coordinator").post(url, data).status_code == 409
    placement.refresh_from_db()
    assert placement.purpose != "Fictional: overwritten."


# Education plans ---------------------------------------------------------------------------


def plan_data(**changes: str) -> dict[str, str]:
    data = {
        "baseline_attainment": "Fictional: working towards the expected standard.",
        "baseline_attendance": "68.5",
        "baseline_behaviour": "Fictional: two suspensions this term.",
        "baseline_wellbeing": "Fictional: anxious in large groups.",
        "review_every_weeks": "6",
    }
    return data | changes


def plan_url(placement_pk: Any) -> str:
    return reverse("placements:plan_edit", kwargs={"pk": placement_pk})


def test_a_stale_plan_edit_is_refused_with_both_versions(county, persona_client):
    plan = planned(county)
    url = plan_url(plan.placement_id)
    school, coordinator = persona_client("school_a"), persona_client("coordinator")
    school_version, coordinator_version = edit_version(school, url), edit_version(coordinator, url)

    mine = plan_data(baseline_behaviour="Fictional: calmer since half term.")
    assert school.post(url, mine | school_version).status_code == 302
    theirs = plan_data(baseline_behaviour="Fictional: one removal.", baseline_attendance="70")
    response = coordinator.post(url, theirs | coordinator_version)

    assert_conflict(
        response, saved="Fictional: calmer since half term.", yours="Fictional: one removal."
    )
    assert on_page(response, "Someone else changed this education plan while you were editing it")
    plan.refresh_from_db()
    assert plan.baseline_behaviour == "Fictional: calmer since half term."
    assert plan.baseline_attendance == Decimal("68.5")

    assert coordinator.post(url, theirs | edit_version(coordinator, url)).status_code == 302
    plan.refresh_from_db()
    assert (plan.baseline_behaviour, plan.baseline_attendance) == (
        "Fictional: one removal.",
        Decimal("70"),
    )


def test_a_plan_made_by_someone_else_meanwhile_is_not_overwritten(county, persona_client):
    placement = placement_of(county)
    url = plan_url(placement.pk)
    school, coordinator = persona_client("school_a"), persona_client("coordinator")
    school_version, coordinator_version = edit_version(school, url), edit_version(coordinator, url)
    made = plan_data(baseline_wellbeing="Fictional: settled.")
    assert school.post(url, made | school_version).status_code == 302

    response = coordinator.post(
        url, plan_data(baseline_wellbeing="Fictional: worried.") | coordinator_version
    )

    assert_conflict(response, saved="Fictional: settled.", yours="Fictional: worried.")
    assert (
        EducationPlan.objects.get(placement=placement).baseline_wellbeing == "Fictional: settled."
    )


# Referral sections -------------------------------------------------------------------------


@pytest.fixture
def draft(county) -> Referral:
    membership = county.memberships["school_a"]
    return referral_create(actor=membership.user, membership=membership, pupil=county.pupil_a)


def section_url(referral: Referral, section: str) -> str:
    return reverse("referrals:section", kwargs={"pk": referral.pk, "section": section})


def test_a_stale_referral_section_is_refused_with_both_versions(county, persona_client, draft):
    url = section_url(draft, "voice")
    first, second = persona_client("school_a"), colleague(county, "school_a", "Robin Second")
    first_version, second_version = edit_version(first, url), edit_version(second, url)

    mine = {"pupil_voice": "Fictional: 'I like art.'", "known_risks": "None known."}
    assert first.post(url, mine | first_version).status_code == 302
    theirs = {"pupil_voice": "Fictional: <script>x</script>", "known_risks": "None known."}
    response = second.post(url, theirs | second_version)

    assert_conflict(
        response, saved="Fictional: 'I like art.'", yours="Fictional: <script>x</script>"
    )
    assert "<script>x" not in content(response)
    assert on_page(response, "Someone else changed this referral while you were editing it")
    draft.refresh_from_db()
    assert draft.pupil_voice == "Fictional: 'I like art.'"

    assert second.post(url, theirs | edit_version(second, url)).status_code == 302
    draft.refresh_from_db()
    assert draft.pupil_voice == "Fictional: <script>x</script>"


def test_a_change_to_another_section_is_no_conflict(county, persona_client, draft):
    first, second = persona_client("school_a"), colleague(county, "school_a", "Robin Second")
    version = edit_version(second, section_url(draft, "voice"))
    reason = {"purpose": "partnership_support", "reason": "Fictional: missed lessons."}
    assert (
        first.post(
            section_url(draft, "reason"), reason | edit_version(first, section_url(draft, "reason"))
        ).status_code
        == 302
    )
    voice = {"pupil_voice": "Fictional: 'fine'.", "known_risks": "None known."}
    assert second.post(section_url(draft, "voice"), voice | version).status_code == 302
    draft.refresh_from_db()
    assert (draft.reason, draft.pupil_voice) == ("Fictional: missed lessons.", "Fictional: 'fine'.")


def test_a_section_saved_without_a_version_never_overwrites(persona_client, draft):
    voice = {"pupil_voice": "Fictional: overwritten.", "known_risks": ""}
    response = persona_client("school_a").post(section_url(draft, "voice"), voice)
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.pupil_voice == ""


def test_yes_and_no_answers_show_in_words_on_both_sides(county, persona_client, draft):
    url = section_url(draft, "agencies")
    first, second = persona_client("school_a"), colleague(county, "school_a", "Robin Second")
    first_version, second_version = edit_version(first, url), edit_version(second, url)
    answers = {"agencies": ["early_help"], "agencies_other": "", "plan": "none"}
    assert (
        first.post(url, answers | {"has_social_worker": "yes"} | first_version).status_code == 302
    )
    response = second.post(url, answers | {"has_social_worker": "no"} | second_version)
    assert response.status_code == 409
    html = content(response)
    row = html[html.index("Does the pupil have a social worker?") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'govuk-table__cell">([^<]*)<', row) == ["Yes", "No"]


# The mechanism -----------------------------------------------------------------------------


class Sample(forms.Form):
    when = forms.DateField()
    amount = forms.DecimalField()
    colours = forms.MultipleChoiceField(choices=[("r", "Red"), ("g", "Green"), ("b", "Blue")])
    agreed = yes_no_radios("Agreed?")


def test_a_version_is_the_same_however_equal_values_were_read():
    first = {"amount": Decimal("45.50"), "when": dt.date(2026, 3, 3)}
    again = {"when": dt.date(2026, 3, 3), "amount": Decimal("45.5")}
    assert fingerprint(first, scope="/a/") == fingerprint(again, scope="/a/")
    assert fingerprint(first, scope="/a/") != fingerprint(first, scope="/b/")
    assert fingerprint(first, scope="/a/") != fingerprint(first | {"amount": 46}, scope="/a/")


def test_values_are_shown_as_the_form_offers_them():
    fields = Sample().fields
    assert show(fields["when"], dt.date(2026, 3, 3)) == "3 March 2026"
    assert show(fields["amount"], Decimal("45.50")) == "45.5"
    assert show(fields["colours"], ["b", "r"]) == show(fields["colours"], ["r", "b"]) == "Red, Blue"
    assert show(fields["agreed"], "yes") == show(fields["agreed"], True) == "Yes"
    assert show(fields["amount"], None) == show(fields["colours"], []) == "Not given"


def test_tracking_adds_a_hidden_version_and_reads_the_posted_one():
    record = {"amount": Decimal(1)}
    opened_form = Sample()
    check = track(opened_form, record, scope="/x/", snapshot=dict)
    token = opened_form.fields[VERSION_FIELD].initial
    assert check.token == ""
    assert opened_form[VERSION_FIELD].is_hidden
    posted = Sample({VERSION_FIELD: token})
    assert track(posted, record, scope="/x/", snapshot=dict).token == token
    track(posted, record, scope="/x/", snapshot=dict).verify(record)  # unchanged: passes
    with pytest.raises(StaleEditError):
        track(posted, record, scope="/x/", snapshot=dict).verify({"amount": Decimal(2)})
