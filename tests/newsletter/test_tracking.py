"""The provider's tracking webhook (Brevo, through anymail): authenticated by HTTP basic auth as
anymail documents; bounces, complaints and unsubscribes at the provider stop further mail;
each delivery records its state; a repeated post changes nothing twice."""

import base64
import json
from pathlib import Path

import pytest
from anymail import urls as anymail_urls

from newsletter.models import Delivery, Sending, Subscriber, TrackingEvent

PAYLOADS = Path(__file__).parent / "brevo"
URL = "/anymail/brevo/tracking/"
Status = Subscriber.Status


def payload(name):
    return json.loads((PAYLOADS / f"{name}.json").read_text())


def post(client, body, credentials="webhook-user:webhook-password"):
    auth = base64.b64encode(credentials.encode()).decode()
    return client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}"
    )


@pytest.fixture
def deliveries(issue, subscribers):
    """The sent issue, with the message ids Brevo gave each delivery."""
    sending = Sending.objects.create(issue=issue, status=Sending.Status.DONE)
    for subscriber in subscribers:
        number = subscriber.email.removeprefix("person").split("@")[0]
        Delivery.objects.create(
            sending=sending,
            subscriber=subscriber,
            email=subscriber.email,
            status=Delivery.Status.SENT,
            message_id=f"<202611250912.4830129051{int(number) + 1}@smtp-relay.mailin.fr>",
        )
    return sending


def status_of(email):
    return Subscriber.objects.get(email=email).status


def delivery_of(email):
    return Delivery.objects.get(email=email).status


def test_delivered_is_recorded_on_the_delivery(client, deliveries):
    assert post(client, payload("delivered")).status_code == 200
    assert delivery_of("person1@example.org") == Delivery.Status.DELIVERED
    assert status_of("person1@example.org") == Status.CONFIRMED


@pytest.mark.parametrize(
    ("event", "email", "subscriber_status", "delivery_status"),
    [
        ("hard_bounce", "person1@example.org", Status.BOUNCED, Delivery.Status.BOUNCED),
        ("spam", "person3@example.org", Status.COMPLAINED, Delivery.Status.COMPLAINED),
        ("unsubscribe", "person4@example.org", Status.UNSUBSCRIBED, Delivery.Status.UNSUBSCRIBED),
    ],
)
def test_bounces_complaints_and_unsubscribes_stop_mail(
    client, deliveries, event, email, subscriber_status, delivery_status
):
    assert post(client, payload(event)).status_code == 200
    assert status_of(email) == subscriber_status
    assert delivery_of(email) == delivery_status
    assert Subscriber.objects.get(email=email).unsubscribed_at is not None
    others = Subscriber.objects.exclude(email=email).filter(email__startswith="person")
    assert set(others.values_list("status", flat=True)) == {Status.CONFIRMED}


def test_a_soft_bounce_keeps_the_subscriber(client, deliveries):
    post(client, payload("soft_bounce"))
    assert status_of("person2@example.org") == Status.CONFIRMED


def test_the_same_event_twice_is_applied_once(client, deliveries):
    post(client, payload("hard_bounce"))
    Subscriber.objects.filter(email="person1@example.org").update(status=Status.CONFIRMED)
    assert post(client, payload("hard_bounce")).status_code == 200
    assert TrackingEvent.objects.count() == 1
    assert status_of("person1@example.org") == Status.CONFIRMED


def test_late_news_does_not_undo_a_bounce(client, deliveries):
    post(client, payload("hard_bounce"))
    post(client, payload("delivered"))  # arrives after the bounce
    assert delivery_of("person1@example.org") == Delivery.Status.BOUNCED


@pytest.mark.parametrize("credentials", ["webhook-user:wrong", "someone:webhook-password", None])
def test_wrong_or_missing_credentials_are_refused(client, deliveries, credentials):
    if credentials is None:
        response = client.post(
            URL, json.dumps(payload("hard_bounce")), content_type="application/json"
        )
    else:
        response = post(client, payload("hard_bounce"), credentials)
    assert response.status_code == 400
    assert TrackingEvent.objects.count() == 0
    assert status_of("person1@example.org") == Status.CONFIRMED


def test_only_the_providers_tracking_address_is_served(client, db):
    others = [p for p in anymail_urls.urlpatterns if p.name != "brevo_tracking_webhook"]
    assert len(others) > 20
    for pattern in others:
        response = client.post(f"/anymail/{pattern.pattern}", "{}", content_type="application/json")
        assert response.status_code == 404, pattern.name


@pytest.mark.parametrize(
    "body",
    [
        {**payload("delivered"), "ts_event": 10**20},
        {**payload("delivered"), "ts_epoch": 10**30, "ts_event": 10**30},
        {**payload("delivered"), "date": "9999-99-99"},
        {**payload("delivered"), "email": ["a@example.org"], "message-id": {"x": 1}},
        "[" * 5000 + "]" * 5000,
        [None, 1, "x"],
    ],
    ids=["ts 10^20", "ts 10^30", "date", "types", "nested", "list"],
)
def test_a_malformed_event_with_the_right_credentials_is_a_bad_request(client, db, body):
    text = body if isinstance(body, str) else json.dumps(body)
    auth = base64.b64encode(b"webhook-user:webhook-password").decode()
    response = client.post(
        URL, text, content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}"
    )
    assert response.status_code in (200, 400)
    assert not TrackingEvent.objects.exclude(event_type="delivered").exists()
