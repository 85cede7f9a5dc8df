from urllib.parse import urlsplit

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cms.cache.parameters import page_address, site_address
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
    # As long as Subscriber.source_url, which it fills as an absolute address.
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        self.fields["source"].initial = page_address(self.request)

    def clean_source(self):
        """The page on this site the form stood on, with the parameters pages read and nothing
        else a visitor brought along; anything else is replaced by the address of this
        request."""
        source = urlsplit(self.cleaned_data["source"])
        address = self.request.build_absolute_uri(
            site_address(source.path, QueryDict(source.query))
            if source.path.startswith("/") and not source.netloc
            else page_address(self.request)
        )
        return address if len(address) <= self.fields["source"].max_length else ""
