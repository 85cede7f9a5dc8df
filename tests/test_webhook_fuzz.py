"""What the webhook endpoints must survive: random deliveries (tests/fuzzing.py) never cause a
server error. Unsigned or wrongly signed Stripe events change nothing; signed events of types
the site does not handle are acknowledged and change nothing but the event log; the email
provider's endpoint answers authenticated nonsense without failing."""

import base64
import json
import uuid

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cms.pages import german
from donations.models import Donation, DonationPage, Payment, StripeEvent
from donations.webhooks import HANDLERS
from newsletter.models import TrackingEvent
from tests.donations.stripe_events import WEBHOOK_SECRET, session_event, signature
from tests.fuzzing import FUZZ

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def pending_donation(db):
    """A real donation waiting for Stripe: an unsigned event that paid it would show."""
    return Donation.objects.create(
        uuid=uuid.uuid4(),
        page=german(DonationPage.objects).get(),
        amount=25,
        interval="once",
        name="Maria Beispiel",
        email="maria@example.org",
        consented_at=timezone.now(),
    )


@pytest.fixture
def webhook_secret(settings):
    """Set once per test: a setting changed inside the examples would stack one override per
    example, and every settings lookup would walk them all."""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=500),
        JSON.map(lambda v: json.dumps(v).encode()),
        st.just("real"),  # the donation's own payment event, but not signed right
    ),
    header=st.one_of(st.none(), st.text(max_size=120), st.just("t=1,v1=00")),
)
def test_unsigned_stripe_deliveries_change_nothing(
    client, webhook_secret, pending_donation, body, header
):
    if body == "real":
        body = json.dumps(session_event(pending_donation)).encode()
        header = header if header is not None else signature(body, secret="whsec_wrong")
    headers = {} if header is None else {"HTTP_STRIPE_SIGNATURE": header}
    response = client.post("/stripe/webhook/", body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert StripeEvent.objects.count() == Payment.objects.count() == 0
    pending_donation.refresh_from_db()
    assert pending_donation.status == Donation.Status.PENDING


@FUZZ
@given(
    kind=st.text("abcdefghijklmnopqrstuvwxyz._", min_size=1, max_size=40).filter(
        lambda kind: kind not in HANDLERS
    ),
    data=JSON,
)
def test_signed_events_the_site_does_not_handle_are_acknowledged(
    client, db, webhook_secret, kind, data
):
    event = {
        "id": f"evt_{abs(hash((kind, json.dumps(data)))):x}",
        "object": "event",
        "type": kind,
        "created": 1764063421,
        "data": {"object": data if isinstance(data, dict) else {"value": data}},
    }
    body = json.dumps(event).encode()
    response = client.post(
        "/stripe/webhook/", body, content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(body),
    )  # fmt: skip
    assert response.status_code == 200
    assert Payment.objects.count() == Donation.objects.count() == 0


@FUZZ
@given(body=st.one_of(st.binary(max_size=500), JSON.map(lambda v: json.dumps(v).encode())),
       authenticated=st.booleans())  # fmt: skip
def test_the_email_providers_endpoint_never_fails(client, db, body, authenticated):
    credentials = "webhook-user:webhook-password" if authenticated else "someone:guessing"
    events_before = TrackingEvent.objects.count()
    response = client.post(
        "/anymail/brevo/tracking/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(credentials.encode()).decode(),
    )
    assert response.status_code < 500
    if not authenticated:
        assert response.status_code == 400
        assert TrackingEvent.objects.count() == events_before
