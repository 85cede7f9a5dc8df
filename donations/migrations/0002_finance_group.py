from django.db import migrations

from cms.permissions import grant


def create_finance_group(apps, schema_editor):
    """The treasurer's people: they see and export the donations, nobody else does."""
    grant(
        apps,
        "Finance",
        [
            ("wagtailadmin", "admin", "access_admin"),
            ("donations", "donation", "view_donation"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_finance_group, migrations.RunPython.noop)]
