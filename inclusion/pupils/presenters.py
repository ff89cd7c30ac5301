"""How a pupil's record is shown: display logic only."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from inclusion.core.reference import need_type_choices, sen_provision_choices
from inclusion.pupils.models import Contact, Pupil


@dataclass
class PupilPresenter:
    pupil: Pupil

    def __getattr__(self, name: str) -> object:
        return getattr(self.pupil, name)

    @cached_property
    def sen_provision_label(self) -> str:
        return dict(sen_provision_choices()).get(self.pupil.sen_provision, "")

    @cached_property
    def need_labels(self) -> list[str]:
        names = dict(need_type_choices())
        return [names.get(need.need_type, need.need_type) for need in self.pupil.needs.all()]

    @cached_property
    def address_lines(self) -> list[str]:
        p = self.pupil
        return [line for line in (p.address_line_1, p.address_line_2, p.town, p.postcode) if line]

    @cached_property
    def contacts(self) -> list[Contact]:
        return list(self.pupil.contacts.all())

    @property
    def has_preferred_name(self) -> bool:
        return bool(self.pupil.preferred_first_name or self.pupil.preferred_last_name)

    @property
    def has_sen(self) -> bool:
        return self.pupil.sen_provision != "N" or bool(self.need_labels)
