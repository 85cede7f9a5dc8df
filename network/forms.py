from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import EmailAddressField, SpamProtectedForm
from organisations.models import District

from .choices import Sector


class ManufakturSignupForm(SpamProtectedForm):
    rate_limit_scope = "manufaktur-signup"

    name = forms.CharField(label=_("Name"), max_length=120)
    email = EmailAddressField(label=_("Email address"))
    contribution = forms.CharField(
        label=_("What would you like to contribute?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that MIN stores my details to handle my sign-up and passes them on to "
            "the Manufaktur's coordination."
        ),
        error_messages={"required": _("Please agree so that we can handle your sign-up.")},
    )


class PartnerApplicationForm(SpamProtectedForm):
    rate_limit_scope = "partner-application"

    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    district = forms.ChoiceField(
        label=_("District"),
        choices=[("", _("Across the city")), *District.choices],
        required=False,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    email = EmailAddressField(label=_("Email address"))
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=40, required=False)
    offers = forms.CharField(
        label=_("What does your organisation bring to the alliance?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wants = forms.CharField(
        label=_("What does your organisation want from the alliance?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_("I agree that MIN stores these details to handle our application."),
        error_messages={"required": _("Please agree so that we can handle your application.")},
    )

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())
