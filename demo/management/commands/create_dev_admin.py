from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"  # noqa: S105 - a development login, refused outside DEBUG


class Command(BaseCommand):
    help = "Create the development admin user (only with DEBUG on) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a development admin without DEBUG.")
        User = get_user_model()
        if not User.objects.filter(username=USERNAME).exists():
            User.objects.create_superuser(USERNAME, "admin@example.org", PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/ – "
                f"user {USERNAME!r}, password {PASSWORD!r}"
            )
        )
