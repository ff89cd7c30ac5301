"""Send one hostile submission to a form and check what comes back: never a 500, nothing
written when the form is refused, and no payload rendered as markup anywhere."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import strategies as st

from tests.conftest import County, client_for
from tests.hostile.discovery import Field, Form
from tests.hostile.payloads import (
    OMIT,
    UNESCAPED,
    choice_value,
    date_triple,
    file_value,
    foreign_ids,
    hostile_text,
    many_choices,
    text_value,
)
from tests.hostile.snapshot import refusal_writes, snapshot
from tests.matrix import ANONYMOUS

# Each page with a file input, and the persona that uploads there (test_imports.py).
IMPORT_PAGES = {
    "attendance:import": "provider",
    "providers:gias_upload": "la_officer",
    "providers:evidence_add": "provider",
}
CSRF = "csrfmiddlewaretoken"
TIME_SUFFIXES = ("_time", "_at")
# Parameters no form offers, sent to see that a view ignores them (or refuses them cleanly).
JUNK_NAMES = ["next", "pk", "id", "status", "pupil", "school", "user", "is_staff", "created_by"]


def signed_in(county: County, persona: str) -> Client:
    """A client for ``persona`` that answers an exception with a 500 rather than raising."""
    client = Client() if persona == ANONYMOUS else client_for(county.memberships[persona])
    client.raise_request_exception = False
    return client


def date_groups(form: Form) -> dict[str, tuple[str, str, str]]:
    """GOV.UK date inputs: ``<prefix>_day``, ``_month`` and ``_year`` together."""
    groups = {}
    for name in form.fields:
        if name.endswith("_day"):
            prefix = name[: -len("_day")]
            month, year = f"{prefix}_month", f"{prefix}_year"
            if month in form.fields and year in form.fields:
                groups[prefix] = (name, month, year)
    return groups


def field_strategy(
    form: Form, field: Field, marker: int, foreign: Sequence[str], upload_limit: int
) -> st.SearchStrategy[Any]:
    if field.kind in {"select", "radio"} and not field.multiple:
        return choice_value(field.options, marker, foreign)
    if field.kind in {"checkbox", "select"}:
        return many_choices(field.options, marker, foreign)
    if field.kind == "submit":
        return st.one_of(st.sampled_from(field.options or [""]), st.just(OMIT))
    if field.kind == "file":
        return file_value(form.url_name, marker, upload_limit)
    if field.kind == "hidden":
        return st.one_of(st.just(field.value), foreign_ids(foreign), hostile_text(marker))
    return text_value(
        marker,
        default=field.value,
        numeric=field.numeric,
        time=field.name.endswith(TIME_SUFFIXES),
    )


def fuzzable(form: Form) -> list[Field]:
    return [f for f in form.fields.values() if f.name != CSRF]


@st.composite
def submissions(
    draw: st.DrawFn, form: Form, foreign: Sequence[str], upload_limit: int
) -> dict[str, Any]:
    """One submission of ``form``. Either every field is plausible, hostile or left out, or
    the form is sent as the page filled it in (an edit form's current values) with one or two
    fields made hostile, so that hostile values also get saved and shown. Sometimes a few
    parameters the form never offered are added."""
    marker = draw(st.integers(1000, 99999), label="marker")
    groups = date_groups(form)
    dated = {name for names in groups.values() for name in names}
    singles = [f for f in fuzzable(form) if f.name not in dated]
    targets = sorted(groups) + [f.name for f in singles]
    focus: set[str] | None = None
    if targets:
        focus = draw(
            st.one_of(st.none(), st.sets(st.sampled_from(targets), min_size=1, max_size=2)),
            label="focus",
        )
    data: dict[str, Any] = dict(form.defaults()) if focus is not None else {}
    if CSRF in form.fields:
        data[CSRF] = form.fields[CSRF].value
    for prefix, names in groups.items():
        if focus is not None and prefix not in focus:
            continue
        triple = draw(date_triple(marker), label=prefix)
        for name in names:
            data.pop(name, None)
        if isinstance(triple, tuple):
            data.update(zip(names, triple, strict=True))
    for field in singles:
        if focus is not None and field.name not in focus:
            continue
        value = draw(field_strategy(form, field, marker, foreign, upload_limit), label=field.name)
        data.pop(field.name, None)
        if value is not OMIT:
            data[field.name] = value
    junk = draw(
        st.dictionaries(
            st.sampled_from([n for n in JUNK_NAMES if n not in form.fields]),
            st.one_of(foreign_ids(foreign), hostile_text(marker)),
            max_size=2,
        ),
        label="junk",
    )
    return data | junk


def is_html(response: Any) -> bool:
    return str(response.get("Content-Type", "")).startswith("text/html")


def check_response(response: Any, what: str) -> None:
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        trace = "".join(traceback.format_exception(*exc_info)) if exc_info else ""
        raise AssertionError(f"{what}: {response.status_code}\n{trace}")
    if is_html(response):
        html = response.content.decode(errors="replace")
        found = UNESCAPED.search(html)
        if found:
            start = max(found.start() - 200, 0)
            raise AssertionError(
                f"{what}: unescaped markup {found.group()!r}:\n{html[start : found.end() + 200]}"
            )
    if response.status_code in {301, 302, 303, 307, 308}:
        location = urlsplit(response["Location"])
        assert location.scheme in {"", "http", "https"}, f"{what}: redirect to {location}"
        assert location.netloc in {"", "testserver"}, f"{what}: redirect off site {location}"


def refused(response: Any) -> bool:
    if response.status_code >= 400:
        return True
    return (
        response.status_code == 200
        and is_html(response)
        and b"govuk-error-summary" in response.content
    )


def attempt(client: Client, form: Form, data: dict[str, Any], who: str) -> None:
    """POST (or GET) ``data`` to the form in a savepoint that is rolled back afterwards."""
    what = f"{form.method.upper()} {form.action} as {who} (form on {form.page})"
    with transaction.atomic():
        before = snapshot() if form.method == "post" else {}
        since = timezone.now()
        if form.method == "post":
            response = client.post(form.action, data)
        else:
            response = client.get(form.path, data)
        check_response(response, what)
        if response.status_code in {301, 302, 303, 307, 308}:
            check_response(client.get(response["Location"]), f"{what} -> then")
            check_response(client.get(form.page), f"{what} -> page again")
        elif form.method == "post" and refused(response):
            wrote = refusal_writes(before, snapshot(), since)
            assert not wrote, f"{what}: refused ({response.status_code}) but wrote " + "; ".join(
                wrote
            )
        transaction.set_rollback(True)
