"""The referral form's task list: its sections in order, and the status of each, derived from
the answers given so far (GOV.UK task list pattern)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from inclusion.referrals.models import Referral, Status
from inclusion.referrals.services.form import SECTION_FIELDS, has_needs, missing_answers

SECTION_TITLES: dict[str, str] = {
    "reason": "Reason and purpose",
    "needs": "Needs",
    "attendance": "Attendance, suspensions and behaviour",
    "interventions": "The graduated response so far",
    "agencies": "Agencies and safeguarding",
    "consent": "Parent or carer views and consent",
    "voice": "The pupil's voice and known risks",
    "contacts": "Referrer and designated safeguarding lead",
}
SECTION_HINTS: dict[str, str] = {
    "reason": "What the referral is for and why",
    "needs": "The four broad areas of need, and SEN provision",
    "interventions": "What the school has tried, and its impact",
    "agencies": "Who else is involved, and safeguarding context",
}

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
CANNOT_START = "Cannot start yet"
TAGS = {NOT_STARTED: "govuk-tag--blue", IN_PROGRESS: "govuk-tag--light-blue"}

# Answers a section needs to be complete beyond those needed to submit (missing_answers).
COMPLETE_WITH: dict[str, tuple[str, ...]] = {
    "attendance": ("attendance_percent", "suspension_count", "suspension_days"),
    "agencies": ("has_social_worker", "plan"),
    "voice": ("pupil_voice", "known_risks"),
}
# SEN provision and need types are copied from the pupil, so they do not start the section.
STARTED_BY: dict[str, tuple[str, ...]] = {
    **SECTION_FIELDS,
    "needs": ("needs_communication", "needs_cognition", "needs_semh", "needs_sensory_physical"),
}


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    status: str
    hint: str = ""

    @property
    def tag(self) -> str:
        """The tag class for the status; blank when the status is plain text."""
        return TAGS.get(self.status, "")

    @property
    def cannot_start(self) -> bool:
        return self.status == CANNOT_START


@dataclass(frozen=True)
class TaskList:
    tasks: list[Task]
    submit: Task

    @property
    def completed(self) -> int:
        return sum(task.status == COMPLETED for task in self.tasks)


def answered(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != []


def section_status(referral: Referral, slug: str, *, interventions: int, missing: set[str]) -> str:
    if slug == "interventions":
        return COMPLETED if interventions else NOT_STARTED
    started = any(answered(getattr(referral, name)) for name in STARTED_BY[slug])
    if slug == "needs":
        started = started or has_needs(referral)
    if not started:
        return NOT_STARTED
    complete = slug not in missing and all(
        answered(getattr(referral, name)) for name in COMPLETE_WITH.get(slug, ())
    )
    return COMPLETED if complete else IN_PROGRESS


def section_url(referral: Referral, slug: str) -> str:
    return reverse("referrals:section", kwargs={"pk": referral.pk, "section": slug})


def task_list(referral: Referral, *, interventions: int) -> TaskList:
    missing = {item.section for item in missing_answers(referral)}
    tasks = [
        Task(
            title=title,
            url=section_url(referral, slug),
            status=section_status(referral, slug, interventions=interventions, missing=missing),
            hint=SECTION_HINTS.get(slug, ""),
        )
        for slug, title in SECTION_TITLES.items()
    ]
    submit = Task(
        title="Check your answers and submit",
        url=reverse("referrals:check", kwargs={"pk": referral.pk}),
        status=CANNOT_START if missing else NOT_STARTED,
        hint="Answer the required questions first" if missing else "",
    )
    return TaskList(tasks=tasks, submit=submit)


def returned_question(referral: Referral) -> str | None:
    """The co-ordinator's question, when the referral has been returned to the school."""
    if referral.status != Status.RETURNED:
        return None
    row = referral.history.filter(status=Status.RETURNED).order_by("-at", "-id").first()
    return row.note if row is not None else ""
