from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class ChallengeForm(WagtailAdminModelForm):
    """A challenge's status changes only with a dated note, which joins its history; a note
    alone records progress without a change of status."""

    note_date = forms.DateField(label=_("date of the note"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("note for the history"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            'What happened, e.g. "Discussed with the Kreisverwaltungsreferat on 12 May". '
            "Needed when the status changes; shown publicly with its date."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if "status" in self.changed_data and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say in a note why the status changes."))
        return cleaned

    def save(self, commit=True):
        challenge = super().save(commit)
        text = self.cleaned_data.get("note", "").strip()
        if text:
            challenge.notes.create(
                date=self.cleaned_data["note_date"],
                status=challenge.status,
                text=text,
                author=self.for_user,
            )
        return challenge
