"""Donations: through Stripe Checkout, by bank transfer, or recorded by Finance.

A Donation is what a visitor set out to give (an amount, once or regularly); it is stored as
pending before the visitor leaves for Stripe, under its own UUID that Stripe carries back as
client reference and metadata. Only Stripe's signed webhooks move it on. Gifts from the bank
statement or recorded by hand are donations too, paid when recorded (books/offline.py).
"""

import re
import secrets
import time
import unicodedata
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
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

MANAGE_SALT = "donations.manage"
MANAGE_LINK_DAYS = 7
# The cookie with which a browser finds its own entries again after a cancelled checkout.
ENTRIES_COOKIE = "spende"
ENTRIES_SECONDS = 3600


class Interval(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")

    @classmethod
    def recurring(cls):
        return [cls.MONTHLY, cls.QUARTERLY, cls.YEARLY]


# Stripe's recurring price of each interval.
STRIPE_RECURRING = {
    Interval.MONTHLY: {"interval": "month"},
    Interval.QUARTERLY: {"interval": "month", "interval_count": 3},
    Interval.YEARLY: {"interval": "year"},
}

# A donor's own reference for bank transfers: no 0/O, 1/I to misread.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PATTERN = re.compile(r"\bMIN[- ]?([A-HJ-NP-Z2-9]{6})\b", re.IGNORECASE)


def donor_key(email, name, postcode):
    return email.lower() if email else f"~{name_key(name)}|{postcode.strip()}"


def new_reference():
    return "MIN-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def name_key(name):
    """A name as bank statements and people write it, reduced to compare: case, accents and
    German transliteration (ä→ae, as SEPA transfers carry it), word order ("Müller, Anna")."""
    text = name.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ł", "l")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    words = re.findall(r"[a-z0-9]+", "".join(c for c in text if not unicodedata.combining(c)))
    return " ".join(sorted(words))[:120]


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
    # A campaign: a goal over a period, its progress shown on the page.
    goal = models.DecimalField(
        _("campaign goal (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(1))],
        help_text=_("With a goal, the page shows how much of it paid gifts have reached."),
    )  # fmt: skip
    campaign_start = models.DateField(_("campaign starts"), null=True, blank=True)
    campaign_end = models.DateField(_("campaign ends"), null=True, blank=True)
    donor_wall = models.BooleanField(
        _("donor wall"),
        default=False,
        help_text=_("Donors may agree to be named on the page, as they write their name."),
    )
    monthly_invitation = models.TextField(
        _("invitation to give regularly"),
        blank=True,
        help_text=_(
            "Shown on the thank-you page after a one-time gift, with a link back to the form. "
            "Leave empty to invite no one."
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
        MultiFieldPanel(
            [
                FieldPanel("goal"),
                FieldPanel("campaign_start"),
                FieldPanel("campaign_end"),
                FieldPanel("donor_wall"),
            ],
            heading=_("Campaign"),
        ),
        FieldPanel("monthly_invitation"),
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
        if self.goal and not (self.campaign_start and self.campaign_end):
            raise ValidationError({"campaign_end": _("A goal needs the campaign's period.")})
        if self.campaign_start and self.campaign_end and self.campaign_start > self.campaign_end:
            raise ValidationError({"campaign_end": _("The campaign cannot end before it starts.")})

    def campaign(self):
        """The campaign's progress as last counted (CampaignTotal), or None without a goal: the
        German page's campaign, on its translation too (cms/translations.py)."""
        page = self.rules
        if not (page.goal and page.campaign_start and page.campaign_end):
            return None
        total = CampaignTotal.objects.filter(page=page).first() or CampaignTotal(page=page)
        return {
            "goal": page.goal,
            "raised": total.raised,
            "gifts": total.gifts,
            "percent": min(100, int(total.raised * 100 / page.goal)),
            "start": page.campaign_start,
            "end": page.campaign_end,
            "names": total.names if page.donor_wall else [],
        }

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
        return {"page": self.rules}

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

    @path("verwalten/<str:token>/")
    def old_manage_link(self, request, token):
        """Thank-you mails sent before "Spende verwalten" linked here: on to where a donor
        asks for a fresh link."""
        return redirect("donation_manage_request", permanent=True)

    @path("danke/", name="thanks")
    @method_decorator(never_cache)
    def thanks(self, request):
        """Where Stripe sends the donor back: the state as the webhooks recorded it."""
        donation = self.donation_named_in(request, "spende")
        context = {**self.get_context(request), "donation": donation}
        return TemplateResponse(request, "donations/thanks.html", context)


class Donation(ForwardOnly, models.Model):
    """What a donor set out to give: once, or monthly until cancelled."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online (Stripe)")
        TRANSFER = "transfer", _("Bank transfer")
        RECORDED = "recorded", _("Recorded by Finance")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for checkout")
        PROCESSING = "processing", _("Payment processing")
        PAID = "paid", _("Paid")
        ACTIVE = "active", _("Monthly, active")
        FAILED = "failed", _("Failed")
        ENDED = "ended", _("Monthly, ended")

    # Stripe's events come late, twice and in any order; a status only moves to a higher rank:
    # once: pending → processing (SEPA) → paid or failed; regular: pending → active → ended.
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
        "public_name",
    ]

    uuid = models.UUIDField(_("reference"), unique=True, editable=False, default=uuid.uuid4)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
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
    email = models.EmailField(_("email address"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    wants_receipt = models.BooleanField(_("wants a donation receipt"), default=False)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    public_name = models.CharField(
        _("name on the donor wall"),
        max_length=120,
        blank=True,
        help_text=_("As the donor wrote it; empty: not named."),
    )
    iban = models.CharField(_("donor's IBAN"), max_length=34, blank=True, db_index=True)
    # Finance booked a credit from this IBAN to this donor: the import books further credits
    # from it to her unasked (books/offline.py). An IBAN only seen never does.
    iban_confirmed = models.BooleanField(_("IBAN confirmed by Finance"), default=False)
    # Who the donor is across donations: the email address, or without one the name and
    # postcode (a donor Finance knows only from the bank or by hand). Collective receipts
    # and the bank import's name rule go by these.
    donor_key = models.CharField(max_length=254, db_index=True, editable=False, default="")
    name_key = models.CharField(max_length=120, db_index=True, editable=False, default="")
    # Set on save; null only until the migration filled in the existing donations'.
    transfer_reference = models.CharField(  # noqa: DJ001
        _("reference for bank transfers"), max_length=12, unique=True, null=True, editable=False
    )
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
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

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.name_key = name_key(self.name)
        self.donor_key = donor_key(self.email, self.name, self.postcode)
        self.transfer_reference = self.transfer_reference or new_reference()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "name_key",
                "donor_key",
                "transfer_reference",
            }
        super().save(*args, **kwargs)

    @property
    def recurring(self):
        return self.interval in Interval.recurring()

    @property
    def receipt_address(self):
        return f"{self.street}\n{self.postcode} {self.city}" if self.city else ""

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

    def manage_token(self):
        """The signed, dated reference in the link to the donor's own page ("Spende
        verwalten"); it opens the page for MANAGE_LINK_DAYS."""
        return path_token(f"{self.pk}x{int(time.time())}", MANAGE_SALT)

    @classmethod
    def from_manage_token(cls, token):
        """The donation the link was made for, or None if the site did not make it, it is
        too old, or the donor's address has been erased since."""
        value = path_token_value(token, MANAGE_SALT) or ""
        pk, _x, made = value.partition("x")
        if not (pk.isdigit() and made.isdigit()):
            return None
        if time.time() - int(made) > MANAGE_LINK_DAYS * 86400:
            return None
        return cls.objects.exclude(email="").filter(pk=int(pk)).first()


class Payment(ForwardOnly, models.Model):
    """One sum of money that moved: the payment of a one-time donation (keyed by its payment
    intent) or one month of a monthly one (keyed by its invoice). The ledger the treasurer
    books and the receipts certify."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        FAILED = "failed", _("Failed")
        PAID = "paid", _("Paid")

    class Source(models.TextChoices):
        STRIPE = "stripe", _("Stripe")
        BANK = "bank", _("Bank statement")
        HAND = "hand", _("Recorded by hand")

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        IN_KIND = "in_kind", _("In kind (Sachspende)")

    class ValueBasis(models.TextChoices):
        """Where a gift in kind came from decides its value on the receipt (§ 10b Abs. 3
        EStG): from a business at the value it was taken out at, from private property at its
        market value, documented."""

        BUSINESS = "business", _("Business assets (value when taken out)")
        PRIVATE = "private", _("Private assets (market value)")
        UNKNOWN = "unknown", _("The donor gave no details of its origin")

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
    stripe_id = models.CharField(
        _("Stripe reference"), max_length=255, unique=True, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.STRIPE
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONEY)
    in_kind_description = models.TextField(
        _("what was given"),
        blank=True,
        help_text=_("Exactly: the thing, its age, condition, purchase price."),
    )
    value_basis = models.CharField(
        _("basis of the value"), max_length=10, choices=ValueBasis.choices, blank=True
    )
    valuation_documents = models.CharField(
        _("documents of the valuation"), max_length=200, blank=True,
        help_text=_('e.g. "Rechnung vom 3.5.2024, Gutachten"'),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    # The books (books/models.py) certify payments: the one tie from here to there, by name.
    receipt = models.ForeignKey(
        "books.Receipt",
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


class CampaignTotal(models.Model):
    """What a campaign has raised, counted again whenever a payment changes (a webhook, an
    import) and read by the page: the page cache shows it until the next count replaces the
    page's version (shown_on_pages)."""

    shown_on_pages = "page"

    page = models.OneToOneField(DonationPage, on_delete=models.CASCADE, related_name="+")
    raised = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    gifts = models.PositiveIntegerField(default=0)
    names = models.JSONField(default=list)
    counted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.page}: {self.raised} €"
