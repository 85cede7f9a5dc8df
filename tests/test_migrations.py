"""Every model change has its migration (a StreamField's new block too)."""

from io import StringIO

from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
