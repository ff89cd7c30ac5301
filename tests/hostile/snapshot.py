"""A cheap but complete picture of the database: a hash of every row of every table, so a
refused form can be shown to have written nothing at all."""

from __future__ import annotations

import hashlib
from typing import Any

from django.apps import apps
from django.db import connection

from inclusion.accounts.models import SignInFailure
from inclusion.audit.models import AuditEvent

# Tables a refused request may still change, and why.
MAY_CHANGE_ON_REFUSAL = {
    # The session is saved on every request (the acting role, messages, the sign-in state).
    "django_session",
}


def tables() -> list[str]:
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(names - MAY_CHANGE_ON_REFUSAL)


def snapshot() -> dict[str, str]:
    """Each table's row count and a hash of all its rows."""
    result: dict[str, str] = {}
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.blake2b("\n".join(rows).encode(), digest_size=16).hexdigest()
            result[table] = f"{len(rows)} rows {digest}"
    return result


# A refused sign-in or second-factor code is recorded on purpose, to throttle guessing and to
# trace it (inclusion/accounts/services.py, two_factor.py): a failure row, the device's
# throttle counter and an audit event of a failure verb. A refusal page that shows a pupil's
# record (an edit conflict, inclusion/core/concurrency.py) audits that view. Nothing else may
# change.
SECURITY_TABLES = {
    SignInFailure._meta.db_table,
    AuditEvent._meta.db_table,
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
}
REFUSAL_VERBS = {
    AuditEvent.Verb.VIEW,
    AuditEvent.Verb.SIGN_IN_FAILED,
    AuditEvent.Verb.LOCKED_OUT,
    AuditEvent.Verb.TWO_FACTOR_FAILED,
}


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [f"{t}: {before.get(t)} -> {after.get(t)}" for t in after if before.get(t) != after[t]]


def refusal_writes(before: dict[str, str], after: dict[str, str], since: Any) -> list[str]:
    """What a refused request wrote beyond the record of a failed sign-in or code."""
    tables = {t for t in after if before.get(t) != after[t]}
    if tables <= SECURITY_TABLES:
        new_events = AuditEvent.objects.filter(at__gte=since).exclude(verb__in=REFUSAL_VERBS)
        if AuditEvent._meta.db_table not in tables or not new_events.exists():
            return []
    verbs = sorted(AuditEvent.objects.filter(at__gte=since).values_list("verb", flat=True))
    return [*changed(before, after), f"new audit events {verbs}"]
