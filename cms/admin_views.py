"""The office's answer to a person's request to see or erase their data (GDPR Art. 15 and 17):
the same functions as `manage.py privacy`, from the admin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import privacy
from .models import PrivacyRequest


class PrivacyRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The person's email address"), max_length=254)
    kind = forms.ChoiceField(
        label=gettext_lazy("Request"),
        choices=PrivacyRequest.Kind.choices,
        widget=forms.RadioSelect,
        initial=PrivacyRequest.Kind.EXPORT,
    )
    received_on = forms.DateField(
        label=gettext_lazy("Received on"),
        help_text=gettext_lazy("The answer is due within a month of this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Erase: I have checked that the request comes from this person, and ended any "
            "monthly donation of theirs at Stripe."
        ),
        required=False,
    )
    # The open request this answers, when carried out from the list of open ones.
    open_request = forms.ModelChoiceField(
        PrivacyRequest.objects.filter(handled_at=None), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, later=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.later = later

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("A request cannot come in after today."))
        return received_on

    def clean(self):
        cleaned = super().clean()
        erase = cleaned.get("kind") == PrivacyRequest.Kind.ERASE
        if erase and not self.later and not cleaned.get("confirm"):
            self.add_error("confirm", _("Please confirm before erasing."))
        return cleaned


def privacy_view(request):
    """Carry out a request now, or note it as open to carry out later (the start page shows
    open ones with their due day); an open one is carried out from its row, prefilled."""
    if not request.user.has_perm("cms.add_privacyrequest"):
        raise PermissionDenied
    number = request.GET.get("open", "")
    opened = number.isdigit() and PrivacyRequest.objects.filter(handled_at=None, pk=number).first()
    initial = {}
    if opened:
        initial = {"email": opened.email, "kind": opened.kind, "open_request": opened}
        initial["received_on"] = opened.received_on
    later = request.POST.get("action") == "later"
    form = PrivacyRequestForm(request.POST or None, initial=initial, later=later)
    if request.method == "POST" and form.is_valid():
        email, kind = form.cleaned_data["email"], form.cleaned_data["kind"]
        received_on = form.cleaned_data["received_on"]
        answered = form.cleaned_data["open_request"] or PrivacyRequest(received_on=received_on)
        if later:
            if answered.pk is None:
                privacy.note(kind, email, received_on)
            messages.success(request, _("The request is noted as open."))
            return redirect("privacy_requests")
        if kind == PrivacyRequest.Kind.EXPORT:
            response = HttpResponse(
                privacy.export_json(email, handled_by=request.user, request=answered),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="auskunft.json"'
            return response
        try:
            counts = privacy.erase(email, handled_by=request.user, request=answered)
        except privacy.ErasureRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("privacy_requests")
        messages.success(
            request,
            _("%(count)d records erased or anonymised.") % {"count": sum(counts.values())},
        )
        return redirect("privacy_requests")
    return TemplateResponse(
        request,
        "cms/admin/privacy.html",
        {
            "form": form,
            "open": PrivacyRequest.objects.filter(handled_at=None).order_by("received_on"),
            "log": PrivacyRequest.objects.exclude(handled_at=None).select_related("handled_by")[
                :20
            ],
            "today": timezone.localdate(),
        },
    )
