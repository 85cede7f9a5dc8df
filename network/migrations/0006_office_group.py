from django.db import migrations

from cms.permissions import grant

OFFICE_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("network", "partnerapplication", "view_partnerapplication"),
    ("network", "partnerapplication", "change_partnerapplication"),
    ("network", "manufaktursignup", "view_manufaktursignup"),
    ("network", "manufaktursignup", "change_manufaktursignup"),
]


def create_office_group(apps, schema_editor):
    """The office reviews applications and sign-ups: it sees and changes them, nothing else."""
    grant(apps, "Office", OFFICE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_submission_base"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_office_group, migrations.RunPython.noop)]
