"""Notifications in the app and by e-mail (issue 4, part 7), and the inbox."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.accounts.models import Membership
from inclusion.notifications.models import Notification
from inclusion.notifications.services import notify
from inclusion.referrals.models import Referral, Status
from inclusion.referrals.services.lifecycle import referral_transition
from tests.helpers import content, on_page
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def _personal_details(county) -> list[str]:
    pupil = county.pupil_a
    return [
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.upn,
        pupil.date_of_birth.isoformat(),
        pupil.postcode,
    ]


def _assert_no_personal_data(county, text: str) -> None:
    for detail in _personal_details(county):
        assert detail not in text, detail


def _detail_link(referral: Referral) -> str:
    path = reverse("referrals:detail", kwargs={"pk": referral.pk})
    return settings.SERVICE_URL.rstrip("/") + path


def test_submission_notifies_the_coordinators(county, django_capture_on_commit_callbacks):
    school = county.memberships["school_a"]
    referral = make_referral(pupil=county.pupil_a, by=school, status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        referral_transition(
            referral=referral, to=Status.SUBMITTED, actor=school.user, membership=school
        )
    coordinator = county.memberships["coordinator"]
    notification = Notification.objects.get()
    assert notification.membership == coordinator
    assert notification.recipient == coordinator.user
    assert referral.reference in notification.message
    assert notification.url == reverse("referrals:detail", kwargs={"pk": referral.pk})
    _assert_no_personal_data(county, notification.message)

    assert [m.to for m in mail.outbox] == [[coordinator.user.email]]
    email = mail.outbox[0]
    assert referral.reference in email.subject
    assert referral.reference in email.body
    assert _detail_link(referral) in email.body
    _assert_no_personal_data(county, f"{email.subject}\n{email.body}")


def test_return_notifies_the_school(county, persona_client, django_capture_on_commit_callbacks):
    referral = make_referral(pupil=county.pupil_a, by=county.memberships["school_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client("coordinator").post(
            reverse("referrals:return", kwargs={"pk": referral.pk}),
            {"note": "Which agencies have you contacted?"},
        )
    assert response.status_code == 302
    school = county.memberships["school_a"]
    notification = Notification.objects.get(membership=school)
    assert notification.message == (
        f"Referral {referral.reference} has been returned with a question for the school"
    )
    assert not Notification.objects.exclude(membership=school).exists()  # not school_b
    assert [m.to for m in mail.outbox] == [[school.user.email]]
    body = f"{mail.outbox[0].subject}\n{mail.outbox[0].body}"
    assert referral.reference in body
    assert _detail_link(referral) in body
    _assert_no_personal_data(county, body)
    assert "Which agencies" not in body  # the question stays behind the sign-in


# The inbox -------------------------------------------------------------------------------


def _notify(membership: Membership, message: str, url: str = "/pupils/") -> Notification:
    return notify(memberships=[membership], message=message, url=url)[0]


def test_the_inbox_lists_the_members_own_newest_first(county, persona_client):
    coordinator = county.memberships["coordinator"]
    _notify(coordinator, "Referral R-AAAA2222 has been submitted to the partnership")
    _notify(coordinator, "Referral R-BBBB3333 has been submitted to the partnership")
    _notify(county.memberships["chair"], "Referral R-CCCC4444 is for someone else")
    response = persona_client("coordinator").get(INBOX)
    html = content(response)
    assert response.status_code == 200
    assert html.index("R-BBBB3333") < html.index("R-AAAA2222")
    assert "R-CCCC4444" not in html
    assert html.count("Unread</strong>") == 2
    assert on_page(response, "2 unread.")
    assert "Mark all as read" in html


def test_an_empty_inbox(persona_client):
    response = persona_client("governance").get(INBOX)
    assert response.status_code == 200
    assert "You have no notifications." in content(response)


def test_opening_marks_read_and_follows_the_link(county, persona_client):
    referral = make_referral(pupil=county.pupil_a, by=county.memberships["school_a"])
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    note = _notify(county.memberships["coordinator"], f"Referral {referral.reference}", url)
    client = persona_client("coordinator")
    response = client.get(reverse("notifications:open", kwargs={"pk": note.pk}))
    assert response.status_code == 302
    assert response["Location"] == url
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Unread</strong>" not in content(client.get(INBOX))


@pytest.mark.parametrize("persona", ["chair", "school_a", "la_officer"])
def test_someone_elses_notification_is_404(county, persona_client, persona):
    note = _notify(county.memberships["coordinator"], "Referral R-AAAA2222")
    response = persona_client(persona).get(reverse("notifications:open", kwargs={"pk": note.pk}))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_a_link_off_the_service_is_not_followed(county, persona_client):
    note = _notify(county.memberships["coordinator"], "Odd link", "https://example.com/")
    response = persona_client("coordinator").get(
        reverse("notifications:open", kwargs={"pk": note.pk})
    )
    assert response["Location"] == INBOX


def test_mark_all_as_read(county, persona_client):
    coordinator = county.memberships["coordinator"]
    mine = [_notify(coordinator, f"Referral R-AAAA222{n}") for n in range(3)]
    theirs = _notify(county.memberships["chair"], "Referral R-CCCC4444")
    client = persona_client("coordinator")
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(INBOX)
    assert on_page(page, "3 notifications marked as read")
    assert "Mark all as read" not in content(page)


def test_mark_all_as_read_needs_a_post(persona_client):
    assert persona_client("coordinator").get(reverse("notifications:read_all")).status_code == 405


def test_the_inbox_keeps_a_constant_query_count(county, persona_client):
    coordinator = county.memberships["coordinator"]
    client = persona_client("coordinator")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INBOX).status_code == 200
        return len(captured.captured_queries)

    for n in range(5):
        _notify(coordinator, f"Referral R-SMAL{n:04d}")
    small = count()
    for n in range(50):
        _notify(coordinator, f"Referral R-LARG{n:04d}")
    assert count() == small
