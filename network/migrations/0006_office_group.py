from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("network", "partnerapplication", "view_partnerapplication"),
    ("network", "partnerapplication", "change_partnerapplication"),
    ("network", "manufaktursignup", "view_manufaktursignup"),
    ("network", "manufaktursignup", "change_manufaktursignup"),
]


def create_office_group(apps, schema_editor):
    """The office reviews applications and sign-ups: it sees and changes them, nothing else."""
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office, _created = Group.objects.get_or_create(name="Office")
    for app_label, model, codename in OFFICE_PERMISSIONS:
        office.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_submission_base"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_office_group, migrations.RunPython.noop)]
