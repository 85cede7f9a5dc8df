from django.contrib import messages
from django.db.models.deletion import Collector, ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from .admin_views import privacy_view
from .dashboard import OfficeTasksPanel, privacy_tasks
from .two_factor import set_up_view, verify_view


class PrivacyMenuItem(MenuItem):
    """Shown to those who may answer privacy requests (the Office)."""

    def is_shown(self, request):
        return request.user.has_perm("cms.add_privacyrequest")


@hooks.register("before_delete_page")
def keep_pages_that_records_refer_to(request, page):
    """Registrations and sign-ups protect the page they were made on (the office still needs
    them); deleting such a page would fail half-way, so the editor is told before."""
    try:
        Collector(using="default").collect(list(Page.objects.descendant_of(page, inclusive=True)))
    except ProtectedError as error:
        messages.error(
            request,
            _(
                "“%(title)s” cannot be deleted: registrations or sign-ups (%(count)d) refer to "
                "it. Unpublish it instead."
            )
            % {"title": page.get_admin_display_title(), "count": len(error.protected_objects)},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_admin_urls")
def register_privacy_view():
    return [path("datenschutz/", privacy_view, name="privacy_requests")]


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


@hooks.register("register_settings_menu_item")
def privacy_menu_item():
    return PrivacyMenuItem(
        _("Privacy requests"), reverse("privacy_requests"), icon_name="lock", order=900
    )


@hooks.register("construct_homepage_panels")
def add_office_tasks(request, panels):
    panels.insert(0, OfficeTasksPanel(request.user))


hooks.register("office_tasks", privacy_tasks)
