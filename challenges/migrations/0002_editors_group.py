from django.db import migrations

from cms.permissions import grant


def let_editors_keep_challenges(apps, schema_editor):
    """Editors keep the challenges that reports name."""
    grant(
        apps,
        "Editors",
        [
            ("challenges", "challenge", "add_challenge"),
            ("challenges", "challenge", "change_challenge"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
    ]

    operations = [migrations.RunPython(let_editors_keep_challenges, migrations.RunPython.noop)]
