from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.models import NEXT_STATUSES, ReviewStatus


class ReviewForm(WagtailAdminModelForm):
    """The office's part of a submission: its status, which only moves forward, and notes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = ReviewStatus(self.instance.status)
        allowed = [current, *NEXT_STATUSES[current]]
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = ReviewStatus(self.instance.status)
        if status != current and status not in NEXT_STATUSES[current]:
            raise forms.ValidationError(_("A decided submission cannot be reopened."))
        return status
