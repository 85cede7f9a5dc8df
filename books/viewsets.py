"""The Finance group's lists in the admin: donations, the payments ledger, receipts, the bank
statements' lines and the Stripe events waiting for their payment; read-only, with filters and
exports."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton

from cms.viewsets import ReadOnlyViewSet, SubmissionIndexView
from donations.models import Donation, Interval, Payment, StripeEvent

from .admin_views import (
    collective_receipts_view,
    import_statement_view,
    issue_correction_view,
    issue_receipt_view,
    receipt_pdf_view,
    record_gift_view,
    review_entry_view,
)
from .models import BankEntry, Receipt


class DonationFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = Donation
        fields = ["status", "interval", "channel", "purpose", "created_at"]


class DonationViewSet(ReadOnlyViewSet):
    """The donations as donors set them up."""

    model = Donation
    name = "donations"
    url_prefix = "spenden"
    icon = "pick"
    list_display = ["name", "amount", "interval", "channel", "status", "purpose", "created_at"]
    filterset_class = DonationFilterSet
    search_fields = ["name", "email", "purpose", "iban", "transfer_reference"]
    list_export = [
        "created_at",
        "uuid",
        "channel",
        "transfer_reference",
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
    source = django_filters.ChoiceFilter(label=_("source"), choices=Payment.Source.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Payment.Kind.choices)

    class Meta:
        model = Payment
        fields = ["status", "interval", "purpose", "paid_at", "dispute", "source", "kind"]


class PaymentIndexView(SubmissionIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("donation", "receipt")

    @property
    def header_buttons(self):
        buttons = []
        if self.request.user.has_perm("donations.add_payment"):
            buttons.append(
                HeaderButton(_("Record a gift"), url=reverse("payments:record"), icon_name="plus")
            )
        if self.request.user.has_perm("books.add_bankentry"):
            buttons.append(
                HeaderButton(
                    _("Import bank statement"),
                    url=reverse("bank_entries:import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.receipt_id is None and self.request.user.has_perm("books.add_receipt"):
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
        "source",
        "dispute",
        Column("interval", label=_("interval"), accessor="donation.get_interval_display"),
        Column("receipt_number", label=_("donation receipt")),
    ]
    filterset_class = PaymentFilterSet
    search_fields = ["donation__name", "donation__email", "stripe_id", "payment_intent"]
    list_export = [
        "paid_at",
        "source",
        "kind",
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
        "in_kind_description",
        "value_basis",
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
            path("erfassen/", record_gift_view, name="record"),
        ]


class ReceiptIndexView(SubmissionIndexView):
    @property
    def header_buttons(self):
        if not self.request.user.has_perm("books.add_receipt"):
            return []
        return [
            HeaderButton(
                _("Issue collective receipts"),
                url=reverse("receipts:collective"),
                icon_name="doc-full",
            )
        ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("replaces", "replaced_by")

    def get_list_more_buttons(self, instance):
        buttons = [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Download PDF"),
                url=reverse("receipts:pdf", args=[instance.pk]),
                icon_name="download",
                priority=5,
            ),
        ]
        to_correct = instance.flagged_at and not hasattr(instance, "replaced_by")
        if to_correct and self.request.user.has_perm("books.add_receipt"):
            buttons.append(
                MenuItem(
                    _("Issue corrected receipt"),
                    url=reverse("receipts:correct", args=[instance.pk]),
                    icon_name="warning",
                    priority=10,
                )
            )
        return buttons


class ReceiptFilterSet(WagtailFilterSet):
    to_correct = django_filters.BooleanFilter(
        label=_("to correct"),
        method="filter_to_correct",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Receipt
        fields = ["kind", "to_correct"]

    def filter_to_correct(self, queryset, name, value):
        to_correct = queryset.filter(flagged_at__isnull=False, replaced_by=None)
        return to_correct if value else queryset.exclude(pk__in=to_correct)


class ReceiptViewSet(ReadOnlyViewSet):
    """Receipts as issued; each PDF is the copy kept for ten years."""

    model = Receipt
    name = "receipts"
    url_prefix = "spenden/bestaetigungen"
    icon = "doc-full"
    index_view_class = ReceiptIndexView
    list_display = [
        "number",  # the title column, with the receipt's buttons
        "name",
        "kind",
        "total",
        "period_start",
        "period_end",
        "issued_at",
        "sent_at",
        "flagged_at",
    ]
    filterset_class = ReceiptFilterSet
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
        "flagged_at",
        "flag_reason",
        "replaces_number",
    ]
    export_headings = {"number": _("number"), "replaces_number": _("replaces")}
    export_filename = "zuwendungsbestaetigungen"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/pdf/", receipt_pdf_view, name="pdf"),
            path("jahresbestaetigungen/", collective_receipts_view, name="collective"),
            path("<int:pk>/berichtigen/", issue_correction_view, name="correct"),
        ]


class BankEntryIndexView(SubmissionIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("payment__donation")

    @property
    def header_buttons(self):
        if not self.request.user.has_perm("books.add_bankentry"):
            return []
        return [
            HeaderButton(
                _("Import bank statement"), url=reverse("bank_entries:import"), icon_name="upload"
            )
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        review = instance.status == BankEntry.Status.REVIEW
        if review and self.request.user.has_perm("books.change_bankentry"):
            buttons.append(
                MenuItem(
                    _("Review"),
                    url=reverse("bank_entries:review", args=[instance.pk]),
                    icon_name="edit",
                    priority=10,
                )
            )
        return buttons


class BankEntryViewSet(ReadOnlyViewSet):
    """The lines of the imported bank statements: each credit booked to a donor, or waiting
    for Finance's review."""

    model = BankEntry
    name = "bank_entries"
    url_prefix = "spenden/kontoauszug"
    icon = "list-ol"
    index_view_class = BankEntryIndexView
    list_display = ["name", "booked_on", "amount", "text", "status", "matched_by"]
    list_filter = ["status", "matched_by", "is_return"]
    search_fields = ["name", "iban", "text", "statement"]
    list_export = [
        "booked_on",
        "amount",
        "name",
        "iban",
        "text",
        "status",
        "matched_by",
        "is_return",
        "statement",
        "key",
        "imported_at",
    ]
    export_filename = "kontoauszug-buchungen"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", import_statement_view, name="import"),
            path("<int:pk>/pruefen/", review_entry_view, name="review"),
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

    items = [DonationViewSet, PaymentViewSet, ReceiptViewSet, BankEntryViewSet, WaitingEventViewSet]
    menu_icon = "pick"
    menu_label = _("Donations")
    menu_order = 196
