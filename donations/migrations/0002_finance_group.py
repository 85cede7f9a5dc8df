from django.db import migrations

from cms.permissions import grant


def create_finance_group(apps, schema_editor):
    """The treasurer's people: they see and export the donations, payments, receipts and the
    Stripe events that wait for a payment, issue receipts and keep the legal data they certify;
    nobody else sees any of it."""
    grant(
        apps,
        "Finance",
        [
            ("wagtailadmin", "admin", "access_admin"),
            ("donations", "donation", "view_donation"),
            ("donations", "payment", "view_payment"),
            ("donations", "receipt", "view_receipt"),
            ("donations", "receipt", "add_receipt"),
            ("donations", "receiptsettings", "change_receiptsettings"),
            ("donations", "stripeevent", "view_stripeevent"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_finance_group, migrations.RunPython.noop)]
