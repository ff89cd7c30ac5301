"""A time of day typed as text (GOV.UK has no time component): 9:30am, 2pm, 14:00, midday."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)
_WORDS = {"midday": dt.time(12, 0), "noon": dt.time(12, 0), "midnight": dt.time(0, 0)}


def parse_time(text: str) -> dt.time | None:
    """The time ``text`` means, or None when it is not a real time."""
    value = text.strip().lower()
    if value in _WORDS:
        return _WORDS[value]
    match = _TIME.match(value)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3].startswith("p") else 0)
    elif match[2] is None:
        return None  # "9" alone could be morning or evening
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeOfDayField(forms.Field):
    widget = forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"})

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["invalid"] = f"{label} must be a real time, like 9:30am or 14:00"

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value: Any) -> dt.time | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        parsed = parse_time(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class ChoiceListField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several records chosen by checkbox. A value that is not one of the choices — even one
    that is not a well-formed id — gets the field's own "choose from the list" message."""

    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) in ("invalid", "invalid_pk_value"):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
            raise
