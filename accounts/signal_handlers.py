"""Every receiver of the accounts app, connected in one place (AccountsConfig.ready)."""

from django.contrib.auth.signals import user_logged_in

from .forms import remember_address


def register_signal_handlers():
    # Where someone has signed in, the account-wide brake on wrong passwords does not apply.
    user_logged_in.connect(remember_address, dispatch_uid="accounts.forms.known_address")
