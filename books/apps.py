from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    """Finance's room: the ledger's lists, bank statements and their matching, gifts recorded by
    hand, donation receipts and their corrections, the donor's own page."""

    name = "books"
    verbose_name = _("Books")

    def ready(self):
        from . import signal_handlers

        signal_handlers.register_signal_handlers()
