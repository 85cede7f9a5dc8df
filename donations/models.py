"""Donations through Stripe Checkout.

A Donation is what a visitor set out to give (an amount, once or monthly); it is stored as
pending before the visitor leaves for Stripe, under its own UUID that Stripe carries back as
client reference and metadata. Only Stripe's signed webhooks move it on.
"""

import logging
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stripe import StripeError
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES

from .forms import OTHER, DonationForm

logger = logging.getLogger(__name__)


class Interval(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Monthly")


class DonationPage(RoutablePageMixin, Page):
    """ "Spenden": editors write the text and set the amounts; visitors give through Stripe."""

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
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count = 1
    form_class = DonationForm

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

    @path("")
    def form_view(self, request):
        from .services import start_checkout  # services import this module

        if request.method == "POST":
            form = self.form_class(request.POST, request=request, page=self)
            if form.is_valid() and self.payments_configured:
                donation = Donation.from_form(self, form.cleaned_data)
                try:
                    checkout_url = start_checkout(donation)
                except StripeError:
                    logger.exception("Stripe Checkout for donation %s failed", donation.uuid)
                    form.add_error(
                        None,
                        _(
                            "The payment page cannot be reached right now. Please try again "
                            "in a few minutes."
                        ),
                    )
                else:
                    # 303: the browser follows with a GET to Stripe.
                    response = HttpResponseRedirect(checkout_url)
                    response.status_code = 303
                    return response
        else:
            form = self.form_class(
                request=request,
                page=self,
                initial={"reference": uuid.uuid4(), **self.initial_from(request)},
            )
        return self.render(request, context_overrides={"form": form})

    def initial_from(self, request):
        """The values of a donation whose checkout the visitor cancelled: back at the form,
        nothing has to be typed again."""
        donation = self.donation_named_in(request, "abgebrochen")
        if donation is None:
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

    @path("danke/", name="thanks")
    def thanks_view(self, request):
        """Where Stripe sends the donor back: the state as the webhooks recorded it."""
        donation = self.donation_named_in(request, "spende")
        context = {**self.get_context(request), "donation": donation}
        return TemplateResponse(request, "donations/thanks.html", context)


class Donation(models.Model):
    """What a donor set out to give: once, or monthly until cancelled."""

    class Status(models.TextChoices):
        # Only moves forward: pending → processing (SEPA) → paid, or → failed.
        PENDING = "pending", _("Waiting for checkout")
        PROCESSING = "processing", _("Payment processing")
        PAID = "paid", _("Paid")
        ACTIVE = "active", _("Monthly, active")
        FAILED = "failed", _("Failed")
        ENDED = "ended", _("Monthly, ended")

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
