from django.db import migrations

from cms.permissions import grant


def grant_finance(apps, schema_editor):
    """The Finance group also sees the payments and receipts, issues receipts and keeps the
    legal data they certify."""
    grant(
        apps,
        "Finance",
        [
            ("donations", "payment", "view_payment"),
            ("donations", "receipt", "view_receipt"),
            ("donations", "receipt", "add_receipt"),
            ("donations", "receiptsettings", "change_receiptsettings"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("donations", "0003_ledger")]

    operations = [migrations.RunPython(grant_finance, migrations.RunPython.noop)]
