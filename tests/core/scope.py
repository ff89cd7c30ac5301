"""Shared helpers for the scope tests (``test_scope_post.py``, ``test_scope_leaks.py``): the
matrix URLs resolved for a county, a one-query snapshot of every table's row count, and the
fields a page's own form would post."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.db import connection
from django.test import Client

from tests.conftest import County, client_for
from tests.core.test_permission_matrix import MATRIX, _outcome, _url
from tests.matrix import ANONYMOUS, Entry, Expected


def client_as(persona: str, county: County) -> Client:
    return Client() if persona == ANONYMOUS else client_for(county.memberships[persona])


def matrix_urls(county: County) -> dict[str, str]:
    """Every matrix URL, its kwargs made once (the factories make the records they name)."""
    return {name: _url(name, entry, county) for name, entry in sorted(MATRIX.items())}


def outcome(response: Any) -> Expected:
    return _outcome(response)


def entry(name: str) -> Entry:
    return MATRIX[name]


# Row counts ---------------------------------------------------------------------------------


def _tables() -> list[str]:
    found = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    existing = set(connection.introspection.table_names())
    return sorted(found & existing)


def row_counts() -> dict[str, int]:
    """The number of rows in every table of every model, in one query."""
    tables = _tables()
    qn = connection.ops.quote_name
    # The models' own table names, quoted: no outside input.
    columns = ", ".join(f"(SELECT COUNT(*) FROM {qn(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(tables, (int(n) for n in row), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


# Forms --------------------------------------------------------------------------------------


@dataclass
class _Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, str] = field(default_factory=dict)
    submit: tuple[str, str] | None = None


PLAUSIBLE_TEXT = "Fictional"


def _plausible(name: str, kind: str) -> str:
    """A value an empty field of ``kind`` might be given by someone using the page."""
    if name.endswith("_day"):
        return "3"
    if name.endswith("_month"):
        return "3"
    if name.endswith("_year"):
        return "2026"
    if kind == "email" or "email" in name:
        return "someone@example.org"
    if kind == "tel" or "phone" in name:
        return "0116 496 0000"
    if "postcode" in name:
        return "LE10 1AA"
    if kind == "url" or "website" in name:
        return "https://example.org"
    if kind == "number":
        return "1"
    if kind == "date":
        return "2026-03-03"
    if kind == "time":
        return "09:30"
    return PLAUSIBLE_TEXT


class _FormParser(HTMLParser):
    """The POST forms of a page, each with the values a submitting browser would send, with
    empty text fields filled in and the first choice of an unanswered question taken."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = _Form(action=a.get("action", ""))
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            self._input(form, name, a)
        elif tag == "button" and name and form.submit is None:
            if a.get("type", "submit") == "submit":
                form.submit = (name, a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if "selected" in a:
                self._select_value = value
            if self._select_first is None:
                self._select_first = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def _input(self, form: _Form, name: str, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        value = a.get("value", "")
        if kind in ("submit", "image"):
            if form.submit is None:
                form.submit = (name, value)
        elif kind == "file":
            return
        elif kind == "radio":
            if "checked" in a or name not in form.radios:
                form.radios[name] = value
        elif kind == "checkbox":
            if "checked" in a:
                form.fields.append((name, value or "on"))
        elif kind == "hidden":
            form.fields.append((name, value))
        else:
            form.fields.append((name, value or _plausible(name, kind)))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if form is None:
            return
        if tag == "select" and self._select is not None:
            # A browser sends the selected option, else the first.
            value = self._select_value if self._select_value is not None else self._select_first
            form.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text).strip()
            form.fields.append((self._textarea, text or PLAUSIBLE_TEXT))
            self._textarea = None
        elif tag == "form":
            self.forms.append(form)
            self._form = None


def _as_data(form: _Form) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    pairs = [*form.fields, *form.radios.items(), *([form.submit] if form.submit else [])]
    for name, value in pairs:
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return data


def plausible_posts(html: str, url: str) -> Iterator[dict[str, list[str]]]:
    """The data of every POST form on ``html`` (a page at ``url``) that posts back to ``url``."""
    parser = _FormParser()
    parser.feed(html)
    path = urlsplit(url).path
    for form in parser.forms:
        if urlsplit(urljoin(url, form.action)).path == path:
            yield _as_data(form)
