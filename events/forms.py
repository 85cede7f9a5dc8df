from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import EmailAddressField, SpamProtectedForm


class RegistrationForm(SpamProtectedForm):
    rate_limit_scope = "event-registration"

    name = forms.CharField(label=_("Name"), max_length=120)
    email = EmailAddressField(
        label=_("Email address"), help_text=_("We send your confirmation here.")
    )
    organisation = forms.CharField(
        label=_("Organisation or initiative (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=_("I agree that MIN stores my details to organise this event."),
        error_messages={"required": _("Please agree so that we can register you.")},
    )
