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
from .translations import german_locale_id, is_translation


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


def outside_the_german_tree(request, parent):
    """The German page tree is the site (cms/translations.py): a page made in the English tree
    would be published into nowhere (no address serves it, no listing shows it). Pages are
    made in the German tree and translated from there ("Translate"); anything else is refused
    with that said, and the editor is led to the German section."""
    if parent is None or not is_translation(parent):
        return None
    messages.error(
        request,
        _(
            "“%(title)s” is the English translation of a section: new pages are made in the "
            "German section and then translated with “Translate”."
        )
        % {"title": parent.get_admin_display_title()},
    )
    german = parent.get_translation_or_none(german_locale_id())
    return redirect("wagtailadmin_explore", (german or parent.get_parent()).pk)


@hooks.register("before_create_page")
def pages_are_made_in_the_german_tree(request, parent_page, page_class):
    return outside_the_german_tree(request, parent_page)


@hooks.register("before_copy_page")
def pages_are_copied_into_the_german_tree(request, page):
    destination = request.POST.get("new_parent_page") if request.method == "POST" else None
    parent = Page.objects.filter(pk=destination).first() if str(destination).isdigit() else None
    return outside_the_german_tree(request, parent)


@hooks.register("register_admin_urls")
def register_privacy_view():
    return [path("datenschutz/", privacy_view, name="privacy_requests")]


@hooks.register("register_settings_menu_item")
def privacy_menu_item():
    return PrivacyMenuItem(
        _("Privacy requests"), reverse("privacy_requests"), icon_name="lock", order=900
    )


@hooks.register("construct_homepage_panels")
def add_office_tasks(request, panels):
    panels.insert(0, OfficeTasksPanel(request.user))


hooks.register("office_tasks", privacy_tasks)
