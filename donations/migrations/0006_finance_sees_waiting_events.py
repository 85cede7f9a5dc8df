from django.db import migrations

from cms.permissions import grant


def grant_finance(apps, schema_editor):
    """Finance sees the Stripe events that wait for a payment the ledger does not hold."""
    grant(apps, "Finance", [("donations", "stripeevent", "view_stripeevent")])


class Migration(migrations.Migration):
    dependencies = [("donations", "0005_waiting_events")]

    operations = [migrations.RunPython(grant_finance, migrations.RunPython.noop)]
