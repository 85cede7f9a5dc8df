from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import EmailAddressField, SpamProtectedForm


class SubscribeForm(SpamProtectedForm):
    """Email, an optional name and consent to the newsletter page's consent text; the page the
    form stood on travels along as part of the proof."""

    rate_limit_scope = "newsletter"

    email = EmailAddressField(label=_("Email address"))
    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree so that we can send you the newsletter.")}
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["source"].initial = self.request.get_full_path()

    def clean_source(self):
        """A path on this site; anything else is replaced by the address of this request."""
        source = self.cleaned_data["source"]
        if not source.startswith("/") or source.startswith("//"):
            source = self.request.get_full_path()
        return self.request.build_absolute_uri(source)
