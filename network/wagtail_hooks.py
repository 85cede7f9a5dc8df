from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from cms.viewsets import SubmissionEditView, SubmissionViewSet

from .audiences import message_audiences
from .dashboard import office_tasks
from .models import ManufakturSignup, PartnerApplication, district_tally
from .services import decide


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


class SubmissionsGroup(ModelViewSetGroup):
    items = [PartnerApplicationViewSet, ManufakturSignupViewSet]
    menu_icon = "mail"
    menu_label = _("Submissions")
    menu_order = 190


@hooks.register("register_admin_viewset")
def register_submissions():
    return SubmissionsGroup()


hooks.register("office_tasks", office_tasks)

hooks.register("message_audiences", message_audiences)
# The district map counts the profiles without the ground floor knowing this app.
hooks.register("district_counts", district_tally)
