"""Reads for subject access and retention, scoped to the acting membership: only LA officers,
and only pupils and runs of their own authority (everything else answers 404)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from inclusion.accounts.models import Membership, Role
from inclusion.attendance.models import AttendanceMark
from inclusion.organisations.models import LocalAuthority
from inclusion.placements.models import Placement
from inclusion.privacy.models import (
    AnonymisedPupil,
    Basis,
    LegalHold,
    RetentionRule,
    RetentionRun,
)
from inclusion.privacy.retention import PupilFacts, Rule
from inclusion.pupils.models import Pupil, PupilNeed
from inclusion.pupils.selectors import access_pupil
from inclusion.referrals.models import Plan, Referral


def _officer(membership: Membership | None) -> Membership:
    if membership is None or membership.role != Role.LA_OFFICER:
        raise Http404
    return membership


def pupil_for_subject_access(*, membership: Membership | None, pk: uuid.UUID) -> Pupil:
    """The pupil, for an LA officer of the pupil's authority; otherwise 404."""
    return access_pupil(membership=_officer(membership), pk=pk)


def holds_of(*, pupil: Pupil) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(pupil=pupil).select_related("placed_by", "lifted_by")


def open_hold(*, pupil: Pupil) -> LegalHold | None:
    return LegalHold.objects.filter(pupil=pupil, lifted_at__isnull=True).first()


def runs_for(*, membership: Membership | None) -> QuerySet[RetentionRun]:
    officer = _officer(membership)
    return RetentionRun.objects.filter(local_authority_id=officer.local_authority_id)


def last_dry_run(*, membership: Membership | None) -> RetentionRun | None:
    return runs_for(membership=membership).filter(applied=False).first()


def retention_rules() -> dict[str, Rule]:
    return {
        rule.record_type: Rule(rule.record_type, rule.basis, rule.years, rule.action)
        for rule in RetentionRule.objects.all()
    }


def authorities_with_pupils() -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.filter(
        Exists(Pupil.objects.filter(school__local_authority=OuterRef("pk")))
    ).order_by("dfe_code")


def _open_hold_on(pupil_ref: str) -> Exists:
    return Exists(LegalHold.objects.filter(pupil=OuterRef(pupil_ref), lifted_at__isnull=True))


def pupil_facts(*, local_authority: LocalAuthority) -> list[PupilFacts]:
    """What the rules need to know about every not yet anonymised pupil of the authority (a
    constant number of queries)."""
    pupils = (
        Pupil.objects.filter(school__local_authority=local_authority)
        .exclude(Exists(AnonymisedPupil.objects.filter(pupil=OuterRef("pk"))))
        .annotate(
            needs_recorded=Exists(PupilNeed.objects.filter(pupil=OuterRef("pk"))),
            child_protection=Exists(
                Referral.objects.filter(pupil=OuterRef("pk"), plan=Plan.CHILD_PROTECTION)
            ),
            open_placement=Exists(
                Placement.objects.filter(pupil=OuterRef("pk"), end_date__isnull=True)
            ),
            last_ended=Max("placements__end_date"),
            held=_open_hold_on("pk"),
        )
        .order_by("pk")
    )
    return [
        PupilFacts(
            pupil_id=pupil.pk,
            date_of_birth=pupil.date_of_birth,
            created_on=pupil.created_at.date(),
            ended_on=None if pupil.open_placement else pupil.last_ended,
            has_sen=pupil.sen_provision in ("E", "K") or pupil.needs_recorded,
            has_child_protection=pupil.child_protection,
            held=pupil.held,
        )
        for pupil in pupils
    ]


def marks_due(
    *, local_authority: LocalAuthority, basis: str, on_or_before: dt.date
) -> list[tuple[uuid.UUID, uuid.UUID, bool]]:
    """(mark, pupil, on legal hold) for the authority's attendance marks dated (or whose
    placement ended, or whose pupil was born) on or before a day."""
    when = {
        Basis.DATE_OF_BIRTH: Q(placement__pupil__date_of_birth__lte=on_or_before),
        Basis.CREATED: Q(date__lte=on_or_before),
        Basis.ENDED: Q(placement__end_date__lte=on_or_before),
    }[Basis(basis)]
    marks = AttendanceMark.objects.filter(
        when, placement__pupil__school__local_authority=local_authority
    ).annotate(held=_open_hold_on("placement__pupil"))
    return [
        (mark.pk, mark.placement.pupil_id, mark.held)
        for mark in marks.select_related("placement").only("pk", "placement__pupil_id")
    ]
