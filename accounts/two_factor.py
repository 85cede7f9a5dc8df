"""A second factor for the admin: a six-digit code from an authenticator app (TOTP, RFC 6238),
stored as django-otp's TOTPDevice and checked with its throttle (after each wrong code the next
try waits twice as long), and each code is taken once.

Everyone may set one up (account menu → "Two-factor sign-in"); whoever has one is asked for a
code after the password, also after the mailed sign-in link (accounts/sign_in.py). Superusers and
groups with the permission "Must sign in with a second factor" (Office and Finance, by
migration) reach no admin page but the set-up before they have one. TWO_FACTOR_REQUIRED=False
(development only) drops the requirement, not the step for those who have one.
"""

import time
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from cms.emails import mail_task, send_templated_email
from cms.forms import client_key, count

REQUIRED = "wagtailadmin.require_two_factor"
# Admin addresses a signed-in person reaches before the second step.
OPEN = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "two_factor_verify",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


def must_use(user):
    return settings.TWO_FACTOR_REQUIRED and user.has_perm(REQUIRED)


def second_step(user):
    """The step a signed-in user still owes this session, as the name of its view: the code
    ("two_factor_verify") from whoever has a confirmed device, the set-up ("two_factor") from
    whoever must have one; None when the sign-in is complete (django-otp's is_verified) or
    nothing more is asked."""
    if not user.is_authenticated or user.is_verified():
        return None
    if django_otp.user_has_device(user, confirmed=True):
        return "two_factor_verify"
    return "two_factor" if must_use(user) else None


def signed_out():
    """An anonymous user as django-otp's middleware makes them."""
    user = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


def next_address(request):
    """Where to go after the step: the address asked for, if it is on this site."""
    wanted = request.POST.get("next", request.GET.get("next", ""))
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse("wagtailadmin_home")


TOO_MANY = gettext_lazy("Too many wrong codes. Please wait a moment, then try again.")
# A set-up's key, kept in the session that opened the set-up page, for this many seconds.
SET_UP_SECONDS = 15 * 60
SET_UP_SESSION_KEY = "two_factor_set_up"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def check_code(self, request, devices):
        """The device that took the code, or None with the reason as the form's error. Each
        try is counted before it is checked (as the login's: per account and address, so that
        guesses from elsewhere do not hold up the person at her desk), and parallel guesses
        each get their own number; a right code takes its count back. Besides, django-otp's
        throttle of a device makes each try after a wrong one wait twice as long."""
        brake = f"second-factor:{request.user.pk}:{client_key(request)}"
        if count(brake, settings.LOGIN_FAILURE_WINDOW) > settings.LOGIN_FAILURE_LIMIT:
            self.add_error("code", TOO_MANY)
            return None
        code = self.cleaned_data["code"].replace(" ", "")
        for device in devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                self.add_error("code", TOO_MANY)
                return None
            if device.verify_token(code) if device.pk else fits(device, code):
                count(brake, settings.LOGIN_FAILURE_WINDOW, step=-1)
                return device
        self.add_error("code", _("This code is not right (any more). Please type the current one."))
        return None


def fits(device, code):
    """Whether the code is the app's current one for a device not saved yet (django-otp's own
    check saves the device); the code is then used up."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (code.isdigit() and totp.verify(int(code), device.tolerance)):
        return False
    device.last_t = totp.t()
    return True


class SetUpForm(CodeForm):
    name = forms.CharField(
        label=gettext_lazy("Name of the device"),
        max_length=64,
        initial=gettext_lazy("Phone"),
    )
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput)
    field_order = ["name", "code", "password"]


@never_cache
@sensitive_post_parameters("code")
def verify_view(request):
    """The second step of the sign-in."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        devices = django_otp.devices_for_user(request.user, confirmed=True)
        device = form.check_code(request, devices)
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_address(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": next_address(request)}
    )


def pending_device(request):
    """The device being set up in this session: its key is made for the session that opened
    the set-up and lives SET_UP_SECONDS; nothing is stored of it until its code is confirmed,
    so nobody else who signs in to the account (with the password alone) ever sees it."""
    pending = request.session.get(SET_UP_SESSION_KEY)
    if pending is None or pending["until"] < time.time():
        pending = {"key": random_hex(20), "until": time.time() + SET_UP_SECONDS}
        request.session[SET_UP_SESSION_KEY] = pending
    return TOTPDevice(user=request.user, key=pending["key"], name="", confirmed=False)


@mail_task
def announce_device(user_id):
    """Tells the person that a second factor was added to the account: should it not have
    been her, she knows at once (the mail names no device: its name is typed by whoever set it
    up)."""
    user = get_user_model().objects.get(pk=user_id)
    if user.email:
        context = {"user": user, "added_at": timezone.now()}
        send_templated_email("accounts/email/second_factor_added", context, to=[user.email])


@never_cache
@sensitive_post_parameters("code", "password")
def set_up_view(request):
    """A person's authenticator apps: add one (scan, type its code, confirm with the
    password) or remove one (with the password)."""
    user = request.user
    pending = pending_device(request)
    form = SetUpForm(request.POST if request.POST.get("action") == "add" else None)
    removal = request.POST.get("action") == "remove"
    if removal:
        if user.check_password(request.POST.get("password", "")):
            TOTPDevice.objects.filter(user=user, pk=request.POST.get("device")).delete()
            messages.success(request, _("The device was removed."))
            return redirect("two_factor")
        messages.error(request, _("The password is not right."))
    elif form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("The password is not right."))
        elif form.check_code(request, [pending]):
            pending.name = form.cleaned_data["name"]
            pending.confirmed = True
            pending.save()
            del request.session[SET_UP_SESSION_KEY]
            django_otp.login(request, pending)
            transaction.on_commit(lambda: announce_device.enqueue(user.pk))
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(next_address(request))
    qr = segno.make(pending.config_url, error="m")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "devices": TOTPDevice.objects.filter(user=user, confirmed=True),
            "qr_code": mark_safe(qr.svg_inline(scale=5, title=_("QR code for your app"))),  # noqa: S308 - segno's own SVG
            "key": b32encode(pending.bin_key).decode(),  # to type in where no camera scans
            "required": must_use(user),
            "next": next_address(request),
        },
    )
