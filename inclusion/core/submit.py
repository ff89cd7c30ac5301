"""One way for a page to save a form through a service.

On a valid POST the page's write (a service call) runs; a business rule's refusal
(:class:`RefusedError`, raised by the service) becomes a GOV.UK error on the form and nothing is
written (the service is atomic); on success the page says so and redirects. On a GET, or with
form errors, :func:`submit` answers None and the page is shown (again, with its errors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse

T = TypeVar("T")


class RefusedError(ValueError):
    """A business rule refused a write. ``message`` is fit to show (GOV.UK wording, no personal
    data); ``field`` is the form field it belongs to (None: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleEditError(RefusedError):
    """The record changed since the page was opened (or the page did not say which version it
    was opened at): nothing was written. ``now`` holds the edited fields' values as saved now
    (as the form's initial data); ``record`` is the record as saved now (None: there is none).
    See :mod:`inclusion.core.concurrency`."""

    MESSAGE = (
        "Someone else changed this while you were editing it. Open the page again to see "
        "their changes, then make yours"
    )

    def __init__(self, *, now: dict[str, Any], record: Any, token_missing: bool) -> None:
        super().__init__(self.MESSAGE)
        self.now = now
        self.record = record
        self.token_missing = token_missing


def refusal_to_form(form: forms.Form, refusal: RefusedError) -> None:
    """Put the refusal on its field, or on the whole form when the form has no such field."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def submit(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[], T],
    *,
    done: str | Callable[[T], str] | None,
    then: Callable[[T], HttpResponse],
    on_refusal: Callable[[Any, RefusedError], None] = refusal_to_form,
    on_stale: Callable[[StaleEditError], HttpResponse] | None = None,
) -> HttpResponse | None:
    """Save through ``write`` on a valid POST: the redirect ``then`` makes from what ``write``
    returned, after the success message ``done`` (None: no message); None when the page is to
    be shown. A stale edit (:class:`StaleEditError`) is answered by ``on_stale`` when given
    (the page showing both versions), else shown on the form like any refusal."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        written = write()
    except StaleEditError as stale:
        if on_stale is not None:
            return on_stale(stale)
        on_refusal(form, stale)
        return None
    except RefusedError as refusal:
        on_refusal(form, refusal)
        return None
    if done is not None:
        messages.success(request, done(written) if callable(done) else done)
    return then(written)
