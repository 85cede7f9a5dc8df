from urllib.parse import urlsplit

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.cache.parameters import page_address, site_address
from cms.forms import EmailAddressField, SpamProtectedForm


class InterestsField(forms.ModelMultipleChoiceField):
    """The topics as checkboxes, each with its description: the text the proof of consent
    keeps. The form sets the queryset (the topics on offer)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("help_text", _("Choose none to get every issue."))
        kwargs.setdefault("error_messages", {"required": _("Please choose at least one topic.")})
        super().__init__(None, required=False, **kwargs)

    def label_from_instance(self, interest):
        return f"{interest.name}: {interest.description}" if interest.description else interest.name


class SubscribeForm(SpamProtectedForm):
    """Email, an optional name, the topics wanted and consent to the newsletter page's consent
    text; the page the form stood on travels along as part of the proof."""

    rate_limit_scope = "newsletter"

    email = EmailAddressField(label=_("Email address"))
    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    interests = InterestsField()
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree so that we can send you the newsletter.")}
    )
    # As long as Subscriber.source_url, which it fills as an absolute address.
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, consent_text, interests=None, interest_required=False, **kwargs):
        """interests: the topics offered (the footer's short form offers none: every issue,
        unless one is required, when its post shows the full form asking for one)."""
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        if interests:
            self.fields["interests"].queryset = interests
            self.fields["interests"].required = interest_required
            if interest_required:
                self.fields["interests"].help_text = _("Choose at least one.")
        else:
            del self.fields["interests"]
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


class PreferencesForm(forms.Form):
    """A subscriber's own name and topics, on the page their personal link opens."""

    template_name = "forms/form.html"

    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    interests = InterestsField()

    def __init__(self, *args, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = interests


class SendForm(forms.Form):
    """Whom an issue goes to and when; sending needs the confirmation of the recipient count
    shown, counted again on sending (a changed choice is shown again, not sent)."""

    interests = InterestsField(
        label=_("Interests"),
        help_text=_(
            "None chosen: every confirmed subscriber. Otherwise those who chose one of these, "
            "and those who chose no interest (they get every issue)."
        ),
    )
    send_at = forms.DateTimeField(
        label=_("Send at"),
        help_text=_("Empty: now. The issue must be published by then."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        required=False,
    )
    # The count the confirmation was given for.
    shown = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_("Yes, send the issue to these recipients."), required=False
    )

    def __init__(self, *args, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = interests

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at is not None and send_at <= timezone.now():
            raise forms.ValidationError(_("This time has passed. Leave it empty to send now."))
        return send_at


class ImportForm(forms.Form):
    """A subscriber list to check before it is imported."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "One row per address. Columns: E-Mail (required), Name or Vorname and Nachname, "
            "Einwilligung am, Einwilligungstext, Quelle, Interessen (names, separated by "
            "commas). Mailchimp's export is understood as it is."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    source = forms.CharField(
        label=_("Where the list comes from"),
        help_text=_("Kept with each proof of consent whose row names no source."),
        max_length=200,
    )
    consent_text = forms.CharField(
        label=_("Consent text of the list"),
        help_text=_(
            "The text the people on this list agreed to, for rows that give none (Mailchimp's "
            "export has none). A row is subscribed only with a consent date and a text."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Please upload a CSV or XLSX file."))
        return upload


class MessageForm(forms.Form):
    """A service message: to one audience the apps offer, a subject and a plain text."""

    audience = forms.ChoiceField(label=_("To"))
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Text"),
        help_text=_(
            "After the greeting (“Hallo Maria,”). The mail ends with why the person gets it "
            "and the office's address."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
    )

    def __init__(self, *args, audiences, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences = {audience.key: audience for audience in audiences}
        self.fields["audience"].choices = [("", "–")] + [
            (audience.key, audience.label) for audience in audiences
        ]
