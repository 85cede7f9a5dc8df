"""The admin's login, limited: after LOGIN_FAILURE_LIMIT failed attempts from one address, or
for one user name, within LOGIN_FAILURE_WINDOW seconds, further attempts are refused unchecked
(counted in the shared cache, by the visitor's real address behind the proxies)."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .forms import client_ip, count


class RateLimitedLoginForm(LoginForm):
    def failure_keys(self):
        username = (self.data.get("username") or "").strip().lower()
        return [f"login-failures:ip:{client_ip(self.request)}", f"login-failures:user:{username}"]

    def clean(self):
        keys = self.failure_keys()
        if any(cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
            raise forms.ValidationError(
                _("Too many failed attempts. Please wait a quarter of an hour and try again."),
                code="rate_limit",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for key in keys:
                count(key, settings.LOGIN_FAILURE_WINDOW)
            raise
