from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: the admin's login and its brakes, the mailed sign-in link, the second
    factor, and how far each account reaches (middleware.py)."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signal_handlers

        signal_handlers.register_signal_handlers()
