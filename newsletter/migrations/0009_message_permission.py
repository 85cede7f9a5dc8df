from django.db import migrations

from cms.permissions import grant


def let_the_office_write_to_participants(apps, schema_editor):
    grant(
        apps,
        "Office",
        [
            ("newsletter", "message", "add_message"),
            ("newsletter", "message", "view_message"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0008_messages")]

    operations = [
        migrations.RunPython(let_the_office_write_to_participants, migrations.RunPython.noop)
    ]
