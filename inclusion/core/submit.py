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


def refusal_to_form(form: forms.Form, refusal: RefusedError) -> None:
    """Put the refusal on its field, or on the whole form when the form has no such field."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def submit(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    then: Callable[[T], HttpResponse],
    on_refusal: Callable[[Any, RefusedError], None] = refusal_to_form,
) -> HttpResponse | None:
    """Save through ``write`` on a valid POST: the redirect ``then`` makes from what ``write``
    returned, after the success message ``done``; None when the page is to be shown."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        written = write()
    except RefusedError as refusal:
        on_refusal(form, refusal)
        return None
    messages.success(request, done(written) if callable(done) else done)
    return then(written)
