"""Find every POST form the service shows: GET each page of the permission matrix as each
persona that may see it, and read its ``<form method="post">`` elements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Input types that carry no value of their own, or that the browser fills itself.
IGNORED_INPUT_TYPES = {"reset", "image"}
TEXT_INPUT_TYPES = {"text", "email", "tel", "search", "password", "url", "number", "date"}
KNOWN_INPUT_TYPES = TEXT_INPUT_TYPES | {"hidden", "checkbox", "radio", "file", "submit"}


@dataclass
class Field:
    """One named control of a form: ``kind`` is an input type, ``select`` or ``textarea``.
    ``options`` are the values a checkbox, radio, select or submit button offers."""

    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    multiple: bool = False
    accept: str = ""
    numeric: bool = False


@dataclass
class Form:
    page: str
    method: str
    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.action).path

    @property
    def url_name(self) -> str:
        try:
            match = resolve(self.path)
        except Resolver404:
            return f"<unresolved {self.path}>"
        return str(match.view_name)

    def signature(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """What the form is, whichever page it sits on and whichever records it names: its
        method, its target and its controls (ids in control names made generic)."""
        controls = sorted({(UUID.sub("<id>", f.name), f.kind) for f in self.fields.values()})
        return self.method, self.url_name, tuple(controls)

    def defaults(self) -> dict[str, str | list[str]]:
        """What a browser would send unchanged (the first option of a select, no button)."""
        data: dict[str, str | list[str]] = {}
        for f in self.fields.values():
            if f.kind in {"checkbox"}:
                if f.checked:
                    data[f.name] = list(f.checked)
            elif f.kind == "radio":
                if f.checked:
                    data[f.name] = f.checked[0]
            elif f.kind == "select":
                if f.checked:
                    data[f.name] = f.checked if f.multiple else f.checked[0]
                elif f.options and not f.multiple:
                    data[f.name] = f.options[0]
            elif f.kind in {"submit", "file"}:
                continue
            else:
                data[f.name] = f.value
        return data


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None
        self.option_value: str | None = None
        self.option_text: list[str] = []
        self.option_selected = False
        self.in_option = False
        self.textarea: Field | None = None

    def _field(self, name: str, kind: str) -> Field:
        assert self.current is not None
        existing = self.current.fields.get(name)
        if existing is None:
            existing = self.current.fields[name] = Field(name, kind)
        elif existing.kind != kind:
            self.current.unknown.append(f"{name}: both {existing.kind} and {kind}")
        return existing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.current = Form(
                page=self.page,
                method=a.get("method", "get").lower(),
                action=urljoin(self.page, a.get("action") or self.page),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in IGNORED_INPUT_TYPES:
                return
            if kind not in KNOWN_INPUT_TYPES:
                self.current.unknown.append(f"{name}: input type {kind}")
                return
            f = self._field(name, kind)
            if kind in {"checkbox", "radio", "submit"}:
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.checked.append(a.get("value", "on"))
            else:
                f.value = a.get("value", "")
                f.accept = a.get("accept", "")
                f.multiple = "multiple" in a
                f.numeric = kind == "number" or a.get("inputmode") in {"numeric", "decimal"}
        elif tag == "button" and name:
            if a.get("type", "submit").lower() == "submit":
                self._field(name, "submit").options.append(a.get("value", ""))
        elif tag == "select" and name:
            self.select = self._field(name, "select")
            self.select.multiple = "multiple" in a
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.in_option = True
            self.option_value = a.get("value")
            self.option_text = []
            self.option_selected = "selected" in a
        elif tag == "textarea" and name:
            self.textarea = self._field(name, "textarea")
            self.textarea.value = ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        if self.in_option:
            self.option_text.append(data)

    def _close_option(self) -> None:
        if self.select is not None and self.in_option:
            value = (
                self.option_value
                if self.option_value is not None
                else "".join(self.option_text).strip()
            )
            self.select.options.append(value)
            if self.option_selected:
                self.select.checked.append(value)
        self.option_value = None
        self.option_text = []
        self.option_selected = False
        self.in_option = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(page: str, html: str) -> list[Form]:
    """Every form on the page, GET and POST."""
    parser = _FormParser(page)
    parser.feed(html)
    parser.close()
    return parser.forms


def post_forms(page: str, html: str) -> list[Form]:
    return [form for form in page_forms(page, html) if form.method == "post"]
