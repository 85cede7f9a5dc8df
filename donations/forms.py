from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.formats import euros, parse_euros
from cms.forms import EmailAddressField, SpamProtectedForm

OTHER = "other"


class DonationForm(SpamProtectedForm):
    """Amount (a preset or one's own), once or regularly, who gives, a receipt if wanted, and
    on a page with a donor wall the name to be shown, if any.
    The donation's reference is made from this submission (cms.forms submission_key): the same
    form sent twice is the same donation, another visitor's form another one."""

    rate_limit_scope = "donation"

    amount = forms.ChoiceField(label=_("Amount"), widget=forms.RadioSelect)
    other_amount = forms.CharField(
        label=_("Other amount in euros"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    interval = forms.ChoiceField(label=_("How often"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=120)
    email = EmailAddressField(label=_("Email address"))
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    wants_receipt = forms.BooleanField(
        label=_("I would like a donation receipt for the tax office."), required=False
    )
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    public_name = forms.CharField(
        label=_("Name me on this page as"),
        max_length=120,
        required=False,
        help_text=_("Optional. Leave empty and your gift stays anonymous on the page."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that MIN stores my details to process my donation and, if I want one, "
            "to issue a receipt. Tax law requires keeping donation records for ten years."
        ),
        error_messages={"required": _("Please agree so that we can process your donation.")},
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["amount"].choices = [
            *((str(a), euros(a)) for a in page.preset_amounts()),
            (OTHER, _("Another amount")),
        ]
        self.fields["interval"].choices = page.Interval.choices
        self.fields["interval"].initial = page.default_interval
        purposes = page.purpose_list()
        if purposes:
            self.fields["purpose"].choices = [
                ("", _("Where it is needed most")),
                *((p, p) for p in purposes),
            ]
        else:
            del self.fields["purpose"]
        if not page.donor_wall:
            del self.fields["public_name"]
        minimum, maximum = euros(page.minimum_amount), euros(page.maximum_amount)
        self.fields["other_amount"].help_text = _("Between %(min)s and %(max)s.") % {
            "min": minimum,
            "max": maximum,
        }

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("amount")
        if choice == OTHER:
            amount = parse_euros(cleaned.get("other_amount"))
            if amount is None:
                self.add_error(
                    "other_amount", _("Please enter an amount in euros, e.g. 25 or 25,50.")
                )
        elif choice:
            amount = Decimal(choice)
        else:
            amount = None
        if amount is not None:
            if not self.page.minimum_amount <= amount <= self.page.maximum_amount:
                field = "other_amount" if choice == OTHER else "amount"
                self.add_error(
                    field,
                    _("Please give between %(min)s and %(max)s.")
                    % {
                        "min": euros(self.page.minimum_amount),
                        "max": euros(self.page.maximum_amount),
                    },
                )
            cleaned["amount_euros"] = amount
        require_address(self, cleaned)
        cleaned["reference"] = self.submission_key(
            *(cleaned[name] for name in sorted(cleaned) if name != "shown_at")
        )
        return cleaned


def require_address(form, cleaned):
    if cleaned.get("wants_receipt"):
        for name in ("street", "postcode", "city"):
            if not cleaned.get(name):
                form.add_error(name, _("Needed for the donation receipt."))
