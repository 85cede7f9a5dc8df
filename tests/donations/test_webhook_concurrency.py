"""Stripe delivering the same event twice at the same moment (PostgreSQL, real parallel
transactions): one ledger entry, one mail."""

import json
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client

from donations.models import Payment, StripeEvent

from .stripe_events import WEBHOOK_SECRET, session_event, signature

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database"),
    pytest.mark.django_db(transaction=True),
]


def test_the_same_event_delivered_twice_at_once(settings, new_donation_factory):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    donation = new_donation_factory()
    body = json.dumps(session_event(donation)).encode()
    completed_twice = json.dumps(
        {**session_event(donation), "id": "evt_other_same_payment"}
    ).encode()
    bodies = [body, body, completed_twice, completed_twice]
    start = Barrier(len(bodies))

    def post(body):
        start.wait()
        try:
            return (
                Client()
                .post(
                    "/stripe/webhook/",
                    body,
                    content_type="application/json",
                    HTTP_STRIPE_SIGNATURE=signature(body),
                )
                .status_code
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(bodies)) as pool:
        assert set(pool.map(post, bodies)) == {200}
    assert StripeEvent.objects.count() == 2
    assert Payment.objects.count() == 1
    assert len(mail.outbox) == 1
