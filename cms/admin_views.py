"""The office's answer to a person's request to see or erase their data (GDPR Art. 15 and 17):
the same functions as `manage.py privacy`, from the admin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import privacy
from .models import PrivacyRequest


class PrivacyRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The person's email address"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Request"),
        choices=PrivacyRequest.Kind.choices,
        widget=forms.RadioSelect,
        initial=PrivacyRequest.Kind.EXPORT,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Erase: I have checked that the request comes from this person, and ended any "
            "monthly donation of theirs at Stripe."
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PrivacyRequest.Kind.ERASE and not cleaned.get("confirm"):
            self.add_error("confirm", _("Please confirm before erasing."))
        return cleaned


def privacy_view(request):
    if not request.user.has_perm("cms.add_privacyrequest"):
        raise PermissionDenied
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if form.cleaned_data["kind"] == PrivacyRequest.Kind.EXPORT:
            response = HttpResponse(
                privacy.export_json(email, handled_by=request.user),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="auskunft.json"'
            return response
        counts = privacy.erase(email, handled_by=request.user)
        messages.success(
            request,
            _("%(count)d records erased or anonymised.") % {"count": sum(counts.values())},
        )
        return redirect("privacy_requests")
    return TemplateResponse(
        request,
        "cms/admin/privacy.html",
        {"form": form, "log": PrivacyRequest.objects.select_related("handled_by")[:20]},
    )
