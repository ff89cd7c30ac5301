"""Concurrent edits: a save from a page opened before someone else saved the same record is
refused and shown with both versions, never written over theirs.

An edit page tracks its form (:func:`track`): a hidden field carries a version token of the
record as it was when the page was opened. The service that saves locks the record's row and
asks the :class:`EditCheck` to compare that token with the record as it is now
(:meth:`EditCheck.verify`); when they differ, or the token is missing or made up, it raises
:class:`~inclusion.core.submit.StaleEditError` and nothing is written. The page then answers
409 with :func:`conflict_page`: what is saved now and what you sent, side by side.

The token is an HMAC (keyed with the project's secret key) of the values of the fields the page
edits, in the form's own terms (its ``initial`` data), and of the page's address: an unrelated
save of the record causes no false conflict, and a token cannot be made up, nor carried over
from another record's page.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat
from django.utils.crypto import constant_time_compare, salted_hmac

from inclusion.audit.models import AuditEvent
from inclusion.core.submit import StaleEditError

__all__ = [
    "VERSION_FIELD",
    "ConflictRow",
    "EditCheck",
    "StaleEditError",
    "conflict_page",
    "conflict_rows",
    "fingerprint",
    "track",
]

R = TypeVar("R")
Snapshot = Mapping[str, Any]

VERSION_FIELD = "edit_version"
_SALT = "inclusion.core.concurrency"
NOT_GIVEN = "Not given"


def _plain(value: Any) -> Any:
    """A value as JSON, the same for the same value however it was read."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, set | frozenset):
        return sorted(str(item) for item in value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def fingerprint(values: Snapshot, *, scope: str) -> str:
    """The version token of ``values`` (a record's edited fields) on the page at ``scope``."""
    text = json.dumps(dict(values), sort_keys=True, default=_plain, separators=(",", ":"))
    return salted_hmac(_SALT, f"{scope}\n{text}", algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class EditCheck(Generic[R]):
    """What a service needs to refuse a stale edit: the token the page was opened with
    (``""`` when none came back), the page it belongs to, and how to read the edited fields
    of the record (``snapshot``: the form's initial data for it)."""

    token: str
    scope: str
    snapshot: Callable[[R], Snapshot]

    def verify(self, record: R) -> None:
        """Raise :class:`StaleEditError` unless ``record`` (read with its row locked, inside the
        write's transaction) is still the version the page was opened at."""
        now = dict(self.snapshot(record))
        expected = fingerprint(now, scope=self.scope)
        if not self.token or not constant_time_compare(self.token, expected):
            raise StaleEditError(now=now, record=record, token_missing=not self.token)


def track(
    form: forms.Form, record: R, *, scope: str, snapshot: Callable[[R], Snapshot]
) -> EditCheck[R]:
    """Give ``form`` the hidden version field for ``record`` as it is now, and return the check
    of the version the posted form (if any) was opened at. ``scope`` is the page's path."""
    form.fields[VERSION_FIELD] = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        initial=fingerprint(snapshot(record), scope=scope),
    )
    posted = form.data.get(VERSION_FIELD, "") if form.is_bound else ""
    return EditCheck(token=str(posted or ""), scope=scope, snapshot=snapshot)


# Showing both versions ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    label: str
    now: str
    yours: str


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | set) and not value)


def _choice_labels(field: forms.ChoiceField) -> list[tuple[str, str]]:
    """(value, label) of every choice, groups flattened; a typed choice also under its typed
    value (yes/no radios hold "yes" in the initial data and True once cleaned)."""
    pairs: list[tuple[str, str]] = []
    for key, label in cast("Iterable[tuple[Any, Any]]", field.choices):
        group = label if isinstance(label, list | tuple) else [(key, label)]
        pairs.extend((str(k), str(text)) for k, text in group)
    if isinstance(field, forms.TypedChoiceField):
        typed = []
        for key, label in pairs:
            try:
                typed.append((str(field.coerce(key)), label))
            except (TypeError, ValueError):
                continue
        pairs.extend(typed)
    return pairs


def _show_choice(field: forms.ChoiceField, value: Any) -> str:
    pairs = _choice_labels(field)
    if isinstance(value, list | tuple | set):
        chosen = {str(item) for item in value}
        shown: list[str] = []
        for key, label in pairs:  # in the order of the choices, however they were sent
            if key in chosen and label not in shown:
                shown.append(label)
        return ", ".join(shown)
    return dict(pairs).get(str(value), str(value))


def _show_model(field: forms.ModelChoiceField[Any], value: Any) -> str:
    if not isinstance(value, models.Model) and field.queryset is not None:
        value = field.queryset.filter(pk=value).first()
    return str(value) if value is not None else "Not on the list"


def show(field: forms.Field, value: Any) -> str:
    """``value`` of ``field`` (initial or cleaned) as words, the way the form offers it."""
    if _is_blank(value):
        return NOT_GIVEN
    if isinstance(field, forms.ModelChoiceField):
        return _show_model(field, value)
    if isinstance(field, forms.ChoiceField):
        return _show_choice(field, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return dateformat.format(value, "j F Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def conflict_rows(form: forms.Form, now: Snapshot) -> list[ConflictRow]:
    """The form's questions whose answer saved now differs from the one sent (valid form)."""
    rows = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or name not in now:
            continue
        saved, sent = show(field, now[name]), show(field, form.cleaned_data.get(name))
        if saved != sent:
            label = str(field.label or name).removesuffix(" (optional)")
            rows.append(ConflictRow(label=label, now=saved, yours=sent))
    return rows


def last_change(record: Any, *, pupil_id: uuid.UUID | None = None) -> AuditEvent | None:
    """The audit trail's latest creation or change of ``record`` (who saved it, and when)."""
    if not isinstance(record, models.Model) or record.pk is None:
        return None
    events = AuditEvent.objects.filter(
        target_type=record._meta.label_lower,
        target_id=str(record.pk),
        verb__in=(AuditEvent.Verb.CREATE, AuditEvent.Verb.UPDATE),
    )
    if pupil_id is not None:  # indexed: keeps the look-up small
        events = events.filter(pupil_id=pupil_id)
    return events.select_related("actor").order_by("-at", "-id").first()


def conflict_page(
    request: HttpRequest,
    form: forms.Form,
    stale: StaleEditError,
    *,
    noun: str,
    back: tuple[str, str],
    pupil_id: uuid.UUID | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """409: the record changed since the page was opened. Both versions of every answer that
    differs, the way to the current version (this page afresh) and ``back`` (url, text)."""
    change = last_change(stale.record, pupil_id=pupil_id)
    if stale.token_missing:
        title = f"Your changes to this {noun} have not been saved"
    else:
        title = f"Someone else changed this {noun} while you were editing it"
    return render(
        request,
        "core/edit_conflict.html",
        {
            **(context or {}),
            "title": title,
            "noun": noun,
            "token_missing": stale.token_missing,
            "rows": conflict_rows(form, stale.now),
            "changed_by": change.actor if change is not None else None,
            "changed_at": change.at if change is not None else None,
            "current_url": request.path,
            "back_url": back[0],
            "back_text": back[1],
        },
        status=409,
    )
