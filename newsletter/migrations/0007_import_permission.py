from django.db import migrations

from cms.permissions import grant


def let_the_office_import_subscribers(apps, schema_editor):
    grant(
        apps,
        "Office",
        [
            ("newsletter", "subscriberimport", "add_subscriberimport"),
            ("newsletter", "subscriberimport", "view_subscriberimport"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0006_subscriber_import")]

    operations = [
        migrations.RunPython(let_the_office_import_subscribers, migrations.RunPython.noop)
    ]
