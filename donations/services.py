"""Talking to Stripe, through the official SDK."""

from django.conf import settings
from stripe import StripeClient

from .models import Donation, Interval


def stripe_client():
    """The Stripe API; STRIPE_API_BASE points it elsewhere (the tests' local server)."""
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2)


def start_checkout(donation, page_url):
    """The address of the donation's Stripe Checkout page, created once per donation: the
    idempotency key is the donation's, so a form sent twice gets the same session. Stripe sends
    the donor back to page_url, the donation page as the donor's browser addressed it."""
    if donation.checkout_url:
        return donation.checkout_url
    page = donation.page
    monthly = donation.interval == Interval.MONTHLY
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
        "mode": "subscription" if monthly else "payment",
        "line_items": [
            {
                "price_data": {**price_data, "recurring": {"interval": "month"}}
                if monthly
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
    if monthly:
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


def portal_url(donation, return_url):
    """A fresh address of Stripe's customer portal for the donor of a monthly donation."""
    session = stripe_client().v1.billing_portal.sessions.create(
        {"customer": donation.customer_id, "return_url": return_url, "locale": "de"}
    )
    return session.url
