"""The admin's login, limited so that guessing is slow and nobody can lock a colleague out.

Within LOGIN_FAILURE_WINDOW seconds, attempts are refused unchecked after LOGIN_FAILURE_LIMIT
failures from one address (whatever the user name), or for one user name from one address.
Failures for a user name from everywhere together only brake at LOGIN_ACCOUNT_FAILURE_LIMIT, and
not at an address where that person has signed in before: an attacker elsewhere cannot lock the
real user out at her own desk. Counters are kept in the database (cms.forms.count), by the
visitor's real address behind the proxies (for IPv6 its /64 network: cms.forms.client_key).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .forms import client_key, count, counted

KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600


def known_key(username, address):
    return f"login-known:{username.strip().lower()}:{address}"


class RateLimitedLoginForm(LoginForm):
    def keys(self):
        username = (self.data.get("username") or "").strip().lower()
        address = client_key(self.request)
        return {
            "address": f"login-failures:ip:{address}",
            "account here": f"login-failures:user-ip:{username}:{address}",
            "account": f"login-failures:user:{username}",
            "known": known_key(username, address),
        }

    def refused(self, keys):
        limit = settings.LOGIN_FAILURE_LIMIT
        return (
            counted(keys["address"]) >= limit
            or counted(keys["account here"]) >= limit
            or (
                counted(keys["account"]) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
                and not counted(keys["known"])
            )
        )

    def clean(self):
        keys = self.keys()
        if self.refused(keys):
            raise forms.ValidationError(
                _("Too many failed attempts. Please wait a quarter of an hour and try again."),
                code="rate_limit",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for name in ("address", "account here", "account"):
                count(keys[name], settings.LOGIN_FAILURE_WINDOW)
            raise


@receiver(user_logged_in, dispatch_uid="cms.admin_forms.known_address")
def remember_address(sender, request, user, **kwargs):
    """Where someone has signed in, the account-wide brake does not apply to them."""
    if request is not None:
        count(known_key(user.get_username(), client_key(request)), KNOWN_ADDRESS_SECONDS)
