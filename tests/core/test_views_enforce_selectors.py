"""Views read scoped models only through selectors (DESIGN.md §6): a static check."""

from __future__ import annotations

import ast
from pathlib import Path

import inclusion

SCOPED_MODELS = {
    "Pupil",
    "Contact",
    "PupilNeed",
    "AuditEvent",
    "TierChange",
    "Referral",
    "ReferralStatus",
    "Intervention",
    "ForumMeeting",
    "AgendaItem",
    "Decision",
    "Action",
    "Notification",
    "Placement",
    "PlacementSession",
    "PlacementStatus",
    "RiskAssessment",
    "RiskHazard",
    "EducationPlan",
    "Target",
    "Review",
    "ProviderNote",
    "AttendanceMark",
    "AttendanceAlert",
    "ComplianceEvidence",
    "QaVisit",
    "QaAction",
    "AttendanceSupportPlan",
    "SupportIntervention",
    "WeeklyCheckIn",
    "Visit",
    *("Consultation", "Exclusion"),
    *("FairAccessCase", "InYearAttempt", "PanelMeeting", "CaseStatusChange", "EmailTemplate"),
    "ManagedMove",
    "OffsiteDirection",
    "DirectionReview",
    "ReviewRequest",
}
PACKAGE = Path(inclusion.__file__).resolve().parent


def view_modules() -> list[Path]:
    """Every views.py, and every module of a views package."""
    found = set(PACKAGE.rglob("views.py")) | set(PACKAGE.rglob("views/*.py"))
    return sorted(found)


def manager_uses(source: str) -> list[str]:
    """``Model.objects`` / ``Model._default_manager`` / ``Model._base_manager`` of scoped models."""
    uses = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in SCOPED_MODELS
        ):
            uses.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return uses


def test_the_scan_finds_the_view_modules():
    names = {path.relative_to(PACKAGE).as_posix() for path in view_modules()}
    assert {"pupils/views.py", "audit/views.py", "accounts/views.py", "core/views.py"} <= names


def test_the_scan_catches_a_violation():
    sample = (
        "from inclusion.pupils.models import Pupil\n"
        "def view(request):\n"
        "    return Pupil.objects.all(), AuditEvent._default_manager.none()\n"
    )
    assert manager_uses(sample) == ["line 3: Pupil.objects", "line 3: AuditEvent._default_manager"]
    assert manager_uses("def view(request):\n    return School.objects.all()\n") == []


def test_no_view_module_touches_a_scoped_models_manager():
    offences = {
        path.relative_to(PACKAGE).as_posix(): uses
        for path in view_modules()
        if (uses := manager_uses(path.read_text(encoding="utf-8")))
    }
    assert offences == {}


def test_no_view_module_mentions_a_scoped_manager_even_indirectly():
    """A text scan as well, to catch uses the AST check cannot see (strings, getattr)."""
    offences = []
    for path in view_modules():
        text = path.read_text(encoding="utf-8")
        offences += [
            f"{path.relative_to(PACKAGE)}: {model}.objects"
            for model in SCOPED_MODELS
            if f"{model}.objects" in text
        ]
    assert offences == []
