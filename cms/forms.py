"""Spam defence shared by every public form.

Bots fill in every field and post at once, and they post often; people leave a field they cannot
see empty, take a few seconds, and send a form a few times at most. So each form carries a
honeypot field, a signed timestamp of when it was shown, and a per-IP rate limit counted in the
shared cache. No third-party service (no reCAPTCHA) sees the visitor.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "cms.forms.shown-at"  # noqa: S105 - a signing namespace, not a secret


def form_token(shown_at=None):
    """A signed record of when a form was shown (now by default)."""
    return signing.dumps({"t": time.time() if shown_at is None else shown_at}, salt=TOKEN_SALT)


def client_ip(request):
    """The visitor's address: behind TRUSTED_PROXY_COUNT proxies, each of which appends the
    address it received from to X-Forwarded-For, it is that many entries from the end; entries
    before it may be forged by the client."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def count(key, window):
    """Add one to the counter key in the shared cache, which starts anew after window
    seconds; its value now."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


class EmailAddressField(forms.EmailField):
    """An email address as one person has it: surrounding spaces and capitals do not make a
    second person."""

    def to_python(self, value):
        return super().to_python(value).lower()


class SpamProtectedForm(forms.Form):
    """Base of every public form. Pass the request: the rate limit counts per visitor address."""

    template_name = "forms/form.html"
    # Which counter a form shares; forms of one kind share one limit.
    rate_limit_scope = None

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    shown_at = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, request, **kwargs):
        kwargs.setdefault("label_suffix", "")  # German forms label fields without a colon
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["shown_at"].initial = form_token()

    def clean(self):
        cleaned_data = super().clean()
        self.check_rate_limit()
        if self.data.get("homepage"):
            raise forms.ValidationError(_("Your entry could not be processed."), code="honeypot")
        self.check_time_to_fill()
        return cleaned_data

    def check_rate_limit(self):
        scope = self.rate_limit_scope or type(self).__name__
        key = f"form-rate:{scope}:{client_ip(self.request)}"
        if count(key, settings.FORM_RATE_LIMIT_WINDOW) > settings.FORM_RATE_LIMIT:
            raise forms.ValidationError(
                _("Too many requests. Please try again in a few minutes."), code="rate_limit"
            )

    def check_time_to_fill(self):
        try:
            elapsed = (
                time.time() - signing.loads(self.data.get("shown_at", ""), salt=TOKEN_SALT)["t"]
            )
        except (signing.BadSignature, KeyError, TypeError):
            elapsed = None
        if elapsed is None or elapsed > settings.FORM_MAX_AGE_SECONDS:
            self.renew_token()
            raise forms.ValidationError(
                _("This form has expired. Please check your entries and send it again."),
                code="expired",
            )
        if elapsed < settings.FORM_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your entries and send the form again."),
                code="too_fast",
            )

    def renew_token(self):
        """Show the form again with a fresh timestamp, so that sending it again can succeed."""
        self.data = self.data.copy()
        self.data["shown_at"] = form_token()
