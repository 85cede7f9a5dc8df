from django.db import migrations

from cms.permissions import grant


def let_the_office_review_submissions(apps, schema_editor):
    """The office reviews applications and sign-ups: it sees and changes them, nothing else."""
    grant(
        apps,
        "Office",
        [
            ("wagtailadmin", "admin", "access_admin"),
            ("network", "partnerapplication", "view_partnerapplication"),
            ("network", "partnerapplication", "change_partnerapplication"),
            ("network", "manufaktursignup", "view_manufaktursignup"),
            ("network", "manufaktursignup", "change_manufaktursignup"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(let_the_office_review_submissions, migrations.RunPython.noop)
    ]
