"""The treasurer's work in the admin: receipts (one for a payment, the year's collective ones,
corrections, each PDF as it was issued) and offline gifts (recorded by hand, imported from a
bank statement, reviewed where the import found no donor)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.tables import ImportFileError
from donations.models import Donation, Payment, name_key

from . import offline
from .forms import DonorForm, OfflineGiftForm, StatementForm
from .models import BankEntry, Receipt
from .receipts import ReceiptRefused, donors_awaiting, issue_correction, issue_single, issue_year
from .statements import read_statement

ISSUE_PERMISSION = "books.add_receipt"


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
    return TemplateResponse(request, "books/admin/issue_receipt.html", {"payment": payment})


def receipt_pdf_view(request, pk):
    if not request.user.has_perm("books.view_receipt"):
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
        "books/admin/collective_receipts.html",
        {"form": form, "waiting": waiting, "index_url": reverse("receipts:index")},
    )


def issue_correction_view(request, pk):
    """A confirmation page; the POST issues the corrected receipt (or the cancellation)."""
    if not request.user.has_perm(ISSUE_PERMISSION):
        raise PermissionDenied
    receipt = get_object_or_404(Receipt, pk=pk)
    if request.method == "POST":
        try:
            corrected = issue_correction(receipt)
        except ReceiptRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("receipts:index")
        messages.success(
            request,
            _("%(kind)s %(number)s issued; it replaces %(old)s.")
            % {"kind": corrected.get_kind_display(), "number": corrected.number,
               "old": receipt.number},
        )  # fmt: skip
        return redirect("receipts:index")
    return TemplateResponse(request, "books/admin/issue_correction.html", {"receipt": receipt})


def record_gift_view(request):
    """A gift Finance records by hand: cash, a cheque, a gift in kind."""
    if not request.user.has_perm("donations.add_payment"):
        raise PermissionDenied
    form = OfflineGiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        payment = offline.record_gift(form.cleaned_data, request.user)
        messages.success(request, _("Gift of %(donor)s recorded.") % {"donor": payment.donor})
        return redirect("payments:index")
    return TemplateResponse(
        request,
        "books/admin/record_gift.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def import_statement_view(request):
    """A bank statement into the ledger; afterwards, what became of its lines."""
    if not request.user.has_perm("books.add_bankentry"):
        raise PermissionDenied
    form = StatementForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            statement = read_statement(form.cleaned_data["statement"])
        except ImportFileError as error:
            form.add_error("statement", str(error))
        else:
            result = offline.Import(statement).run()
    return TemplateResponse(
        request,
        "books/admin/import_statement.html",
        {"form": form, "result": result, "review_url": reverse("bank_entries:index")},
        status=400 if form.errors else 200,
    )


def review_entry_view(request, pk):
    """A credit the import could not match: book it to a donor the ledger knows (found by
    name, email or IBAN), to a new donor, or set it aside as no donation."""
    if not request.user.has_perm("books.change_bankentry"):
        raise PermissionDenied
    entry = get_object_or_404(BankEntry, pk=pk)
    action = request.POST.get("action")
    donor_form = DonorForm(request.POST if action == "new" else None, initial={"name": entry.name})
    if entry.status != BankEntry.Status.REVIEW:
        messages.error(request, _("This entry has been reviewed already."))
        return redirect("bank_entries:index")
    done = False
    if action == "assign":
        donation = Donation.objects.filter(pk=request.POST.get("donation") or 0).first()
        done = donation is not None and offline.assign(entry.pk, donation, request.user)
    elif action == "new" and donor_form.is_valid() and not entry.is_return:
        done = offline.new_donor(entry.pk, donor_form.cleaned_data, request.user)
    elif action == "aside":
        done = offline.set_aside(entry.pk)
    if done:
        messages.success(request, _("Entry reviewed."))
        return redirect("bank_entries:index")
    query = request.GET.get("q", "").strip()
    return TemplateResponse(
        request,
        "books/admin/review_entry.html",
        {
            "entry": entry,
            "candidates": candidates(entry, query),
            "query": query,
            "donor_form": donor_form,
        },
    )


def candidates(entry, query):
    """Donors the entry may belong to: one donation per donor, the newest, by the name on the
    statement, or by what Finance searched for; only donors who have paid before, so that no
    form filled in and left at the checkout stands among them (a name is anyone's to type)."""
    paid = Payment.objects.filter(donation=OuterRef("pk"), status=Payment.Status.PAID)
    found = Donation.objects.exclude(name="(anonymisiert)").filter(Exists(paid))
    if query:
        found = found.filter(Q(name__icontains=query) | Q(email__icontains=query))
    else:
        words = name_key(entry.name).split()
        if not words:
            return []
        by_name = Q(name_key__contains=max(words, key=len))
        found = found.filter(by_name | Q(iban=entry.iban) if entry.iban else by_name)
    newest = {}
    for donation in found.order_by("-created_at")[:200]:
        newest.setdefault(donation.donor_key, donation)
    return list(newest.values())[:20]
