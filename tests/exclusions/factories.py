"""Builders for consultations and exclusions in tests: fictional data only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.exclusions.models import Consultation, Exclusion, ExclusionKind, ExclusionReason
from inclusion.pupils.models import Pupil


def consultation(pupil: Pupil, *, held_on: dt.date | None = None, **fields: Any) -> Consultation:
    from inclusion.accounts.models import User

    raised_by = fields.pop("raised_by", None) or User.objects.order_by("email").first()
    values: dict[str, Any] = {
        "pupil": pupil,
        "school": pupil.school,
        "partnership_id": pupil.school.partnership_id,
        "considered_on": held_on or dt.date(2026, 2, 2),
        "raised_by": raised_by,
        "held_on": held_on,
    }
    if held_on is not None:
        values |= {
            "held_with": "The Partnership Chair",
            "advice": "Try a managed move",
            "alternatives": ["managed_move"],
            "outcome": "proceeding",
        }
    return Consultation.objects.create(**(values | fields))


def exclusion(
    pupil: Pupil,
    *,
    kind: str = ExclusionKind.SUSPENSION,
    start_date: dt.date = dt.date(2026, 2, 10),
    sessions: int = 4,
    school: Any = None,
    **fields: Any,
) -> Exclusion:
    from inclusion.accounts.models import User

    if kind == ExclusionKind.PERMANENT:
        sessions = 0
    elif kind == ExclusionKind.LUNCHTIME:
        sessions = 1
    row = Exclusion.objects.create(
        pupil=pupil,
        school=school or pupil.school,
        kind=kind,
        start_date=start_date,
        sessions=sessions,
        recorded_by=fields.pop("recorded_by", None) or User.objects.order_by("email")[0],
        **fields,
    )
    row.reasons.set([reason("PA")])
    return row


def reason(code: str) -> ExclusionReason:
    return ExclusionReason.objects.get(code=code)
