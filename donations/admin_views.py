"""The treasurer's receipt work in the admin: one receipt for a payment, the year's collective
receipts, and each receipt's PDF as it was issued."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Payment, Receipt
from .receipts import ReceiptRefused, donors_awaiting, issue_single, issue_year

ISSUE_PERMISSION = "donations.add_receipt"


def issue_receipt_view(request, pk):
    """A confirmation page; the POST issues the receipt and emails it to the donor."""
    if not request.user.has_perm(ISSUE_PERMISSION):
        raise PermissionDenied
    payment = get_object_or_404(Payment.objects.select_related("donation", "receipt"), pk=pk)
    if request.method == "POST":
        try:
            receipt = issue_single(payment)
        except ReceiptRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("payments:issue_receipt", pk=payment.pk)
        messages.success(
            request,
            _("Receipt %(number)s issued and sent to %(email)s.")
            % {"number": receipt.number, "email": receipt.email},
        )
        return redirect("receipts:index")
    return TemplateResponse(request, "donations/admin/issue_receipt.html", {"payment": payment})


def receipt_pdf_view(request, pk):
    if not request.user.has_perm("donations.view_receipt"):
        raise PermissionDenied
    receipt = get_object_or_404(Receipt, pk=pk)
    response = HttpResponse(bytes(receipt.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt.filename}"'
    return response


class CollectiveForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    email = forms.EmailField(
        label=gettext_lazy("Only for this donor"),
        required=False,
        help_text=gettext_lazy("Empty: every donor who asked for a receipt and gave in that year."),
    )


def collective_receipts_view(request):
    """The annual collective receipts, as the command issue_donation_receipts makes them."""
    if not request.user.has_perm(ISSUE_PERMISSION):
        raise PermissionDenied
    last_year = timezone.localdate().year - 1
    form = CollectiveForm(request.POST or None, initial={"year": last_year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        issued, refused = issue_year(year, form.cleaned_data["email"])
        for address, reason in refused:
            messages.error(request, f"{address}: {reason}")
        messages.success(
            request,
            _("%(count)s collective receipts for %(year)s issued and sent.")
            % {"count": len(issued), "year": year},
        )
        return redirect("receipts:index")
    waiting = list(donors_awaiting(form["year"].value() or last_year)) if not form.errors else []
    return TemplateResponse(
        request,
        "donations/admin/collective_receipts.html",
        {"form": form, "waiting": waiting, "index_url": reverse("receipts:index")},
    )
