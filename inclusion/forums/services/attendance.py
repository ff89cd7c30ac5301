"""Recording who attended a meeting: schools of the partnership, agencies and other
organisations, and who represented each. Saving replaces the meeting's list; audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.forums.models import Attendance, ForumMeeting
from inclusion.forums.selectors.meetings import meetings_visible_to
from inclusion.forums.selectors.options import agencies_for, partnership_schools
from inclusion.forums.services.errors import ForumError, ForumNotAllowedError
from inclusion.forums.timing import is_held
from inclusion.organisations.models import Agency, School


@dataclass(frozen=True)
class Attendee:
    represented_by: str
    school: School | None = None
    agency: Agency | None = None
    organisation_name: str = ""


def _check(membership: Membership, meeting: ForumMeeting, attendees: Sequence[Attendee]) -> None:
    schools = set(partnership_schools(meeting).values_list("pk", flat=True))
    agencies = set(agencies_for(meeting).values_list("pk", flat=True))
    for row in attendees:
        kinds = [row.school is not None, row.agency is not None, bool(row.organisation_name)]
        if kinds.count(True) != 1:
            raise ForumError("Each attendee must be one school, agency or other organisation")
        if row.school is not None and row.school.pk not in schools:
            raise ForumError("Select schools of the partnership")
        if row.agency is not None and row.agency.pk not in agencies:
            raise ForumError("Select agencies from the list")


@transaction.atomic
def attendance_record(
    *, actor: User, membership: Membership, meeting: ForumMeeting, attendees: Sequence[Attendee]
) -> list[Attendance]:
    if not can(membership, "forums.record_attendance"):
        raise ForumNotAllowedError
    locked = (
        meetings_visible_to(membership=membership).select_for_update().filter(pk=meeting.pk).first()
    )
    if locked is None:
        raise ForumNotAllowedError
    if not is_held(locked, timezone.now()):
        raise ForumError("Attendance is recorded from the day of the meeting")
    _check(membership, locked, attendees)
    Attendance.objects.filter(meeting=locked).delete()
    rows = Attendance.objects.bulk_create(
        Attendance(
            meeting=locked,
            school=row.school,
            agency=row.agency,
            organisation_name=row.organisation_name,
            represented_by=row.represented_by,
        )
        for row in attendees
    )
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=locked,
        changes=["attendance"],
    )
    return rows
