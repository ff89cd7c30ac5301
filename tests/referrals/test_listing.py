"""The list of every referral a role may see: a school's own (drafts included), a
partnership's for its chair, never another school's; a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.referrals.models import Status
from tests.helpers import content
from tests.referrals.factories import make_referral

LIST = reverse("referrals:list")


@pytest.fixture
def referrals(county):
    school_a = county.memberships["school_a"]
    return {
        "draft_a": make_referral(pupil=county.pupil_a, by=school_a, status=Status.DRAFT),
        "submitted_a": make_referral(pupil=county.pupil_a, by=school_a),
        "submitted_b": make_referral(
            pupil=county.pupil_b, by=county.memberships["school_b"], status=Status.ACCEPTED
        ),
    }


def test_a_school_sees_its_own_referrals_drafts_included(persona_client, referrals):
    html = content(persona_client("school_a").get(LIST))
    assert referrals["draft_a"].reference in html
    assert referrals["submitted_a"].reference in html
    assert referrals["submitted_b"].reference not in html
    assert "Start a referral" in html
    assert "Not submitted" in html


def test_the_chair_sees_the_partnerships_submitted_referrals_only(persona_client, referrals):
    html = content(persona_client("chair").get(LIST))
    assert referrals["submitted_a"].reference in html
    assert referrals["submitted_b"].reference in html
    assert referrals["draft_a"].reference not in html
    assert "Start a referral" not in html


def test_the_list_keeps_a_constant_query_count(persona_client, county):
    client = persona_client("school_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    school_a = county.memberships["school_a"]
    make_referral(pupil=county.pupil_a, by=school_a)
    few = queries()
    for _ in range(15):
        make_referral(pupil=county.pupil_a, by=school_a)
    assert queries() == few


def test_a_referral_starts_from_the_pupil_page(persona_client, county):
    from inclusion.referrals.models import Referral

    client = persona_client("school_a")
    page = content(client.get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})))
    assert "Start a referral for this pupil" in page
    response = client.post(reverse("referrals:start"), {"pupil": str(county.pupil_a.pk)})
    referral = Referral.objects.get(pupil=county.pupil_a)
    assert response["Location"] == reverse("referrals:task_list", kwargs={"pk": referral.pk})
    chair_page = content(
        persona_client("chair").get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk}))
    )
    assert "Start a referral for this pupil" not in chair_page


def test_withdrawing_a_draft_tells_nobody_but_withdrawing_a_submission_tells_the_partnership(
    county,
):
    from inclusion.notifications.models import Notification
    from inclusion.referrals.services.lifecycle import referral_transition

    school_a = county.memberships["school_a"]
    draft = make_referral(pupil=county.pupil_a, by=school_a, status=Status.DRAFT)
    referral_transition(
        referral=draft, to=Status.WITHDRAWN, actor=school_a.user, membership=school_a
    )
    assert not Notification.objects.exists()
    submitted = make_referral(pupil=county.pupil_a, by=school_a)
    referral_transition(
        referral=submitted, to=Status.WITHDRAWN, actor=school_a.user, membership=school_a
    )
    assert Notification.objects.filter(membership=county.memberships["coordinator"]).count() == 1
