from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Turn two-factor sign-in off for a person who lost the phone: removes the devices; "
        "whoever must use it sets it up anew at the next sign-in (accounts/two_factor.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"{removed} device(s) of {username} removed.")
