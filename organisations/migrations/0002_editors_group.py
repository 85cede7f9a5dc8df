from django.db import migrations

from cms.permissions import grant


def let_editors_keep_organisations(apps, schema_editor):
    """Editors keep the organisations that reports, profiles and events name."""
    grant(
        apps,
        "Editors",
        [
            ("organisations", "organisation", "add_organisation"),
            ("organisations", "organisation", "change_organisation"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(let_editors_keep_organisations, migrations.RunPython.noop)]
