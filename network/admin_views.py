"""The Office's partner accounts: who may edit which profile, and an invitation (again) for a
profile's contact person, besides the one that accepting an application sends."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.forms import EmailAddressField

from .models import InitiativePage
from .services import PARTNERS, invite_partner

OFFICE = "network.change_partnerapplication"  # who decides on applications invites partners


class InvitationForm(forms.Form):
    profile = forms.ModelChoiceField(
        label=gettext_lazy("Profile"),
        queryset=InitiativePage.objects.order_by("title"),
    )
    name = forms.CharField(label=gettext_lazy("Contact person"), max_length=120)
    email = EmailAddressField(label=gettext_lazy("Email address"))


def partner_accounts_view(request):
    if not request.user.has_perm(OFFICE):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        invite_partner(data["profile"], data["name"], data["email"])
        messages.success(
            request,
            _("An invitation went to %(email)s for “%(profile)s”.")
            % {"email": data["email"], "profile": data["profile"].title},
        )
        return redirect("partner_accounts")
    profiles = (
        InitiativePage.objects.filter(owner__groups__name=PARTNERS)
        .select_related("owner")
        .order_by("title")
    )
    return TemplateResponse(
        request, "network/admin/partner_accounts.html", {"form": form, "profiles": profiles}
    )
