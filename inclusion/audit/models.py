"""Append-only audit trail. Events are written by :func:`inclusion.audit.services.audit_record`."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class ImmutableAuditError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableAuditError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise ImmutableAuditError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    class Verb(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        VIEW = "view", "Viewed"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Sign-in refused (locked out)"
        SIGN_OUT = "sign_out", "Signed out"
        SWITCH_ROLE = "switch_role", "Changed role"
        PASSWORD_RESET = "password_reset", "Password reset"
        TWO_FACTOR = "two_factor", "Signed in with an authenticator code"
        TWO_FACTOR_FAILED = "two_factor_failed", "Wrong authenticator or recovery code"
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Set up an authenticator app"
        RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", "Made new recovery codes"
        SESSION_EXPIRED = "session_expired", "Signed out by the session time limit"
        EVIDENCE_ADDED = "evidence.added", "Evidence added"
        EVIDENCE_CONFIRMED = "evidence.confirmed", "Evidence confirmed"
        EVIDENCE_REJECTED = "evidence.rejected", "Evidence not accepted"
        EVIDENCE_DOWNLOADED = "evidence.file_downloaded", "Evidence file downloaded"
        EVIDENCE_REMINDER_SENT = "evidence.reminder_sent", "Evidence reminder sent"
        GIAS_IMPORTED = "gias.imported", "GIAS file imported"
        QA_VISIT_RECORDED = "qa.visit_recorded", "QA visit recorded"
        QA_ACTION_COMPLETED = "qa.action_completed", "QA action done"
        REGISTRATION_CHANGE_REQUESTED = (
            "registration_change.requested",
            "Registration change asked for",
        )
        REGISTRATION_CHANGE_CONFIRMED = (
            "registration_change.confirmed",
            "Registration change confirmed",
        )
        REGISTRATION_CHANGE_REJECTED = (
            "registration_change.rejected",
            "Registration change not accepted",
        )

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=48, choices=Verb.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64, blank=True)
    pupil_id = models.UUIDField(null=True, blank=True, db_index=True)
    request_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=list, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} {self.target_type} {self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableAuditError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableAuditError("Audit events cannot be deleted.")
