"""A second factor for the admin: a six-digit code from an authenticator app (TOTP, RFC 6238),
stored as django-otp's TOTPDevice and checked with its throttle (after each wrong code the next
try waits twice as long), and each code is taken once.

Everyone may set one up (account menu → "Two-factor sign-in"); whoever has one is asked for a
code after the password, also after the mailed sign-in link (cms/sign_in.py). Superusers and
groups with the permission "Must sign in with a second factor" (Office and Finance, by
migration) reach no admin page but the set-up before they have one. TWO_FACTOR_REQUIRED=False
(development only) drops the requirement, not the step for those who have one.
"""

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

REQUIRED = "wagtailadmin.require_two_factor"
# Admin addresses a signed-in person reaches before the second step.
OPEN = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "two_factor_verify",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


def in_admin(request):
    return request.path.startswith(reverse("wagtailadmin_home"))


def must_use(user):
    return settings.TWO_FACTOR_REQUIRED and user.has_perm(REQUIRED)


def half_signed_in(user):
    """Whether the user typed the password but owes the second step: has a confirmed device,
    or must set one up, and this session has not taken it (django-otp's is_verified)."""
    return (
        user.is_authenticated
        and not user.is_verified()
        and (django_otp.user_has_device(user, confirmed=True) or must_use(user))
    )


def signed_out():
    """An anonymous user as django-otp's middleware makes them."""
    user = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware (which tells whether this session took the second
    step). Outside the admin, a session that owes the second step counts as signed out: no
    login- or group-restricted page, document or answer opens to a password alone. In the
    admin, such a person is sent to the code or to the set-up; it looks at the view Django
    resolved for the request (process_view), as network's PartnerAreaMiddleware does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not in_admin(request):
            user = request.user
            request.user = SimpleLazyObject(lambda: signed_out() if half_signed_in(user) else user)
            request.half_signed_in_user = user
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not in_admin(request):
            # The site's login for a restricted page leads someone owing the code to it.
            if request.resolver_match.url_name == "wagtailcore_login" and half_signed_in(
                request.half_signed_in_user
            ):
                return redirect_to_login(request.GET.get("next", "/"), reverse("two_factor_verify"))
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        name = request.resolver_match.url_name
        if name in OPEN:
            return None
        if django_otp.user_has_device(user, confirmed=True):
            return redirect_to_login(request.path, reverse("two_factor_verify"))
        if must_use(user) and name != "two_factor":
            return redirect_to_login(request.path, reverse("two_factor"))
        return None


def next_address(request):
    """Where to go after the step: the address asked for, if it is on this site."""
    wanted = request.POST.get("next", request.GET.get("next", ""))
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse("wagtailadmin_home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def check_code(self, devices):
        """The device that took the code, or None with the reason as the form's error."""
        code = self.cleaned_data["code"].replace(" ", "")
        for device in devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                self.add_error(
                    "code", _("Too many wrong codes. Please wait a moment, then try again.")
                )
                return None
            if device.verify_token(code):
                return device
        self.add_error("code", _("This code is not right (any more). Please type the current one."))
        return None


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
        device = form.check_code(django_otp.devices_for_user(request.user, confirmed=True))
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_address(request))
    return render(
        request, "cms/admin/two_factor_verify.html", {"form": form, "next": next_address(request)}
    )


@never_cache
@sensitive_post_parameters("code", "password")
def set_up_view(request):
    """A person's authenticator apps: add one (scan, type its code, confirm with the
    password) or remove one (with the password)."""
    user = request.user
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name="", confirmed=False)
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
        elif form.check_code([pending]):
            pending.name = form.cleaned_data["name"]
            pending.confirmed = True
            pending.save()
            django_otp.login(request, pending)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(next_address(request))
    qr = segno.make(pending.config_url, error="m")
    return render(
        request,
        "cms/admin/two_factor.html",
        {
            "form": form,
            "devices": TOTPDevice.objects.filter(user=user, confirmed=True),
            "qr_code": mark_safe(qr.svg_inline(scale=5, title=_("QR code for your app"))),  # noqa: S308 - segno's own SVG
            "key": b32encode(pending.bin_key).decode(),  # to type in where no camera scans
            "required": must_use(user),
            "next": next_address(request),
        },
    )
