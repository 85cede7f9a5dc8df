from django.db import migrations

from cms.permissions import grant


def let_the_office_handle_subscribers(apps, schema_editor):
    """The office looks subscribers up, exports them, unsubscribes someone who asks, and reads
    the proofs of consent; editors send the issues they write."""
    grant(
        apps,
        "Office",
        [
            ("wagtailadmin", "admin", "access_admin"),
            ("newsletter", "subscriber", "view_subscriber"),
            ("newsletter", "subscriber", "change_subscriber"),
            ("newsletter", "consentrecord", "view_consentrecord"),
        ],
    )
    grant(apps, "Editors", [("newsletter", "newsletterpage", "send_newsletterpage")])


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(let_the_office_handle_subscribers, migrations.RunPython.noop)
    ]
