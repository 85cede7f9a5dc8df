from django.db import migrations

from cms.permissions import grant


def require_two_factor_of_finance(apps, schema_editor):
    """Finance sees donors, their addresses and bank accounts: it signs in with a second
    factor (cms/two_factor.py)."""
    grant(apps, "Finance", [("wagtailadmin", "admin", "require_two_factor")])


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0004_offline_gifts_campaigns_receipt_numbers"),
        ("cms", "0004_office_two_factor"),
    ]

    operations = [migrations.RunPython(require_two_factor_of_finance, migrations.RunPython.noop)]
