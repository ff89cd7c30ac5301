"""Every model that holds something about a pupil: found by walking the model graph from
``pupils.Pupil`` through every foreign key and one-to-one field that points at it, or at a
model that does, and so on. A model reached by several routes (a placement belongs to the
pupil and may also belong to one of the pupil's referrals) is filtered by any of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q

from inclusion.pupils.models import Pupil

# How deep the walk goes: deeper than any chain of the current models (the deepest is four).
MAX_DEPTH = 8


@dataclass(frozen=True)
class PupilRecords:
    """A model with the lookups (``placement__pupil``) that lead from its rows to a pupil."""

    model: type[models.Model]
    lookups: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def of(self, pupil: Pupil) -> Q:
        query = Q()
        for lookup in self.lookups:
            query |= Q(**{lookup: pupil.pk})
        return query


def _references(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key or one-to-one field pointing at ``model``."""
    found = []
    for candidate in apps.get_models():
        for field in candidate._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)  # OneToOneField is a ForeignKey
                and field.related_model is model
                and candidate is not model
            ):
                found.append((candidate, field.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1]))


@cache
def pupil_record_types() -> tuple[PupilRecords, ...]:
    """Every model related to ``Pupil``, with every route to it (the pupil itself first)."""
    routes: dict[type[models.Model], list[str]] = {Pupil: ["pk"]}
    frontier: Sequence[tuple[type[models.Model], str]] = [(Pupil, "")]
    for _ in range(MAX_DEPTH):
        following = []
        for target, path_to_pupil in frontier:
            for model, field in _references(target):
                lookup = f"{field}__{path_to_pupil}" if path_to_pupil else field
                if lookup in routes.setdefault(model, []) or lookup.count("__") >= MAX_DEPTH:
                    continue
                routes[model].append(lookup)
                following.append((model, lookup))
        frontier = following
    return tuple(PupilRecords(model, tuple(lookups)) for model, lookups in routes.items())
