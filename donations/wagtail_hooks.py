import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.viewsets import SubmissionIndexView, ViewOnlyPermissionPolicy

from .models import Donation


class DonationFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = Donation
        fields = ["status", "interval", "purpose", "created_at"]


class DonationViewSet(ModelViewSet):
    """The donations as donors set them up, for the Finance group. Read-only: only Stripe's
    confirmations will change them."""

    model = Donation
    name = "donations"
    url_prefix = "spenden"
    icon = "pick"
    menu_label = _("Donations")
    menu_order = 196
    add_to_admin_menu = True
    index_view_class = SubmissionIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    list_display = ["name", "amount", "interval", "status", "purpose", "created_at"]
    filterset_class = DonationFilterSet
    search_fields = ["name", "email", "purpose"]
    list_export = [
        "created_at",
        "uuid",
        "status",
        "amount",
        "interval",
        "purpose",
        "name",
        "email",
        "wants_receipt",
        "street",
        "postcode",
        "city",
    ]
    export_filename = "spenden"
    form_fields = []

    def on_register(self):
        register_permission_policy(self.model, ViewOnlyPermissionPolicy(self.model))
        super().on_register()


@hooks.register("register_admin_viewset")
def register_donations():
    return DonationViewSet()
