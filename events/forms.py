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

    def __init__(self, *args, questions=(), **kwargs):
        """questions: the event's EventQuestions, asked after the organisation; a question
        about health brings its own consent."""
        super().__init__(*args, **kwargs)
        self.questions = {f"question_{q.pk}": q for q in questions}
        for name, question in self.questions.items():
            self.fields[name] = question_field(question)
        health = [q.label for q in questions if q.health]
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


def question_field(question):
    common = {"label": question.label, "required": question.required}
    if question.kind == "text":
        return forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}), **common)
    choices = YES_NO if question.kind == "yes_no" else [(c, c) for c in question.choice_list()]
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
