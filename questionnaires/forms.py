"""The forms editors build: Wagtail's form builder makes the questions, on the base every public
form has (spam defence, consent) and with the page's own fields (the email address)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm

from cms.forms import EmailAddressField, SpamProtectedForm

# Names the form gives its own fields; a question may not take one (the builder names a
# question after its label: "Email" would become "email").
OWN_FIELDS = frozenset({"homepage", "shown_at", "email", "consent"})
# What no question may be named: the form's own fields, and the columns the answers list and
# its exports show for each answer besides the questions (Wagtail's get_data: submit_time).
RESERVED_NAMES = OWN_FIELDS | {"submit_time"}
# The longest answer a text question takes, so that a form sent full of text stays a sane row.
LONGEST_ANSWER = 5000


class QuestionnaireForm(SpamProtectedForm):
    rate_limit_scope = "questionnaire"

    def answers(self):
        """The answers to the editor's questions, as they are stored and exported."""
        return {name: value for name, value in self.cleaned_data.items() if name not in OWN_FIELDS}


class QuestionnaireFormBuilder(FormBuilder):
    """Wagtail's builder with the site's limits: text answers of bounded length, and the page's
    own fields after the questions (the email address as the page asks for it, the consent
    with the retention period).

    The page's rules (its questions, whether they are required, the address, the retention
    period) are its German page's; a translation (words) gives the questions' labels and help
    texts, matched by name, and the consent's wording (cms/translations.py)."""

    def __init__(self, fields, page, words=None):
        super().__init__(fields)
        self.page = page
        self.words = words or page

    def create_multiline_field(self, field, options):
        options["max_length"] = LONGEST_ANSWER
        options["widget"] = forms.Textarea(attrs={"rows": 5})
        return forms.CharField(**options)

    @property
    def formfields(self):
        fields = super().formfields
        if self.words is not self.page:
            for question in self.words.get_form_fields():
                if question.clean_name in fields:
                    fields[question.clean_name].label = question.label
                    fields[question.clean_name].help_text = question.help_text
        page = self.page
        if page.ask_email:
            fields["email"] = EmailAddressField(
                label=_("Email address")
                if page.ask_email == page.AskEmail.REQUIRED
                else _("Email address (optional)"),
                required=page.ask_email == page.AskEmail.REQUIRED,
            )
        fields["consent"] = forms.BooleanField(
            label=self.words.consent_text,
            help_text=_("Your answers are deleted after %(days)d days.")
            % {"days": page.retention_days},
            error_messages={"required": _("Please agree so that we can use your answers.")},
        )
        return fields

    def get_form_class(self):
        return type("Questionnaire", (QuestionnaireForm,), self.formfields)


class QuestionnaireAdminForm(WagtailAdminFormPageForm):
    """The page in the admin: Wagtail's checks of the questions, and no question named like one
    of the form's own fields or of the answers list's columns."""

    def clean(self):
        cleaned_data = super().clean()
        for form in self.formsets["form_fields"].forms:
            if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("label"):
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in RESERVED_NAMES:
                form.add_error(
                    "label",
                    _("The form asks this itself; please name the question differently."),
                )
        return cleaned_data
