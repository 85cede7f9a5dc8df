from django.db import migrations

from cms.permissions import grant


def let_the_office_handle_registrations(apps, schema_editor):
    """The office sees event registrations, exports them and cancels one when asked."""
    grant(
        apps,
        "Office",
        [
            ("wagtailadmin", "admin", "access_admin"),
            ("events", "registration", "view_registration"),
            ("events", "registration", "change_registration"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(let_the_office_handle_registrations, migrations.RunPython.noop)
    ]
