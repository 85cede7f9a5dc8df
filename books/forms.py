"""Finance's forms in the admin (a gift recorded by hand, a bank statement to import, the donor
a reviewed bank entry belongs to) and the donor's on her own page (the link to it, the address
for her next receipt)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from cms.formats import parse_euros
from cms.forms import EmailAddressField, SpamProtectedForm
from donations.forms import require_address
from donations.models import Payment


class DonorForm(forms.Form):
    """Who gave: a receipt needs the postal address; the email address is optional."""

    name = forms.CharField(label=_("Name"), max_length=120)
    email = EmailAddressField(label=_("Email address"), required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    wants_receipt = forms.BooleanField(label=_("Wants a donation receipt"), required=False)

    def clean(self):
        cleaned = super().clean()
        require_address(self, cleaned)
        return cleaned


class OfflineGiftForm(DonorForm):
    date = forms.DateField(label=_("Date of the gift"), widget=AdminDateInput)
    amount = forms.CharField(label=_("Amount or value (EUR)"), max_length=20)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Payment.Kind.choices)
    in_kind_description = forms.CharField(
        label=_("What was given"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a gift in kind: the thing exactly, its age, condition, purchase price."),
    )
    value_basis = forms.ChoiceField(
        label=_("Basis of the value"),
        choices=[("", "–"), *Payment.ValueBasis.choices],
        required=False,
    )
    valuation_documents = forms.CharField(
        label=_("Documents of the valuation"), max_length=200, required=False
    )

    def clean_amount(self):
        """As people type it: "150", "150,50", "1.234,56"."""
        amount = parse_euros(self.cleaned_data["amount"])
        if not amount or amount >= 10**8:
            raise forms.ValidationError(_("Please enter an amount in euros, e.g. 25 or 25,50."))
        return amount

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned["date"] > timezone.localdate():
            self.add_error("date", _("A gift is recorded once it has been received."))
        if cleaned.get("kind") == Payment.Kind.IN_KIND:
            for name in ("in_kind_description", "value_basis"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed for a gift in kind."))
        return cleaned


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement"),
        help_text=_("camt.053 (XML) as your bank exports it, or the bank's CSV export."),
    )


class ManageRequestForm(SpamProtectedForm):
    """ "Spende verwalten": the address a link to the donor's own page goes to, if any."""

    rate_limit_scope = "donation-manage"

    email = EmailAddressField(label=_("Email address you gave with your donation"))


class ReceiptAddressForm(forms.Form):
    """The address the next receipt goes to; receipts issued keep theirs."""

    template_name = SpamProtectedForm.template_name

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    wants_receipt = forms.BooleanField(
        label=_("I would like a donation receipt for the tax office."), required=False
    )
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        require_address(self, cleaned)
        return cleaned
