"""At the same moment (PostgreSQL, real parallel transactions): Stripe delivering the same
event twice gives one ledger entry and one mail; two donors posting from one cached page give
two donations."""

import json
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from donations.models import Donation, Payment, StripeEvent
from tests.factories import donation_entries as valid_data

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


def test_two_donors_on_one_cached_page_posting_at_once_make_two_donations(
    settings, new_donation_factory, stripe_server
):
    """Both had the same cached page; each got the form's time of their own, so each posting
    is its own donation with its own Checkout session, also at the same moment. A double click
    of one of them stays one."""
    page = new_donation_factory().page
    Donation.objects.all().delete()
    settings.PAGE_CACHE_SECONDS = 300
    settings.FORM_MIN_FILL_SECONDS = 0
    donors = [Client(), Client()]
    first, second = (donor.get(page.url) for donor in donors)
    assert first.content == second.content
    tokens = [donor.get(reverse("form_token")).json()["shown_at"] for donor in donors]
    posts = [(donors[0], tokens[0], 0), (donors[1], tokens[1], 1), (donors[1], tokens[1], 1)]
    start = Barrier(len(posts))

    def post(donor_token_number):
        donor, token, number = donor_token_number
        data = valid_data(name=f"Spender {number}", email=f"s{number}@example.org")
        start.wait()
        try:
            return donor.post(page.url, {**data, "homepage": "", "shown_at": token}).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(posts)) as pool:
        assert set(pool.map(post, posts)) == {303}
    assert sorted(Donation.objects.values_list("name", flat=True)) == ["Spender 0", "Spender 1"]
    keys = {key for _m, path, key, _p in stripe_server.requests if path == "/v1/checkout/sessions"}
    assert len(keys) == 2  # the double click asked again with the same key: the same session
    assert len(set(Donation.objects.values_list("checkout_session_id", flat=True))) == 2
