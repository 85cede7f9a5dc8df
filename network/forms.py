from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import SpamProtectedForm


class ManufakturSignupForm(SpamProtectedForm):
    rate_limit_scope = "manufaktur-signup"

    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("Email address"))
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

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
