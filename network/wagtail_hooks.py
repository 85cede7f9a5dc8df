from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup

from cms.viewsets import SubmissionEditView, SubmissionViewSet

from .admin_views import OFFICE, partner_accounts_view
from .audiences import message_audiences
from .dashboard import office_tasks, partner_tasks
from .models import InitiativeIndexPage, ManufakturSignup, PartnerApplication, district_tally
from .services import decide, is_partner_only, partner_sections


class ApplicationEditView(SubmissionEditView):
    def save_instance(self):
        decided = self.form.initial["status"] != self.form.cleaned_data["status"]
        application = super().save_instance()
        if decided:
            decide(application)
        return application


class PartnerApplicationViewSet(SubmissionViewSet):
    model = PartnerApplication
    edit_view_class = ApplicationEditView
    name = "partner_applications"
    url_prefix = "bewerbungen"
    icon = "form"
    list_display = ["organisation_name", "sector", "contact_name", "status", "created_at"]
    list_filter = ["status", "sector", "district"]
    search_fields = ["organisation_name", "contact_name", "email", "offers", "wants"]
    list_export = ["created_at", "status", *PartnerApplication.APPLICANT_FIELDS, "notes"]
    export_filename = "bewerbungen"


class ManufakturSignupViewSet(SubmissionViewSet):
    model = ManufakturSignup
    name = "manufaktur_signups"
    url_prefix = "anmeldungen"
    icon = "user"
    list_display = ["name", "manufaktur", "status", "created_at"]
    list_filter = ["status", "manufaktur"]
    search_fields = ["name", "email", "contribution"]
    list_export = ["created_at", "status", "manufaktur", "name", "email", "contribution", "notes"]
    export_filename = "manufaktur-anmeldungen"


class PartnerAccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(OFFICE)


class SubmissionsGroup(ModelViewSetGroup):
    items = [PartnerApplicationViewSet, ManufakturSignupViewSet]
    menu_icon = "mail"
    menu_label = _("Submissions")
    menu_order = 190
    submenu_hook = "register_submissions_menu_item"


@hooks.register("register_admin_viewset")
def register_submissions():
    return SubmissionsGroup()


hooks.register("office_tasks", office_tasks)
hooks.register("office_tasks", partner_tasks)

hooks.register("message_audiences", message_audiences)
# The district map counts the profiles without the ground floor knowing this app.
hooks.register("district_counts", district_tally)


@hooks.register("register_admin_urls")
def register_partner_accounts():
    return [path("partnerkonten/", partner_accounts_view, name="partner_accounts")]


@hooks.register("register_submissions_menu_item")
def partner_accounts_menu_item():
    return PartnerAccountsMenuItem(
        _("Partner accounts"), reverse("partner_accounts"), icon_name="group", order=300
    )


@hooks.register("partner_sections")
def profiles_section():
    # A partner edits the profile it owns and adds none.
    return [(index, []) for index in InitiativeIndexPage.objects.all()]


@hooks.register("before_create_page")
def partners_add_only_what_their_sections_offer(request, parent_page, page_class):
    if not is_partner_only(request.user):
        return
    offered = [types for page, types in partner_sections() if page.pk == parent_page.pk]
    if not any(page_class in types for types in offered):
        raise PermissionDenied


@hooks.register("before_copy_page")
def partners_copy_only_what_they_may_add(request, page):
    """A copy is a new page: a partner copies only what its sections let it add (an event, not
    its profile: one per organisation)."""
    offered = {page_type for _section, types in partner_sections() for page_type in types}
    if is_partner_only(request.user) and type(page.specific) not in offered:
        messages.error(
            request,
            _("Your account cannot copy this page. To change it, edit it; the office can help."),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("construct_main_menu")
def no_reports_for_partners(request, menu_items):
    # Wagtail's reports are refused to partners (accounts/middleware.py): no menu for them.
    if is_partner_only(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "reports"]
