from django.core.management.base import BaseCommand

from newsletter.services import PENDING_RETENTION, purge_unconfirmed


class Command(BaseCommand):
    help = f"Delete newsletter requests not confirmed within {PENDING_RETENTION.days} days."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_unconfirmed()} unconfirmed requests.")
