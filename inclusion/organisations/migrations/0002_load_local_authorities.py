from django.db import migrations


def load(apps, schema_editor):
    from inclusion.organisations.reference_data import load_local_authorities

    load_local_authorities(apps.get_model("organisations", "LocalAuthority"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_local_authorities_partnerships_schools_agencies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
