"""The Finance group's lists in the admin: donations, the payments ledger, receipts and the
Stripe events waiting for their payment; read-only, with filters and exports."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton

from cms.viewsets import ReadOnlyViewSet, SubmissionIndexView

from .admin_views import collective_receipts_view, issue_receipt_view, receipt_pdf_view
from .models import Donation, Interval, Payment, Receipt, StripeEvent


class DonationFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = Donation
        fields = ["status", "interval", "purpose", "created_at"]


class DonationViewSet(ReadOnlyViewSet):
    """The donations as donors set them up."""

    model = Donation
    name = "donations"
    url_prefix = "spenden"
    icon = "pick"
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


class PaymentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=Payment.Status.choices)
    interval = django_filters.ChoiceFilter(
        label=_("interval"), field_name="donation__interval", choices=Interval.choices
    )
    purpose = django_filters.CharFilter(
        label=_("purpose"), field_name="donation__purpose", lookup_expr="iexact"
    )
    paid_at = django_filters.DateFromToRangeFilter(label=_("paid on"), widget=DateRangePickerWidget)
    dispute = django_filters.ChoiceFilter(label=_("dispute"), choices=Payment.Dispute.choices)

    class Meta:
        model = Payment
        fields = ["status", "interval", "purpose", "paid_at", "dispute"]


class PaymentIndexView(SubmissionIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("donation", "receipt")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.receipt_id is None and self.request.user.has_perm("donations.add_receipt"):
            buttons.append(
                MenuItem(
                    _("Issue receipt"),
                    url=reverse("payments:issue_receipt", args=[instance.pk]),
                    icon_name="doc-full",
                    priority=40,
                )
            )
        return buttons


class PaymentViewSet(ReadOnlyViewSet):
    """The ledger: every sum that moved, as Stripe confirmed it, for accounting."""

    model = Payment
    name = "payments"
    url_prefix = "spenden/zahlungen"
    icon = "list-ul"
    index_view_class = PaymentIndexView
    list_display = [
        "donor",
        "paid_at",
        "amount",
        "amount_refunded",
        "status",
        "dispute",
        Column("interval", label=_("interval"), accessor="donation.get_interval_display"),
        Column("receipt_number", label=_("donation receipt")),
    ]
    filterset_class = PaymentFilterSet
    search_fields = ["donation__name", "donation__email", "stripe_id", "payment_intent"]
    list_export = [
        "paid_at",
        "stripe_id",
        "payment_intent",
        "status",
        "amount",
        "amount_refunded",
        "net_amount",
        "dispute",
        "donation.uuid",
        "donation.interval",
        "donation.purpose",
        "donation.name",
        "donation.email",
        "receipt_number",
    ]
    export_headings = {
        "net_amount": _("net (EUR)"),
        "donation.uuid": _("donation"),
        "donation.interval": _("interval"),
        "donation.purpose": _("purpose"),
        "donation.name": _("donor"),
        "donation.email": _("email address"),
        "receipt_number": _("donation receipt"),
    }
    export_filename = "spenden-zahlungen"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/bestaetigung/", issue_receipt_view, name="issue_receipt"),
        ]


class ReceiptIndexView(SubmissionIndexView):
    @property
    def header_buttons(self):
        if not self.request.user.has_perm("donations.add_receipt"):
            return []
        return [
            HeaderButton(
                _("Issue collective receipts"),
                url=reverse("receipts:collective"),
                icon_name="doc-full",
            )
        ]

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Download PDF"),
                url=reverse("receipts:pdf", args=[instance.pk]),
                icon_name="download",
                priority=5,
            ),
        ]


class ReceiptViewSet(ReadOnlyViewSet):
    """Receipts as issued; each PDF is the copy kept for ten years."""

    model = Receipt
    name = "receipts"
    url_prefix = "spenden/bestaetigungen"
    icon = "doc-full"
    index_view_class = ReceiptIndexView
    list_display = [
        Column("number", label=_("number")),
        "name",
        "kind",
        "total",
        "period_start",
        "period_end",
        "issued_at",
        "sent_at",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "email"]
    list_export = [
        "number",
        "kind",
        "issued_at",
        "name",
        "email",
        "address",
        "total",
        "period_start",
        "period_end",
        "sent_at",
    ]
    export_headings = {"number": _("number")}
    export_filename = "zuwendungsbestaetigungen"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/pdf/", receipt_pdf_view, name="pdf"),
            path("jahresbestaetigungen/", collective_receipts_view, name="collective"),
        ]


class WaitingEventIndexView(SubmissionIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().waiting()


class WaitingEventViewSet(ReadOnlyViewSet):
    """Refunds and disputes Stripe reported for a payment the ledger does not hold: applied by
    themselves when it arrives; one that stays concerns a payment made elsewhere on the Stripe
    account, or needs a look."""

    model = StripeEvent
    name = "waiting_stripe_events"
    url_prefix = "spenden/offene-ereignisse"
    icon = "warning"
    menu_label = _("Unmatched Stripe events")
    index_view_class = WaitingEventIndexView
    list_display = ["id", "type", "created", "waiting_for", "received_at"]
    search_fields = ["id", "waiting_for", "waiting_for_invoice"]
    list_export = ["id", "type", "created", "waiting_for", "waiting_for_invoice", "received_at"]
    export_filename = "offene-stripe-ereignisse"


class DonationsGroup(ModelViewSetGroup):
    """For the Finance group only (its permissions come from a migration)."""

    items = [DonationViewSet, PaymentViewSet, ReceiptViewSet, WaitingEventViewSet]
    menu_icon = "pick"
    menu_label = _("Donations")
    menu_order = 196
