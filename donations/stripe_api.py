"""Stripe's API, through the official SDK: the client, and what the donation page asks of it
directly (the rest is in services.py and webhooks.py)."""

from django.conf import settings
from stripe import StripeClient


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
