from django import forms
from django.utils import timezone
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

    def __init__(self, *args, questions=(), **kwargs):
        """questions: the event's EventQuestions, asked after the organisation; a question
        about health brings its own consent."""
        super().__init__(*args, **kwargs)
        self.questions = {f"question_{q.pk}": q for q in questions}
        for name, question in self.questions.items():
            self.fields[name] = question_field(question)
        health = [shown_label(q) for q in questions if q.health]
        if health:
            self.fields["health_consent"] = forms.BooleanField(
                label=_(
                    "I agree that MIN uses my answers to “%(questions)s” to prepare the event "
                    "for me. Only the office sees them, and they are deleted after the event "
                    "(GDPR Art. 9(2)(a)). Without this consent, leave those answers empty."
                )
                % {"questions": "“, „".join(health)},
                required=False,
            )
        self.order_fields(["name", "email", "organisation", *self.questions, "health_consent"])

    def clean(self):
        cleaned = super().clean()
        told = any(cleaned.get(name) for name, q in self.questions.items() if q.health)
        if told and not cleaned.get("health_consent"):
            self.add_error(
                "health_consent",
                _("We may keep answers about health only with your consent."),
            )
        return cleaned

    def answers(self):
        """({question: answer}, {question: answer about health}) of the valid form."""
        given, health = {}, {}
        for name, question in self.questions.items():
            answer = self.cleaned_data.get(name)
            if answer:
                (health if question.health else given)[question.label] = answer
        return given, health


YES_NO = [("Ja", _("Yes")), ("Nein", _("No"))]


def shown_label(question):
    """The question as the page shows it: in its translation's words, where there are some
    (EventPage.get_form_kwargs); answers are kept under the German label."""
    return getattr(question, "shown_label", question.label)


def question_field(question):
    common = {"label": shown_label(question), "required": question.required}
    if question.kind == "text":
        return forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}), **common)
    choices = YES_NO if question.kind == "yes_no" else [(c, c) for c in question.choice_list()]
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


class EventSubmissionForm(SpamProtectedForm):
    """An event a partner proposes: what, when, where, and who to ask."""

    rate_limit_scope = "event-submission"

    title = forms.CharField(label=_("Title of the event"), max_length=255)
    start = forms.DateTimeField(
        label=_("Start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("End"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )
    teaser = forms.CharField(
        label=_("In one or two sentences"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    organisation_name = forms.CharField(label=_("Your organisation"), max_length=200)
    contact_name = forms.CharField(label=_("Your name"), max_length=120)
    email = EmailAddressField(
        label=_("Email address"), help_text=_("We tell you here how we decided.")
    )
    consent = forms.BooleanField(
        label=_("I agree that MIN stores my details to review the proposal and to answer me."),
        error_messages={"required": _("Please agree so that we can review your proposal.")},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start < timezone.now():
            self.add_error("start", _("The event must lie in the future."))
        if start and end and end < start:
            self.add_error("end", _("The event cannot end before it starts."))
        where = [cleaned.get(name) for name in ("venue", "street", "online_url")]
        if not any(where) and "venue" not in self.errors:
            self.add_error(
                "venue", _("Say where the event takes place: a venue, an address or a link.")
            )
        return cleaned
