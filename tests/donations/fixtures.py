"""Fixtures of the money tests (tests/donations, tests/books), loaded by the conftest."""

import json
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.pages import german
from donations.models import Donation, DonationPage
from tests.donations import stripe_events


@pytest.fixture
def donation_page(db):
    return german(DonationPage.objects).get()


@pytest.fixture
def deliver(db, client, settings, django_capture_on_commit_callbacks):
    """POST an event to the webhook as Stripe does: the raw JSON body, signed; the tasks its
    transaction queues then run."""
    settings.STRIPE_WEBHOOK_SECRET = stripe_events.WEBHOOK_SECRET

    def deliver(event, **signing):
        body = json.dumps(event).encode()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/stripe/webhook/",
                body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=stripe_events.signature(body, **signing),
            )

    return deliver


@pytest.fixture
def new_donation(donation_page):
    """A donation as the form stores it before checkout."""
    return donation_maker(donation_page)


@pytest.fixture
def new_donation_factory(demo_site):
    """new_donation for tests that commit."""
    return donation_maker(german(DonationPage.objects).get())


def donation_maker(donation_page):
    def new_donation(amount="25.50", interval="once", **fields):
        reference = uuid.uuid4()
        fields = {
            "name": "Maria Beispiel",
            "email": "maria@example.org",
            "street": "Marienplatz 8",
            "postcode": "80331",
            "city": "München",
            **fields,
        }
        return Donation.objects.create(
            uuid=reference,
            page=donation_page,
            amount=Decimal(amount),
            interval=interval,
            consented_at=timezone.now(),
            checkout_session_id=f"cs_test_{reference.hex[:12]}",
            **fields,
        )

    return new_donation
