"""Stripe's API, through the official SDK: the client, and what the donation page asks of it
directly (the rest is in services.py and webhooks.py)."""

from django.conf import settings
from stripe import InvalidRequestError, StripeClient


def stripe_client():
    """The Stripe API; STRIPE_API_BASE points it elsewhere (the tests' local server)."""
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2)


def portal_url(donation, return_url):
    """A fresh address of Stripe's customer portal for the donor of a monthly donation."""
    session = stripe_client().v1.billing_portal.sessions.create(
        {"customer": donation.customer_id, "return_url": return_url, "locale": "de"}
    )
    return session.url


def cancel_subscription(subscription_id):
    """End a regular donation at Stripe now. One that is cancelled already is unknown to
    Stripe's cancel ("No such subscription"): ended either way."""
    try:
        stripe_client().v1.subscriptions.cancel(subscription_id)
    except InvalidRequestError as error:
        if error.code != "resource_missing":
            raise
