"""Spam defence shared by every public form.

Bots fill in every field and post at once, and they post often; people leave a field they cannot
see empty, take a few seconds, and send a form a few times at most. So each form carries a
honeypot field, a signed timestamp of when it was shown, and a per-IP rate limit counted in the
database (cms.models.Counter). No third-party service (no reCAPTCHA) sees the visitor.

The timestamp belongs to one visitor, and pages are cached whole for everyone: so a page renders
the field empty, and static/js/site.js fills it from the uncached address of form_token_view
when the page is shown. Without JavaScript, the first post comes back with a fresh timestamp and
asks to send the form again. Each timestamp also carries a random nonce: the same form sent
twice (a double click, a retry) is recognisable as one submission (see submission_key).
"""

import ipaddress
import secrets
import time
import uuid
import zlib

from django import forms
from django.conf import settings
from django.core import signing
from django.db import connection
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Counter

TOKEN_SALT = "cms.forms.shown-at"  # noqa: S105 - a signing namespace, not a secret


def form_token(shown_at=None):
    """A signed record of when a form was shown (now by default), unique to one showing."""
    return signing.dumps(
        {"t": time.time() if shown_at is None else shown_at, "n": secrets.token_hex(8)},
        salt=TOKEN_SALT,
    )


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


def client_key(request):
    """Who a limit counts: the visitor's address, but for IPv6 its /64 network, which one
    connection gets whole (one phone or home line has 2^64 addresses to hop between)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    if parsed.ipv4_mapped:  # an IPv4 visitor seen through an IPv6 socket
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def upsert(key, value, window, held="{stored}", held_params=()):
    """Store value under key for window seconds; where the key is held and has not expired,
    its stored value becomes held (SQL of "{stored}" and held_params) instead. The value now:
    one statement, so parallel requests each get their own."""
    now = time.time()
    table, name, stored, expires = map(
        connection.ops.quote_name, (Counter._meta.db_table, "key", "value", "expires_at")
    )
    held = held.format(stored=f"{table}.{stored}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({name}, {stored}, {expires}) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT ({name}) DO UPDATE SET "
            f"{stored} = CASE WHEN {table}.{expires} <= %s THEN excluded.{stored} ELSE {held} END, "
            f"{expires} = CASE WHEN {table}.{expires} <= %s "
            f"THEN excluded.{expires} ELSE {table}.{expires} END "
            f"RETURNING {stored}",
            [key[:200], value, now + window, now, *held_params, now],
        )
        return cursor.fetchone()[0]


def count(key, window, step=1):
    """Add step (one) to the counter key, which starts anew after window seconds (never below
    zero); its value now."""
    held = "CASE WHEN {stored} + %s < 0 THEN 0 ELSE {stored} + %s END"
    return upsert(key, max(step, 0), window, held, [step, step])


def claim(key, value, window):
    """The value stored under key: this one if the key was free (or expired), else the value
    that claimed it first; of parallel claims exactly one wins."""
    return upsert(key, value, window)


def counted(key):
    """The counter's value now (0 once it has expired)."""
    counter = Counter.objects.filter(key=key[:200], expires_at__gt=time.time()).first()
    return counter.value if counter else 0


class EmailAddressField(forms.EmailField):
    """An email address as one person has it: surrounding spaces and capitals do not make a
    second person. At most 254 characters, as the columns that keep it (and RFC 5321's path)
    hold: Django's form field alone would take 320."""

    def __init__(self, *, max_length=254, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

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
    shown_at = forms.CharField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-token-url": reverse_lazy("form_token")}),
    )

    def __init__(self, *args, request, **kwargs):
        kwargs.setdefault("label_suffix", "")  # German forms label fields without a colon
        super().__init__(*args, **kwargs)
        self.request = request
        self.token = None

    def clean(self):
        cleaned_data = super().clean()
        self.check_rate_limit()
        if self.data.get("homepage"):
            raise forms.ValidationError(_("Your entry could not be processed."), code="honeypot")
        self.check_time_to_fill()
        if not self.errors:
            self.use_token(cleaned_data)
        return cleaned_data

    def check_rate_limit(self):
        scope = self.rate_limit_scope or type(self).__name__
        key = f"form-rate:{scope}:{client_key(self.request)}"
        if count(key, settings.FORM_RATE_LIMIT_WINDOW) > settings.FORM_RATE_LIMIT:
            raise forms.ValidationError(
                _("Too many requests. Please try again in a few minutes."), code="rate_limit"
            )

    def check_time_to_fill(self):
        shown_at = self.data.get("shown_at", "")
        if not shown_at:  # shown without JavaScript: this answer carries the time
            self.renew_token()
            raise forms.ValidationError(
                _("Please check your entries and send the form again."), code="unconfirmed"
            )
        try:
            self.token = signing.loads(shown_at, salt=TOKEN_SALT)
            elapsed = time.time() - self.token["t"] if self.token["n"] else None
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

    def use_token(self, cleaned_data):
        """A "shown at" time serves one submission: the same entries sent again (a double
        click, a retry) pass, as the services recognise them; other entries need the form
        shown anew, so one showing cannot be replayed for a day of submissions."""
        entries = repr(sorted((name, str(value)) for name, value in cleaned_data.items()))
        fingerprint = zlib.crc32(entries.encode()) & 0x7FFFFFFF
        key = f"form-used:{self.token['n']}"
        if claim(key, fingerprint, settings.FORM_MAX_AGE_SECONDS) != fingerprint:
            self.renew_token()
            raise forms.ValidationError(
                _("This form has been sent already. Please check your entries and send it again."),
                code="used",
            )

    def renew_token(self):
        """Show the form again with a fresh timestamp, so that sending it again can succeed."""
        self.data = self.data.copy()
        self.data["shown_at"] = form_token()

    def submission_key(self, *values):
        """A UUID for this submission: the same for the same form sent again with the same
        values (a double click, a retry), different for another visitor or other values."""
        return uuid.uuid5(uuid.NAMESPACE_URL, "|".join([self.token["n"], *map(str, values)]))
