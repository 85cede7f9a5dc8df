from django.db import migrations

from cms.permissions import grant

PERMISSION = {"codename": "require_two_factor", "name": "Must sign in with a second factor"}


def require_two_factor_of_the_office(apps, schema_editor):
    """The office sees people's applications, registrations and privacy requests: it signs in
    with a second factor (cms/two_factor.py)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    admin, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    Permission.objects.get_or_create(content_type=admin, **PERMISSION)
    grant(apps, "Office", [("wagtailadmin", "admin", PERMISSION["codename"])])


def remove_permission(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(codename=PERMISSION["codename"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_privacy_requests_open"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(require_two_factor_of_the_office, remove_permission)]
