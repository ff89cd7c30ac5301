"""Seed the maintained list of offers and the registration-test rules (statutory-rules.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import migrations

OFFERS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("academic", "Academic", []),
    (
        "vocational",
        "Vocational",
        [
            ("construction", "Construction"),
            ("motor-vehicle", "Motor vehicle"),
            ("hair-and-beauty", "Hair and beauty"),
            ("catering", "Catering"),
            ("engineering", "Engineering"),
            ("animal-care", "Animal care"),
        ],
    ),
    ("therapeutic-semh", "Therapeutic and SEMH", []),
    ("outdoor-land-based", "Outdoor and land-based", []),
    ("sport", "Sport", []),
    ("one-to-one-tuition", "One-to-one tuition", []),
    ("online", "Online", []),
    ("work-based", "Work-based", []),
]

RULES = [
    (
        datetime.date(1996, 11, 1),
        "ehcp",
        "Education Act 1996 s.463 and Education and Skills Act 2008 s.92; DfE registration guidance",
    ),
    (
        datetime.date(2026, 6, 1),
        "any_sen",
        "Children's Wellbeing and Schools Act 2026 s.43",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    offer_area = apps.get_model("providers", "OfferArea")
    for position, (slug, name, subs) in enumerate(OFFERS):
        parent, _ = offer_area.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for sub_position, (sub_slug, sub_name) in enumerate(subs):
            offer_area.objects.get_or_create(
                slug=sub_slug,
                defaults={"name": sub_name, "parent": parent, "position": sub_position},
            )
    rule = apps.get_model("providers", "RegistrationRule")
    for effective_from, sen_counts, source in RULES:
        rule.objects.get_or_create(
            effective_from=effective_from,
            defaults={
                "full_time_hours": Decimal(18),
                "pupil_limit": 5,
                "sen_counts": sen_counts,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("providers", "0002_directory_sites_evidence_qa")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
