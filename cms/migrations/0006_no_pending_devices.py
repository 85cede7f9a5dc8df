from django.db import migrations


def drop_pending_devices(apps, schema_editor):
    """Set-ups begun before their keys were kept in the session that opened them
    (cms.two_factor.pending_device): a stored, unconfirmed key could be read by anyone with
    the password, so none is kept."""
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_english"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(drop_pending_devices, migrations.RunPython.noop)]
