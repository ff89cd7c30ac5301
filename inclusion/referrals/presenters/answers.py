"""Check your answers: each section of a referral as a GOV.UK summary list, with a Change link
for every answer, and the required answers still missing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import TextChoices

from inclusion.core.reference import need_type_choices, sen_provision_choices
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.referrals.models import (
    AgencyKind,
    Consent,
    Intervention,
    Plan,
    Purpose,
    Referral,
    SemhDetail,
)
from inclusion.referrals.presenters.task_list import SECTION_TITLES, section_url
from inclusion.referrals.services.form import missing_answers


@dataclass(frozen=True)
class Row:
    key: str
    lines: list[str]
    change_url: str
    change_label: str


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class MissingLink:
    text: str
    url: str


def _labels(values: Iterable[str], choices: Iterable[tuple[str, str]]) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


def _choice(value: str, choices: type[TextChoices]) -> list[str]:
    return _labels([value], choices.choices) if value else []


def _text(value: str) -> list[str]:
    return [value] if value.strip() else []


def _yes_no(value: bool | None) -> list[str]:
    return [] if value is None else ["Yes" if value else "No"]


def _number(value: Decimal | int | None, suffix: str = "") -> list[str]:
    return [] if value is None else [f"{value}{suffix}"]


def _reason(r: Referral) -> list[tuple[str, list[str]]]:
    rows = [("Purpose", _choice(r.purpose, Purpose)), ("Reason", _text(r.reason))]
    if r.purpose == Purpose.PROGRAMME_MANAGEMENT:
        rows += [
            ("Agrees to the recharge", _yes_no(r.recharge_agreed)),
            ("Agreed for the school by", _text(r.commissioning_signatory)),
        ]
    return rows


def _needs(r: Referral) -> list[tuple[str, list[str]]]:
    return [
        ("Communication and interaction", _text(r.needs_communication)),
        ("Cognition and learning", _text(r.needs_cognition)),
        ("Social, emotional and mental health", _text(r.needs_semh)),
        ("Sensory and/or physical", _text(r.needs_sensory_physical)),
        ("SEMH difficulties", _labels(r.semh_details, SemhDetail.choices)),
        ("SEN provision", _labels([r.sen_provision], sen_provision_choices())),
        ("Types of need", _labels(r.need_types, need_type_choices())),
    ]


def _attendance(r: Referral) -> list[tuple[str, list[str]]]:
    return [
        ("Attendance", _number(r.attendance_percent, "%")),
        ("Suspensions", _number(r.suspension_count)),
        ("Days suspended", _number(r.suspension_days)),
        ("Behaviour", _text(r.behaviour_summary)),
    ]


def _agencies(r: Referral) -> list[tuple[str, list[str]]]:
    agencies = _labels([a for a in r.agencies if a != AgencyKind.OTHER], AgencyKind.choices)
    if AgencyKind.OTHER in r.agencies:
        agencies.append(f"Other: {r.agencies_other}")
    return [
        ("Agencies involved", agencies or (["None"] if r.has_social_worker is not None else [])),
        ("Has a social worker", _yes_no(r.has_social_worker)),
        ("Child in need or protection plan", _choice(r.plan, Plan)),
    ]


def _consent(r: Referral) -> list[tuple[str, list[str]]]:
    rows = [("Consent", _choice(r.consent, Consent))]
    if r.consent == Consent.GIVEN:
        rows += [
            ("Given by", _text(r.consent_given_by)),
            ("Date given", _text(govuk_date(r.consent_on))),
        ]
    return [*rows, ("Parent or carer views", _text(r.parent_views))]


def _voice(r: Referral) -> list[tuple[str, list[str]]]:
    return [("The pupil's voice", _text(r.pupil_voice)), ("Known risks", _text(r.known_risks))]


def _contacts(r: Referral) -> list[tuple[str, list[str]]]:
    return [
        ("Your name", _text(r.referrer_name)),
        ("Your role", _text(r.referrer_role)),
        ("Your email address", _text(r.referrer_email)),
        ("Your phone number", _text(r.referrer_phone)),
        ("DSL's name", _text(r.dsl_name)),
        ("DSL's email address", _text(r.dsl_email)),
        ("DSL's phone number", _text(r.dsl_phone)),
    ]


ROWS: dict[str, Callable[[Referral], list[tuple[str, list[str]]]]] = {
    "reason": _reason,
    "needs": _needs,
    "attendance": _attendance,
    "agencies": _agencies,
    "consent": _consent,
    "voice": _voice,
    "contacts": _contacts,
}


def _intervention_rows(interventions: list[Intervention]) -> list[tuple[str, list[str]]]:
    if not interventions:
        return [("Interventions", [])]
    return [
        (
            item.what,
            [f"Started {govuk_date(item.started_on)}", f"Lasted {item.duration}", item.impact],
        )
        for item in interventions
    ]


def _section(referral: Referral, slug: str, pairs: list[tuple[str, list[str]]]) -> Section:
    url = section_url(referral, slug)
    rows = [Row(key, lines, url, key[:1].lower() + key[1:]) for key, lines in pairs]
    return Section(slug, SECTION_TITLES[slug], rows)


def answer_sections(referral: Referral, interventions: list[Intervention]) -> list[Section]:
    sections = []
    for slug in SECTION_TITLES:
        rows: Any = (
            _intervention_rows(interventions) if slug == "interventions" else ROWS[slug](referral)
        )
        sections.append(_section(referral, slug, rows))
    return sections


def missing_links(referral: Referral) -> list[MissingLink]:
    return [
        MissingLink(item.text, section_url(referral, item.section))
        for item in missing_answers(referral)
    ]
