from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .two_factor import set_up_view, verify_view


@hooks.register("register_admin_urls")
def register_two_factor_views():
    return [
        path("zwei-faktoren/", set_up_view, name="two_factor"),
        path("zwei-faktoren/pruefen/", verify_view, name="two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Sign in with a code from an authenticator app on your phone as well."),
    }
