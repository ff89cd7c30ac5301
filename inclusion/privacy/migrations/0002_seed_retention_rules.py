"""The default retention rules (IRMS toolkit for schools, as in statutory-rules.md): a pupil
file until the pupil is 25, SEN and EHCP records until 31, child protection records reviewed at
25 (never destroyed by the job), attendance registers six years."""

from django.db import migrations

IRMS = "IRMS Information Management Toolkit for Schools"
DEFAULTS = (
    ("pupil_file", "date_of_birth", 25, "anonymise", f"{IRMS}: date of birth + 25 years"),
    ("sen", "date_of_birth", 31, "anonymise", f"{IRMS}: SEN / EHCP, date of birth + 31 years"),
    (
        "child_protection",
        "date_of_birth",
        25,
        "review",
        f"{IRMS}: child protection, date of birth + 25 years then review",
    ),
    ("attendance", "created", 6, "delete", f"{IRMS}: attendance registers, 6 years"),
)


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for record_type, basis, years, action, source in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            defaults={"basis": basis, "years": years, "action": action, "source": source},
        )


def unseed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(record_type__in=[row[0] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_subject_access_and_retention")]

    operations = [migrations.RunPython(seed, unseed)]
