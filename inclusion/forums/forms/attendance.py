"""Who attended a meeting: a box and a "represented by" name for each school of the
partnership and each agency, and up to three other organisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.html import format_html

from inclusion.core.forms import GovukForm
from inclusion.forums.models import Attendance
from inclusion.forums.services.attendance import Attendee
from inclusion.organisations.models import Agency, School

OTHER_ROWS = 3
NAME_MAX = 160


def _by_field(name: str) -> forms.CharField:
    return forms.CharField(
        label=format_html('Represented by<span class="govuk-visually-hidden"> ({})</span>', name),
        required=False,
        max_length=NAME_MAX,
        help_text="Names and roles",
        error_messages={"max_length": f"Who represented {name} must be 160 characters or fewer"},
    )


class AttendanceForm(GovukForm):
    def __init__(
        self,
        *args: Any,
        schools: Sequence[School],
        agencies: Sequence[Agency],
        current: Sequence[Attendance] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", self._initial(current))
        super().__init__(*args, **kwargs)
        self.organisations: list[tuple[str, School | Agency]] = [
            *((f"school_{s.pk}", s) for s in schools),
            *((f"agency_{a.pk}", a) for a in agencies),
        ]
        for key, organisation in self.organisations:
            self.fields[key] = forms.BooleanField(label=organisation.name, required=False)
            self.fields[f"{key}_by"] = _by_field(organisation.name)
        for n in range(1, OTHER_ROWS + 1):
            self.fields[f"other_{n}_name"] = forms.CharField(
                label=f"Organisation {n}",
                required=False,
                max_length=NAME_MAX,
                error_messages={
                    "max_length": f"The name of organisation {n} must be 160 characters or fewer"
                },
            )
            self.fields[f"other_{n}_by"] = _by_field(f"organisation {n}")

    @staticmethod
    def _initial(current: Sequence[Attendance]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        others = 0
        for row in current:
            if row.school_id or row.agency_id:
                key = f"school_{row.school_id}" if row.school_id else f"agency_{row.agency_id}"
                initial |= {key: True, f"{key}_by": row.represented_by}
            elif others < OTHER_ROWS:
                others += 1
                initial |= {
                    f"other_{others}_name": row.organisation_name,
                    f"other_{others}_by": row.represented_by,
                }
        return initial

    def _rows(self, kind: str) -> list[tuple[BoundField, BoundField]]:
        """(attended box, represented by) for each school or agency."""
        return [
            (self[key], self[f"{key}_by"])
            for key, _ in self.organisations
            if key.startswith(f"{kind}_")
        ]

    def school_rows(self) -> list[tuple[BoundField, BoundField]]:
        return self._rows("school")

    def agency_rows(self) -> list[tuple[BoundField, BoundField]]:
        return self._rows("agency")

    def other_rows(self) -> list[tuple[int, BoundField, BoundField]]:
        return [
            (n, self[f"other_{n}_name"], self[f"other_{n}_by"]) for n in range(1, OTHER_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, organisation in self.organisations:
            ticked, by = data.get(key), (data.get(f"{key}_by") or "").strip()
            if ticked and not by and f"{key}_by" not in self.errors:
                self.add_error(f"{key}_by", f"Enter who represented {organisation.name}")
            elif by and not ticked:
                self.add_error(key, f"Select {organisation.name} if it attended")
        for n in range(1, OTHER_ROWS + 1):
            name = (data.get(f"other_{n}_name") or "").strip()
            by = (data.get(f"other_{n}_by") or "").strip()
            if name and not by and f"other_{n}_by" not in self.errors:
                self.add_error(f"other_{n}_by", f"Enter who represented organisation {n}")
            elif by and not name and f"other_{n}_name" not in self.errors:
                self.add_error(f"other_{n}_name", f"Enter the name of organisation {n}")
        return data

    def attendees(self) -> list[Attendee]:
        data = self.cleaned_data
        found: list[Attendee] = []
        for key, organisation in self.organisations:
            if data.get(key):
                by = data[f"{key}_by"].strip()
                if isinstance(organisation, School):
                    found.append(Attendee(represented_by=by, school=organisation))
                else:
                    found.append(Attendee(represented_by=by, agency=organisation))
        for n in range(1, OTHER_ROWS + 1):
            if name := data[f"other_{n}_name"].strip():
                found.append(
                    Attendee(represented_by=data[f"other_{n}_by"].strip(), organisation_name=name)
                )
        return found
