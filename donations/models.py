"""Donations through Stripe Checkout.

A Donation is what a visitor set out to give (an amount, once or monthly); it is stored as
pending before the visitor leaves for Stripe, under its own UUID that Stripe carries back as
client reference and metadata. Only Stripe's signed webhooks move it on.
"""

import logging
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from stripe import StripeError
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import ForwardOnly
from cms.pages import FormPageMixin
from cms.tokens import path_token, path_token_value

from .forms import OTHER, DonationForm
from .girocode import girocode_svg, validate_iban
from .stripe_api import portal_url

logger = logging.getLogger(__name__)

MANAGE_SALT = "donations.manage"
# The cookie with which a browser finds its own entries again after a cancelled checkout.
ENTRIES_COOKIE = "spende"
ENTRIES_SECONDS = 3600


class Interval(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")


class DonationPage(FormPageMixin, Page):
    """ "Spenden": editors write the text and set the amounts; visitors give through Stripe."""

    query_parameters = ("abgebrochen", "spende")  # cms/cache/parameters.py

    Interval = Interval

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    amounts = models.CharField(
        _("suggested amounts"),
        max_length=100,
        default="10, 25, 50, 100",
        help_text=_("Whole euros, separated by commas."),
    )
    default_interval = models.CharField(
        _("preselected interval"), max_length=10, choices=Interval.choices, default=Interval.ONCE
    )
    minimum_amount = models.DecimalField(
        _("smallest amount"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(1))],
    )
    maximum_amount = models.DecimalField(
        _("largest amount"), max_digits=8, decimal_places=2, default=Decimal(10000)
    )
    purposes = models.TextField(
        _("purposes"),
        blank=True,
        help_text=_("One per line; donors may choose one. Leave empty to ask for none."),
    )
    thank_you = models.TextField(
        _("thank-you text"),
        default="Herzlichen Dank für Ihre Spende! Sie hilft uns, München gemeinsam nachhaltiger "
        "zu machen.",
    )
    # The bank account: always on the page, the main way to give without online payments.
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = models.CharField(
        _("IBAN"), max_length=34, blank=True, validators=[validate_iban],
        help_text=_("With it, the page shows the account and a GiroCode for banking apps."),
    )  # fmt: skip
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    reference = models.CharField(
        _("suggested reference"), max_length=140, blank=True, default="Spende MIN"
    )
    transfer_text = models.TextField(
        _("text on bank transfers"),
        blank=True,
        default=(
            "Sie können auch direkt überweisen. Für eine Zuwendungsbestätigung geben Sie bitte "
            "Ihre Anschrift im Verwendungszweck an oder schreiben Sie uns."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("amounts"),
                FieldPanel("default_interval"),
                FieldPanel("minimum_amount"),
                FieldPanel("maximum_amount"),
                FieldPanel("purposes"),
            ],
            heading=_("Form"),
        ),
        FieldPanel("thank_you"),
        MultiFieldPanel(
            [
                FieldPanel("account_holder"),
                FieldPanel("iban"),
                FieldPanel("bic"),
                FieldPanel("reference"),
                FieldPanel("transfer_text"),
            ],
            heading=_("Bank transfer"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count = 1
    form_class = DonationForm
    form_submitted = "donations.services.donation_submitted"

    class Meta:
        verbose_name = _("donation page")

    def clean(self):
        super().clean()
        try:
            self.preset_amounts()
        except (ValueError, ArithmeticError) as error:
            raise ValidationError(
                {"amounts": _("Enter whole euros separated by commas.")}
            ) from error
        if (
            self.minimum_amount
            and self.maximum_amount
            and self.minimum_amount > self.maximum_amount
        ):
            raise ValidationError({"maximum_amount": _("Must be at least the smallest amount.")})

    def preset_amounts(self):
        return [Decimal(int(part)) for part in self.amounts.split(",") if part.strip()]

    def purpose_list(self):
        return [line.strip() for line in self.purposes.splitlines() if line.strip()]

    @property
    def payments_configured(self):
        return bool(settings.STRIPE_SECRET_KEY)

    def iban_groups(self):
        """The IBAN as people read it: in groups of four."""
        compact = self.iban.replace(" ", "").upper()
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))

    def girocode(self, amount=None):
        """The EPC QR code ("GiroCode") of a transfer to the account, as SVG markup."""
        return girocode_svg(self, amount)

    @path("girocode/<int:cents>/", name="girocode")
    def girocode_view(self, request, cents):
        """The GiroCode with an amount the visitor chose (the page shows one without)."""
        if not self.iban or not (100 <= cents <= 99_999_999):
            raise Http404
        return HttpResponse(self.girocode(Decimal(cents) / 100), content_type="image/svg+xml")

    @path("")
    def form_view(self, request):
        response = super().form_view(request)
        if "abgebrochen" in request.GET:
            add_never_cache_headers(response)  # the form may hold the donor's details again
        return response

    def get_form_kwargs(self):
        """The amounts and purposes."""
        return {"page": self}

    def remember_entries(self, request, response, donation):
        """Let this browser, and no other, find its entries again if the donor cancels the
        checkout: a signed cookie names the donation for an hour."""
        response.set_signed_cookie(
            ENTRIES_COOKIE,
            str(donation.uuid),
            salt=ENTRIES_COOKIE,
            max_age=ENTRIES_SECONDS,
            path=self.get_url(request),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",  # sent when Stripe sends the donor back
        )

    def get_initial(self, request):
        """The values of a donation whose checkout the visitor cancelled: back at the form,
        nothing has to be typed again. Only the browser that entered them gets them back."""
        donation = self.donation_named_in(request, "abgebrochen")
        entered_here = request.get_signed_cookie(
            ENTRIES_COOKIE, default=None, salt=ENTRIES_COOKIE, max_age=ENTRIES_SECONDS
        )
        if donation is None or str(donation.uuid) != entered_here:
            return {}
        suggested = donation.amount in self.preset_amounts()
        return {
            "amount": str(int(donation.amount)) if suggested else OTHER,
            "other_amount": "" if suggested else f"{donation.amount:.2f}".replace(".", ","),
            **{name: getattr(donation, name) for name in Donation.DONOR_FIELDS},
        }

    def donation_named_in(self, request, parameter):
        """The donation of this page whose UUID the address carries, if any."""
        try:
            reference = uuid.UUID(request.GET.get(parameter, ""))
        except ValueError:
            return None
        return Donation.objects.filter(uuid=reference, page=self).first()

    def manage_url(self, donation):
        return self.full_url + self.reverse_subpage("manage", args=[donation.manage_token])

    @path("verwalten/<str:token>/", name="manage")
    @method_decorator(never_cache)
    def manage_view(self, request, token):
        """From the thank-you mail to Stripe's customer portal, where a monthly donor changes
        the payment method or ends the donation. The portal's addresses are short-lived, so
        the mail links here and a button asks Stripe for a fresh one."""
        donation = Donation.from_manage_token(token)
        if donation is None:
            raise Http404
        error = None
        if request.method == "POST":
            try:
                url = portal_url(
                    donation, return_url=request.build_absolute_uri(self.get_url(request))
                )
            except StripeError:
                logger.exception("Stripe customer portal for donation %s failed", donation.uuid)
                error = _("Stripe cannot be reached right now. Please try again in a few minutes.")
            else:
                response = HttpResponseRedirect(url)
                response.status_code = 303
                return response
        context = {**self.get_context(request), "donation": donation, "error": error}
        return TemplateResponse(request, "donations/manage.html", context)

    @path("danke/", name="thanks")
    @method_decorator(never_cache)
    def thanks(self, request):
        """Where Stripe sends the donor back: the state as the webhooks recorded it."""
        donation = self.donation_named_in(request, "spende")
        context = {**self.get_context(request), "donation": donation}
        return TemplateResponse(request, "donations/thanks.html", context)


class Donation(ForwardOnly, models.Model):
    """What a donor set out to give: once, or monthly until cancelled."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for checkout")
        PROCESSING = "processing", _("Payment processing")
        PAID = "paid", _("Paid")
        ACTIVE = "active", _("Monthly, active")
        FAILED = "failed", _("Failed")
        ENDED = "ended", _("Monthly, ended")

    # Stripe's events come late, twice and in any order; a status only moves to a higher rank:
    # once: pending → processing (SEPA) → paid or failed; monthly: pending → active → ended.
    RANKS = {
        "status": {"pending": 0, "processing": 1, "active": 1, "paid": 2, "failed": 2, "ended": 2}
    }

    DONOR_FIELDS = [
        "interval",
        "name",
        "email",
        "purpose",
        "wants_receipt",
        "street",
        "postcode",
        "city",
    ]

    uuid = models.UUIDField(_("reference"), unique=True, editable=False)
    page = models.ForeignKey(
        DonationPage,
        verbose_name=_("donation page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="donations",
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2)
    interval = models.CharField(_("interval"), max_length=10, choices=Interval.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    wants_receipt = models.BooleanField(_("wants a donation receipt"), default=False)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    checkout_session_id = models.CharField(_("Stripe Checkout session"), max_length=255, blank=True)
    checkout_url = models.URLField(max_length=1000, blank=True, editable=False)
    customer_id = models.CharField(_("Stripe customer"), max_length=255, blank=True)
    subscription_id = models.CharField(_("Stripe subscription"), max_length=255, blank=True)
    thanked_at = models.DateTimeField(_("thank-you mail sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")

    def __str__(self):
        return f"{self.amount} € ({self.get_interval_display()}) – {self.name}"

    @classmethod
    def from_form(cls, page, data):
        """The pending donation of this form; sending the same form again finds it."""
        donation, _created = cls.objects.get_or_create(
            uuid=data["reference"],
            defaults={
                "page": page,
                "amount": data["amount_euros"],
                "consented_at": timezone.now(),
                **{
                    name: data.get(name) or cls._meta.get_field(name).get_default()
                    for name in cls.DONOR_FIELDS
                },
            },
        )
        return donation

    @property
    def amount_cents(self):
        return int(self.amount * 100)

    @property
    def manage_token(self):
        """The signed reference in the link with which a monthly donor reaches Stripe's
        customer portal (the donation's UUID alone also appears in return addresses)."""
        return path_token(self.uuid.hex, MANAGE_SALT)

    @classmethod
    def from_manage_token(cls, token):
        reference = path_token_value(token, MANAGE_SALT)
        if reference is None:
            return None
        return cls.objects.exclude(customer_id="").filter(uuid=reference).first()


class Payment(ForwardOnly, models.Model):
    """One sum of money that moved: the payment of a one-time donation (keyed by its payment
    intent) or one month of a monthly one (keyed by its invoice). The ledger the treasurer
    books and the receipts certify."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        FAILED = "failed", _("Failed")
        PAID = "paid", _("Paid")

    class Dispute(models.TextChoices):
        NONE = "", _("None")
        OPEN = "open", _("Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    RANKS = {
        # A failed invoice may be paid on a later attempt; a paid one stays paid.
        "status": {"processing": 0, "failed": 1, "paid": 2},
        # A dispute opens, then the bank decides either way.
        "dispute": {"": 0, "open": 1, "won": 2, "lost": 2},
    }

    donation = models.ForeignKey(
        Donation, verbose_name=_("donation"), on_delete=models.PROTECT, related_name="payments"
    )
    stripe_id = models.CharField(_("Stripe reference"), max_length=255, unique=True)
    payment_intent = models.CharField(_("Stripe payment"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2)
    amount_refunded = models.DecimalField(
        _("refunded (EUR)"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    dispute = models.CharField(
        _("dispute"), max_length=10, choices=Dispute.choices, blank=True, default=Dispute.NONE
    )
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    receipt = models.ForeignKey(
        "Receipt",
        verbose_name=_("donation receipt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )

    class Meta:
        ordering = ["-paid_at", "-created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["payment_intent"])]

    def __str__(self):
        return f"{self.amount} € – {self.donation.name} ({self.get_status_display()})"

    @property
    def net_amount(self):
        return self.amount - self.amount_refunded

    @property
    @admin.display(description=_("donor"))
    def donor(self):
        return self.donation.name

    @property
    def receipt_number(self):
        return self.receipt.number if self.receipt else ""


class StripeEventQuerySet(models.QuerySet):
    def waiting(self):
        """Events kept whole until the payment they concern arrives (Finance's list of them,
        the start page's count)."""
        return self.filter(payload__isnull=False)


class StripeEvent(models.Model):
    """Each Stripe event once: stored in the transaction that applies it, so an event that
    arrives again (Stripe retries, also concurrently) finds its id taken and changes nothing.

    A refund or dispute may arrive before the payment it concerns (or concern a payment made
    elsewhere on the account): it is kept whole, waiting for that payment, and applied when the
    payment is recorded, however late. Finance sees the events still waiting."""

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(_("type"), max_length=100)
    created = models.DateTimeField(_("created at Stripe"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    waiting_for = models.CharField(
        _("waiting for payment"), max_length=255, blank=True, db_index=True
    )
    waiting_for_invoice = models.CharField(
        _("waiting for invoice"), max_length=255, blank=True, db_index=True
    )
    payload = models.JSONField(_("event data"), null=True, blank=True, editable=False)

    objects = StripeEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.type} {self.id}"


@register_setting(icon="doc-full")
class ReceiptSettings(BaseSiteSetting):
    """What a donation receipt (Zuwendungsbestätigung) certifies about the organisation: its
    legal name and the tax office's exemption notice. Receipts are issued only while the notice
    is at most five years old (§ 63 Abs. 5 AO)."""

    legal_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("The tax-privileged body that issues receipts, e.g. a foundation."),
    )
    legal_address = models.TextField(_("postal address"), blank=True)
    tax_office = models.CharField(
        _("tax office"), max_length=200, blank=True, help_text=_('e.g. "München"')
    )
    tax_number = models.CharField(_("tax number"), max_length=50, blank=True)
    exemption_notice_date = models.DateField(
        _("date of the exemption notice"),
        null=True,
        blank=True,
        help_text=_("Freistellungsbescheid or annex to the corporation tax assessment."),
    )
    exemption_period = models.CharField(
        _("last assessment period"),
        max_length=50,
        blank=True,
        help_text=_('The period the notice covers, e.g. "2022 bis 2024".'),
    )
    tax_purposes = models.TextField(
        _("tax-privileged purposes"),
        blank=True,
        help_text=_(
            'As the notice names them, completing "Wir sind wegen Förderung …", e.g. "des '
            'Umweltschutzes (§ 52 Abs. 2 Satz 1 Nr. 8 AO)".'
        ),
    )
    place = models.CharField(_("place of issue"), max_length=100, default="München")
    signatory = models.CharField(
        _("signed by"),
        max_length=120,
        blank=True,
        help_text=_(
            "Leave empty for receipts made by machine without a signature; the tax office "
            "must have been told of that practice."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("legal_name"), FieldPanel("legal_address")], heading=_("Issuer")
        ),
        MultiFieldPanel(
            [
                FieldPanel("tax_office"),
                FieldPanel("tax_number"),
                FieldPanel("exemption_notice_date"),
                FieldPanel("exemption_period"),
                FieldPanel("tax_purposes"),
            ],
            heading=_("Exemption notice"),
        ),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("signatory")], heading=_("Signature")),
    ]

    class Meta:
        verbose_name = _("donation receipts")

    REQUIRED = [
        "legal_name",
        "legal_address",
        "tax_office",
        "tax_number",
        "exemption_notice_date",
        "exemption_period",
        "tax_purposes",
    ]

    def problem(self, on):
        """Why no receipt may be issued on the date `on`, or None."""
        missing = [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED
            if not getattr(self, name)
        ]
        if missing:
            return _("The receipt settings lack: %(fields)s.") % {"fields": ", ".join(missing)}
        notice = self.exemption_notice_date
        try:
            valid_until = notice.replace(year=notice.year + 5)
        except ValueError:  # 29 February
            valid_until = notice.replace(year=notice.year + 5, day=28)
        if on > valid_until:
            return _(
                "The exemption notice of %(date)s is more than five years old: no receipts "
                "may be issued until a newer notice is entered (§ 63 Abs. 5 AO)."
            ) % {"date": date_format(notice, "SHORT_DATE_FORMAT")}
        return None


class Receipt(models.Model):
    """A Zuwendungsbestätigung as issued. Its PDF is the copy kept for ten years; each payment
    it certifies points to it, so no payment is certified twice."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single receipt")
        COLLECTIVE = "collective", _("Collective receipt")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("donor"), max_length=120)
    address = models.TextField(_("donor's address"))
    email = models.EmailField(_("email address"))
    total = models.DecimalField(_("total (EUR)"), max_digits=10, decimal_places=2)
    period_start = models.DateField(_("first donation"))
    period_end = models.DateField(_("last donation"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    pdf = models.BinaryField(editable=False)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("donation receipt")
        verbose_name_plural = _("donation receipts")

    def __str__(self):
        return f"{self.number} – {self.name}"

    @property
    def number(self):
        return f"{timezone.localdate(self.issued_at).year}-{self.pk:05d}"

    @property
    def filename(self):
        return f"Zuwendungsbestaetigung-{self.number}.pdf"
