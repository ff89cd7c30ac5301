from django.db import migrations


def load(apps, schema_editor):
    from inclusion.exclusions.reference_data import load_reasons, seed_routing

    load_reasons(apps.get_model("exclusions", "ExclusionReason"))
    seed_routing(
        apps.get_model("exclusions", "ExclusionRouting"),
        apps.get_model("organisations", "LocalAuthority"),
    )


def unload(apps, schema_editor):
    from inclusion.exclusions.reference_data import unload as remove

    remove(
        apps.get_model("exclusions", "ExclusionReason"),
        apps.get_model("exclusions", "ExclusionRouting"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exclusions", "0001_consultations_exclusions_reasons_routing"),
        ("organisations", "0002_load_local_authorities"),
    ]

    operations = [migrations.RunPython(load, unload)]
