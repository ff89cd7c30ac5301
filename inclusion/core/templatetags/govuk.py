"""Display helpers for GOV.UK templates (formatting only, no business logic)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils import dateformat, timezone

from inclusion.core.forms import GovukDateWidget

register = template.Library()


@register.filter
def govuk_date(value: dt.date | dt.datetime | str | None) -> str:
    """3 March 2026 (GOV.UK style: no leading zero, month in full); blank for no date
    (including the empty string a template gives for a missing attribute)."""
    if not isinstance(value, dt.date):
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, "j F Y")


@register.filter
def govuk_datetime(value: dt.datetime | None) -> str:
    """3 March 2026 at 2:05pm."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return dateformat.format(local, "j F Y \\a\\t g:i") + dateformat.format(local, "a").replace(
        ".", ""
    )


@register.filter
def is_date_input(field: BoundField) -> bool:
    return isinstance(field.field.widget, GovukDateWidget)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id of the element an error-summary link should move focus to."""
    if isinstance(field.field.widget, GovukDateWidget):
        return f"{field.auto_id}_day"
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def date_parts(field: BoundField) -> list[tuple[str, str, str]]:
    """(name, label, value) for each part of a GOV.UK date input."""
    widget = field.field.widget
    value: Any = field.value()
    if not isinstance(value, list | tuple) and isinstance(widget, GovukDateWidget):
        value = widget.decompress(value)
    values = list(value or [None, None, None])
    labels = (("day", "Day"), ("month", "Month"), ("year", "Year"))
    return [
        (f"{field.html_name}_{part}", label, "" if values[i] is None else str(values[i]))
        for i, (part, label) in enumerate(labels)
    ]


@register.simple_tag
def page_title(title: str, form: Any = None) -> str:
    from django.conf import settings

    prefix = "Error: " if form is not None and getattr(form, "errors", None) else ""
    return f"{prefix}{title} \N{EN DASH} {settings.SERVICE_NAME}"
