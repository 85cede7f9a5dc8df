"""The donor's own page ("Spende verwalten"): what the books hold of her — her gifts, her
receipts, the address for the next one — and Stripe's portal for a regular donation."""

import logging

from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from stripe import StripeError

from cms.forms import count
from cms.pages import german
from donations.models import Donation, DonationPage, Payment
from donations.stripe_api import portal_url

from .emails import send_manage_link
from .forms import ManageRequestForm, ReceiptAddressForm
from .models import Receipt

logger = logging.getLogger(__name__)
MANAGE_LINKS_PER_HOUR = 3


# "Spende verwalten": the donor's own page, opened by a mailed link that names one of the
# donor's donations; it shows every donation under that email address. Never cached.


@never_cache
@require_http_methods(["GET", "POST"])
def manage_request_view(request):
    """The address the link goes to. The answer is the same whether or not the address gave
    anything, and each address gets at most MANAGE_LINKS_PER_HOUR links."""
    form = ManageRequestForm(request.POST or None, request=request)
    sent = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        donation = Donation.objects.filter(email__iexact=email).order_by("-created_at").first()
        if donation and count(f"donation-manage-link:{donation.pk}", 3600) <= MANAGE_LINKS_PER_HOUR:
            send_manage_link.enqueue(donation.pk)
        sent = True
    return request_page(request, form, sent=sent)


def request_page(request, form, sent=False, expired=False):
    page = german(DonationPage.objects).first()
    context = {"form": form, "sent": sent, "expired": expired, "page": page}
    status = 404 if expired else 400 if form.errors else 200
    return render(request, "books/manage_request.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def manage_view(request, token):
    """The donor's gifts and receipts, the regular donations with Stripe's portal to change
    or end them, and the address for the next receipt."""
    donation = Donation.from_manage_token(token)
    if donation is None:
        return request_page(request, ManageRequestForm(request=request), expired=True)
    donations = Donation.objects.filter(email__iexact=donation.email)
    action = request.POST.get("action")
    latest = donations.order_by("-created_at").first()
    addressed = donations.exclude(city="").order_by("-created_at").first() or latest
    address = ReceiptAddressForm(
        request.POST if action == "address" else None,
        initial={name: getattr(addressed, name) for name in ReceiptAddressForm.base_fields},
    )
    error, saved = None, False
    if action == "portal":
        regular = donations.exclude(customer_id="").filter(uuid=request.POST.get("donation"))
        if regular.exists():
            try:
                url = portal_url(regular.get(), return_url=request.build_absolute_uri())
            except StripeError:
                logger.exception("Stripe's customer portal failed for a donor")
                error = _("Stripe cannot be reached right now. Please try again in a few minutes.")
            else:
                return HttpResponseRedirect(url, status=303)
    elif action == "address" and address.is_valid():
        donations.update(**address.cleaned_data)
        saved = True
    payments = (
        Payment.objects.filter(donation__in=donations)
        .exclude(status=Payment.Status.PROCESSING)
        .select_related("donation", "receipt")
    )
    context = {
        "donor": latest,
        "regular": donations.filter(status=Donation.Status.ACTIVE).exclude(customer_id=""),
        "payments": payments,
        "receipts": receipts_of(donations),
        "address": address,
        "saved": saved,
        "error": error,
        "token": token,
        "page": german(DonationPage.objects).first(),
    }
    return render(request, "books/manage.html", context, status=400 if address.errors else 200)


def receipts_of(donations):
    """The receipts of the donations' payments, and the cancellations of such receipts."""
    return Receipt.objects.filter(
        Q(payments__donation__in=donations) | Q(replaces__payments__donation__in=donations)
    ).distinct()


@never_cache
def manage_receipt_view(request, token, number):
    """One of the donor's receipts as issued."""
    donation = Donation.from_manage_token(token)
    if donation is None:
        raise Http404
    donations = Donation.objects.filter(email__iexact=donation.email)
    receipt = get_object_or_404(receipts_of(donations), pk=number)
    response = HttpResponse(bytes(receipt.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt.filename}"'
    return response
