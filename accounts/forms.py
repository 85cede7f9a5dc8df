"""The admin's login, limited so that guessing is slow and nobody can lock a colleague out.

Every attempt is counted before its password is checked (so that parallel guesses each get
their own number), and a successful one is taken back. Within LOGIN_FAILURE_WINDOW seconds,
attempts are refused unchecked after LOGIN_FAILURE_LIMIT failures from one address (whatever
the user name), or for one user name from one address: that holds back a guesser, not the
person at her own desk. Failures for a user name from everywhere together are never a refusal:
past LOGIN_ACCOUNT_FAILURE_LIMIT, a sign-in from an address where that person has not signed in
before takes a second step, a link sent to her email address (accounts.sign_in), whatever the
password (the answer does not tell a guesser that a password was right). So the real person can
always get in, and a right guess alone opens nothing. Counters are kept in the database
(cms.forms.count), by the visitor's real address behind the proxies (for IPv6 its /64 network:
cms.forms.client_key).

The password reset sends at most PASSWORD_RESET_LIMIT mails per account and per address within
PASSWORD_RESET_WINDOW; beyond that it answers as always and sends nothing.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from cms.forms import client_key, count, counted

from .sign_in import send_sign_in_link

KNOWN_ADDRESS_SECONDS = 90 * 24 * 3600
COUNTED = ("address", "account here", "account")


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

    def clean(self):
        keys = self.keys()
        window = settings.LOGIN_FAILURE_WINDOW
        attempts = {name: count(keys[name], window) for name in COUNTED}
        limit = settings.LOGIN_FAILURE_LIMIT
        if attempts["address"] > limit or attempts["account here"] > limit:
            raise forms.ValidationError(
                _("Too many failed attempts. Please wait a quarter of an hour and try again."),
                code="rate_limit",
            )
        second_step = attempts["account"] > settings.LOGIN_ACCOUNT_FAILURE_LIMIT and not counted(
            keys["known"]
        )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            if second_step:
                raise self.link_sent() from None
            raise
        for name in COUNTED:
            count(keys[name], window, step=-1)  # not a failure
        if second_step:
            send_sign_in_link.enqueue(self.user_cache.pk)
            self.user_cache = None
            raise self.link_sent()
        return cleaned_data

    @staticmethod
    def link_sent():
        return forms.ValidationError(
            _(
                "This account had many failed sign-ins from elsewhere. If your password was "
                "right, we have sent you a link to sign in by email."
            ),
            code="second_step",
        )


def remember_address(sender, request, user, **kwargs):
    """Where someone has signed in, the account-wide brake does not apply to them."""
    if request is not None:
        count(known_key(user.get_username(), client_key(request)), KNOWN_ADDRESS_SECONDS)


class RateLimitedPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        window = settings.PASSWORD_RESET_WINDOW
        per_account = count(f"password-reset:email:{email}", window)
        per_address = count(f"password-reset:ip:{client_key(request)}", window) if request else 0
        if max(per_account, per_address) <= settings.PASSWORD_RESET_LIMIT:
            super().save(*args, request=request, **kwargs)
