from django.db import migrations

from cms.permissions import grant


def let_the_office_answer_privacy_requests(apps, schema_editor):
    """The office answers people's requests to see or erase their data."""
    grant(
        apps,
        "Office",
        [
            ("wagtailadmin", "admin", "access_admin"),
            ("cms", "privacyrequest", "add_privacyrequest"),
            ("cms", "privacyrequest", "view_privacyrequest"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(let_the_office_answer_privacy_requests, migrations.RunPython.noop)
    ]
