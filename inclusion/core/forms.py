"""GOV.UK Design System rendering and wording for Django forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Render every form and field with GOV.UK components (templates in ``govuk/forms``)."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    """Three text inputs (day, month, year): the GOV.UK date input pattern."""

    template_name = "govuk/forms/date_widget.html"

    def __init__(self) -> None:
        super().__init__(
            widgets={
                "day": forms.TextInput(attrs={"inputmode": "numeric"}),
                "month": forms.TextInput(attrs={"inputmode": "numeric"}),
                "year": forms.TextInput(attrs={"inputmode": "numeric"}),
            }
        )

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK error wording."""

    widget = GovukDateWidget

    def __init__(self, *, label: str, required_message: str = "", **kwargs: Any) -> None:
        self.required_message = required_message or f"Enter {label[0].lower()}{label[1:]}"
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()),
            require_all_fields=False,
            label=label,
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        parts = dict(zip(("day", "month", "year"), data_list, strict=False))
        missing = [name for name, value in parts.items() if not (value or "").strip()]
        if missing:
            raise forms.ValidationError(
                f"{self.label} must include a {' and '.join(missing)}", code="incomplete"
            )
        try:
            day, month, year = (int((v or "").strip()) for v in data_list)
            if year < 1000:
                raise ValueError
            return dt.date(year, month, day)
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                f"{self.label} must be a real date", code="invalid"
            ) from None

    def clean(self, value: Any) -> dt.date | None:
        if self.required and (not value or not any(value)):
            raise forms.ValidationError(self.required_message, code="required")
        result: dt.date | None = self.compress(value or [])
        self.validate(result)
        self.run_validators(result)
        return result


_CHOICE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple)


class GovukForm(forms.Form):
    """A form whose default messages follow GOV.UK wording ("Enter …", "Select …").

    A long form lists ``sections`` (heading, field names) for ``grouped_fields``.
    """

    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") == default:
                noun = str(field.label or "")
                verb = "Select" if isinstance(field.widget, _CHOICE_WIDGETS) else "Enter"
                field.error_messages["required"] = f"{verb} {noun[:1].lower()}{noun[1:]}"

    def set_choices(self, **querysets: Any) -> None:
        """Give list fields (``ChoiceOfModel``) the choices the acting role may pick from."""
        for name, queryset in querysets.items():
            field = self.fields[name]
            if not isinstance(field, forms.ModelChoiceField):
                raise TypeError(f"{name} is not a list of records")
            field.queryset = queryset

    def grouped_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Visible fields under their section headings (fields the form dropped are skipped)."""
        groups = []
        for heading, names in self.sections:
            bound = [self[name] for name in names if name in self.fields]
            if visible := [field for field in bound if not field.is_hidden]:
                groups.append((heading, visible))
        return groups


def form_status(form: object) -> int:
    """The HTTP status of a page showing ``form``: 400 when it was posted with errors."""
    return 400 if getattr(form, "errors", None) else 200


class ChoiceOfModel(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice from a list whose every bad value (even one that is not a UUID) gets the
    field's own "Select … from the list" message."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def list_filter(label: str, *, all_label: str) -> ChoiceOfModel:
    """An optional filter chosen from a list the view fills in (``GovukForm.set_choices``)."""
    return ChoiceOfModel(
        label=label,
        required=False,
        queryset=None,
        empty_label=all_label,
        # GOV.UK wording, not SQL: "Select a school from the list".
        error_messages={"invalid_choice": f"Select a {label.lower()} from the list"},  # noqa: S608
    )


TEXT_LIMIT = 5000
DATE_HINT = "For example, 27 3 2026"


def text_area(
    label: str, *, required: str = "", help_text: str = "", limit: int = TEXT_LIMIT, rows: int = 4
) -> forms.CharField:
    """A textarea; ``required`` is its "Enter …" message (none: optional). The label, less
    " (optional)", names the answer in the length message."""
    noun = label.removesuffix(" (optional)")
    messages = {"max_length": f"{noun} must be {limit:,} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"govuk_rows": rows}),
        error_messages=messages,
    )
