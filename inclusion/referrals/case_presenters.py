"""How a referral's case page and the triage queue show a referral: display logic only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.core.reference import need_type_choices, sen_provision_choices
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.referrals.lifecycle import EDITABLE_STATUSES, allowed_moves
from inclusion.referrals.models import (
    AgencyKind,
    Intervention,
    Plan,
    Purpose,
    Referral,
    ReferralStatus,
    Routing,
    SemhDetail,
    Status,
)
from inclusion.referrals.routing import unknown_message

NOT_GIVEN = "Not given"

STATUS_COLOURS: dict[str, str] = {
    Status.DRAFT: "govuk-tag--grey",
    Status.SUBMITTED: "govuk-tag--blue",
    Status.RETURNED: "govuk-tag--yellow",
    Status.ACCEPTED: "govuk-tag--green",
    Status.DECIDED: "govuk-tag--purple",
    Status.CLOSED: "govuk-tag--grey",
    Status.WITHDRAWN: "govuk-tag--grey",
}


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str


def status_tag(status: str) -> Tag:
    return Tag(Status(status).label, STATUS_COLOURS.get(status, "govuk-tag--grey"))


def routing_tag(routing: str, la_name: str) -> Tag | None:
    """The flag shown beside a referral whose pupil lives outside the county (or unknown)."""
    if routing == Routing.CITY:
        return Tag("City address", "govuk-tag--pink")
    if routing == Routing.OUT_OF_COUNTY:
        return Tag(f"Out of county: {la_name}" if la_name else "Out of county", "govuk-tag--orange")
    if routing == Routing.UNKNOWN:
        return Tag("Home LA not known", "govuk-tag--red")
    return None


def age_in_days(submitted_at: dt.datetime | None, today: dt.date | None = None) -> int | None:
    if submitted_at is None:
        return None
    today = today or timezone.localdate()
    return max((today - timezone.localtime(submitted_at).date()).days, 0)


def age_label(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "Today"
    return f"{days} day{'s' if days != 1 else ''}"


def _labels(values: Iterable[str], names: dict[str, str]) -> list[str]:
    return [str(names.get(value, value)) for value in values]


def _yes_no(value: bool | None) -> str:
    return NOT_GIVEN if value is None else ("Yes" if value else "No")


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return _number(value)
    return NOT_GIVEN if value in (None, "") else str(value)


def _number(value: Decimal) -> str:
    """``1.0`` → ``1``, ``84.5`` → ``84.5``."""
    shown = f"{value:f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


@dataclass(frozen=True)
class Row:
    key: str
    value: str = ""
    items: list[str] = field(default_factory=list)  # shown as a list when not empty


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[Row]


@dataclass(frozen=True)
class HistoryEntry:
    status: Tag
    at: dt.datetime
    who: str
    note: str


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    secondary: bool


def task_list_url(referral: Referral) -> str:
    """The school's form for this referral."""
    return reverse("referrals:task_list", kwargs={"pk": referral.pk})


def may_edit(referral: Referral, membership: Membership) -> bool:
    return referral.status in EDITABLE_STATUSES and can(membership, "referrals.submit_referral")


TRIAGE_ACTIONS: tuple[tuple[str, str, str, bool], ...] = (
    (Status.ACCEPTED, "Accept for forum", "referrals:accept", False),
    (Status.RETURNED, "Return for information", "referrals:return", True),
    (Status.CLOSED, "Close the referral", "referrals:close", True),
)


def triage_actions(referral: Referral, membership: Membership) -> list[Action]:
    """The triage buttons the membership may use on the referral in its current status."""
    moves = dict(allowed_moves(referral.status))
    return [
        Action(label, reverse(url_name, kwargs={"pk": referral.pk}), secondary)
        for to, label, url_name, secondary in TRIAGE_ACTIONS
        if to in moves and moves[to] == "referrals.triage_referral" and can(membership, moves[to])
    ]


@dataclass
class RoutingPanel:
    referral: Referral

    @property
    def routing(self) -> str:
        return self.referral.routing

    @property
    def is_city(self) -> bool:
        return self.routing == Routing.CITY

    @property
    def is_out_of_county(self) -> bool:
        return self.routing == Routing.OUT_OF_COUNTY

    @property
    def is_home(self) -> bool:
        return self.routing == Routing.HOME

    @property
    def is_unknown(self) -> bool:
        return self.routing in (Routing.UNKNOWN, "")

    @property
    def la_name(self) -> str:
        return self.referral.home_la_name

    @property
    def summary(self) -> str:
        if self.is_unknown and self.referral.status == Status.DRAFT:
            return "Worked out from the home postcode when the referral is submitted"
        if self.is_unknown:
            return unknown_message(self.referral.pupil.postcode)
        return f"{Routing(self.routing).label}: {self.la_name}" if self.la_name else ""

    @property
    def tag(self) -> Tag | None:
        return routing_tag(self.routing, self.la_name)

    @property
    def city_steps(self) -> list[str]:
        return [
            "Tell the school that the pupil's home address is in Leicester City.",
            "Contact Leicester City Council's inclusion team and agree the transfer of "
            "support from the City.",
            "Record what was agreed in a note on this case.",
        ]

    @property
    def confirmed(self) -> bool:
        return self.referral.routing_confirmed_at is not None


@dataclass
class VirtualSchoolStep:
    care_la_name: str
    is_home_la: bool

    @property
    def heading(self) -> str:
        return f"Looked after by {self.care_la_name}"

    @property
    def steps(self) -> list[str]:
        if self.is_home_la:
            return [
                f"This is a {self.care_la_name} child in care: the pupil is admitted with the "
                f"{self.care_la_name} Virtual School.",
                f"Involve the {self.care_la_name} Virtual School in this referral and invite "
                "them to any forum discussion.",
            ]
        return [
            f"{self.care_la_name}'s Virtual School is responsible for the pupil's education: "
            "tell them about this referral and invite them to any forum discussion.",
            "Work with the pupil's social worker from " + self.care_la_name + ".",
        ]


def virtual_school_step(referral: Referral) -> VirtualSchoolStep | None:
    pupil = referral.pupil
    if not pupil.looked_after or pupil.care_la is None:
        return None
    care_la = pupil.care_la
    return VirtualSchoolStep(care_la.name, care_la.dfe_code == settings.SERVICE_HOME_LA_CODE)


def _who(row: ReferralStatus) -> str:
    name = str(row.actor)
    if row.membership is None:
        return name
    return f"{name} ({row.membership.get_role_display()}, {row.membership.organisation})"


@dataclass
class CasePresenter:
    referral: Referral
    history_rows: list[ReferralStatus]
    interventions: list[Intervention]

    @property
    def status(self) -> Tag:
        return status_tag(self.referral.status)

    @property
    def age(self) -> str:
        return age_label(age_in_days(self.referral.submitted_at))

    @property
    def purpose(self) -> str:
        return self.referral.get_purpose_display() or NOT_GIVEN

    @cached_property
    def routing(self) -> RoutingPanel:
        return RoutingPanel(self.referral)

    @cached_property
    def virtual_school(self) -> VirtualSchoolStep | None:
        return virtual_school_step(self.referral)

    @cached_property
    def history(self) -> list[HistoryEntry]:
        """Newest first."""
        return [
            HistoryEntry(status_tag(row.status), row.at, _who(row), row.note)
            for row in reversed(self.history_rows)
        ]

    @cached_property
    def question(self) -> str:
        """The co-ordinator's latest question, while the referral waits for the school."""
        if self.referral.status != Status.RETURNED:
            return ""
        returned = [row for row in self.history_rows if row.status == Status.RETURNED]
        return returned[-1].note if returned else ""

    @cached_property
    def sections(self) -> list[Section]:
        r = self.referral
        return [
            self._purpose_section(r),
            self._needs_section(r),
            Section(
                "Attendance, suspensions and behaviour this year",
                [
                    Row(
                        "Attendance",
                        f"{_number(Decimal(str(r.attendance_percent)))}%"
                        if r.attendance_percent is not None
                        else NOT_GIVEN,
                    ),
                    Row("Suspensions", _text(r.suspension_count)),
                    Row("Days of suspension", _text(r.suspension_days)),
                    Row("Behaviour summary", _text(r.behaviour_summary)),
                ],
            ),
            self._agencies_section(r),
            Section(
                "Views, consent and risks",
                [
                    Row("Parent or carer's views", _text(r.parent_views)),
                    Row("Consent", self._consent(r)),
                    Row("The pupil's voice", _text(r.pupil_voice)),
                    Row("Known risks", _text(r.known_risks)),
                ],
            ),
            Section(
                "Referrer and designated safeguarding lead",
                [
                    Row("Referrer", self._person(r.referrer_name, r.referrer_role)),
                    Row("Referrer's contact", self._contact(r.referrer_email, r.referrer_phone)),
                    Row("DSL", _text(r.dsl_name)),
                    Row("DSL's contact", self._contact(r.dsl_email, r.dsl_phone)),
                ],
            ),
        ]

    @staticmethod
    def _purpose_section(r: Referral) -> Section:
        rows = [
            Row("Purpose", r.get_purpose_display() or NOT_GIVEN),
            Row("Reason for the referral", _text(r.reason)),
        ]
        if r.purpose == Purpose.PROGRAMME_MANAGEMENT:
            rows += [
                Row("Agrees to the average-pupil-cost recharge", _yes_no(r.recharge_agreed)),
                Row("Signed for the school by", _text(r.commissioning_signatory)),
            ]
        return Section("Reason and purpose", rows)

    @staticmethod
    def _needs_section(r: Referral) -> Section:
        need_names = dict(need_type_choices())
        return Section(
            "Needs",
            [
                Row("Communication and interaction", _text(r.needs_communication)),
                Row("Cognition and learning", _text(r.needs_cognition)),
                Row("Social, emotional and mental health", _text(r.needs_semh)),
                Row(
                    "Social, emotional and mental health difficulties",
                    "" if r.semh_details else "None recorded",
                    _labels(r.semh_details, dict(SemhDetail.choices)),
                ),
                Row("Sensory and/or physical", _text(r.needs_sensory_physical)),
                Row("SEN provision", dict(sen_provision_choices()).get(r.sen_provision, NOT_GIVEN)),
                Row(
                    "Need types",
                    "" if r.need_types else "None recorded",
                    _labels(r.need_types, need_names),
                ),
            ],
        )

    @staticmethod
    def _agencies_section(r: Referral) -> Section:
        agencies = _labels(r.agencies, dict(AgencyKind.choices))
        if r.agencies_other:
            agencies.append(f"Other: {r.agencies_other}")
        return Section(
            "Agencies and safeguarding",
            [
                Row("Agencies involved", "" if agencies else "None", agencies),
                Row("Has a social worker", _yes_no(r.has_social_worker)),
                Row("Child in need or protection plan", dict(Plan.choices).get(r.plan, NOT_GIVEN)),
            ],
        )

    @staticmethod
    def _consent(r: Referral) -> str:
        """``Given by Parent on 3 March 2026``."""
        label = r.get_consent_display() or NOT_GIVEN
        if r.consent_given_by:
            label += f" by {r.consent_given_by}"
        if r.consent_on is not None:
            label += f" on {govuk_date(r.consent_on)}"
        return label

    @staticmethod
    def _person(name: str, role: str) -> str:
        return ", ".join(part for part in (name, role) if part) or NOT_GIVEN

    @staticmethod
    def _contact(email: str, phone: str) -> str:
        return ", ".join(part for part in (email, phone) if part) or NOT_GIVEN


@dataclass(frozen=True)
class QueueRow:
    referral: Referral
    today: dt.date

    @property
    def pk(self) -> object:
        return self.referral.pk

    @property
    def reference(self) -> str:
        return self.referral.reference

    @property
    def pupil_name(self) -> str:
        return self.referral.pupil.display_name

    @property
    def school_name(self) -> str:
        return self.referral.school.name

    @property
    def purpose(self) -> str:
        return self.referral.get_purpose_display() or NOT_GIVEN

    @property
    def status(self) -> Tag:
        return status_tag(self.referral.status)

    @property
    def age(self) -> str:
        return age_label(age_in_days(self.referral.submitted_at, self.today))

    @property
    def routing(self) -> Tag | None:
        return routing_tag(self.referral.routing, self.referral.home_la_name)


def queue_rows(referrals: Iterable[Referral]) -> list[QueueRow]:
    today = timezone.localdate()
    return [QueueRow(referral, today) for referral in referrals]
