"""Giving: a donation from the form, on to Stripe Checkout to pay it."""

import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from stripe import StripeError

from .models import STRIPE_RECURRING, Donation
from .stripe_api import stripe_client

logger = logging.getLogger(__name__)


def start_checkout(donation, page_url):
    """The address of the donation's Stripe Checkout page, created once per donation: the
    idempotency key is the donation's, so a form sent twice gets the same session. Stripe sends
    the donor back to page_url, the donation page as the donor's browser addressed it."""
    if donation.checkout_url:
        return donation.checkout_url
    page = donation.page
    recurring = donation.recurring
    reference = str(donation.uuid)
    metadata = {"donation": reference}
    price_data = {
        "currency": "eur",
        "unit_amount": donation.amount_cents,
        "product_data": {
            "name": f"Spende an MIN{f' – {donation.purpose}' if donation.purpose else ''}"
        },
    }
    params = {
        "mode": "subscription" if recurring else "payment",
        "line_items": [
            {
                "price_data": {**price_data, "recurring": STRIPE_RECURRING[donation.interval]}
                if recurring
                else price_data,
                "quantity": 1,
            }
        ],
        "client_reference_id": reference,
        "customer_email": donation.email,
        "metadata": metadata,
        "locale": "de",
        "success_url": f"{page_url}{page.reverse_subpage('thanks')}?spende={reference}",
        "cancel_url": f"{page_url}?abgebrochen={reference}",
    }
    # Payment methods come from the Stripe dashboard (cards, SEPA Direct Debit, wallets).
    if recurring:
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["submit_type"] = "donate"
        params["payment_intent_data"] = {"metadata": metadata}
    session = stripe_client().v1.checkout.sessions.create(
        params, {"idempotency_key": f"donation-{reference}-checkout"}
    )
    Donation.objects.filter(pk=donation.pk).update(
        checkout_session_id=session.id, checkout_url=session.url
    )
    return session.url


def donation_submitted(page, form):
    """Store the donation as pending and send the donor on to pay it at Stripe (a double click
    finds the same donation and the same checkout)."""
    if not page.payments_configured:
        raise ValidationError(_("Online donations are not possible at the moment."))
    request = form.request
    donation = Donation.from_form(page, form.cleaned_data)
    try:
        checkout_url = start_checkout(donation, request.build_absolute_uri(page.get_url(request)))
    except StripeError as error:
        logger.exception("Stripe Checkout for donation %s failed", donation.uuid)
        raise ValidationError(
            _("The payment page cannot be reached right now. Please try again in a few minutes.")
        ) from error
    # 303: the browser follows with a GET to Stripe.
    response = HttpResponseRedirect(checkout_url)
    response.status_code = 303
    page.remember_entries(request, response, donation)
    return response
