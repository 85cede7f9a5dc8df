"""What the email provider reports back (anymail's tracking signal): delivery states per
delivery, and addresses that must not be mailed again (hard bounces, complaints,
unsubscribes at the provider, rejections)."""

import functools
import hashlib
import json

from anymail import urls as anymail_urls
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import URLPattern

from .models import Delivery, Subscriber, TrackingEvent
from .services import unsubscribe

# anymail's event type → the delivery's new status.
DELIVERY_STATUSES = {
    "delivered": Delivery.Status.DELIVERED,
    "bounced": Delivery.Status.BOUNCED,
    "complained": Delivery.Status.COMPLAINED,
    "rejected": Delivery.Status.REJECTED,
    "unsubscribed": Delivery.Status.UNSUBSCRIBED,
    "failed": Delivery.Status.FAILED,
}
# anymail's event type → what the subscriber becomes: never mailed again.
SUPPRESSIONS = {
    "bounced": Subscriber.Status.BOUNCED,
    "rejected": Subscriber.Status.BOUNCED,
    "complained": Subscriber.Status.COMPLAINED,
    "unsubscribed": Subscriber.Status.UNSUBSCRIBED,
}
# Provider event names that anymail reports as "bounced" but that are temporary.
SOFT_BOUNCES = {"soft_bounce"}
# A delivery's later news may not be undone by older news arriving late (providers do not
# keep order): a final state stays.
FINAL = {
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
    Delivery.Status.REJECTED,
    Delivery.Status.UNSUBSCRIBED,
}


def event_id(event, esp_name):
    """The provider's id for the event or, where it gives none (Brevo), a fingerprint of the
    event as sent: the same post repeated has the same id."""
    if event.event_id:
        return f"{esp_name}:{event.event_id}"
    raw = json.dumps(event.esp_event, sort_keys=True, default=str)
    return f"{esp_name}:sha256:{hashlib.sha256(raw.encode()).hexdigest()}"


def handle_tracking(sender, event, esp_name, **kwargs):
    """Apply one tracking event, once."""
    try:
        with transaction.atomic():
            TrackingEvent.objects.create(
                event_id=event_id(event, esp_name),
                event_type=event.event_type,
                email=(event.recipient or "")[:254],
                message_id=(event.message_id or "")[:255],
            )
            apply(event)
    except IntegrityError:
        return  # seen before


def apply(event):
    status = DELIVERY_STATUSES.get(event.event_type)
    if status and event.message_id and event.recipient:
        Delivery.objects.filter(
            message_id=event.message_id, email=event.recipient.strip().lower()
        ).exclude(status__in=FINAL).update(status=status)
    suppression = SUPPRESSIONS.get(event.event_type)
    raw_type = (event.esp_event or {}).get("event") if isinstance(event.esp_event, dict) else None
    if suppression and event.recipient and raw_type not in SOFT_BOUNCES:
        for subscriber in Subscriber.objects.filter(email=event.recipient.strip().lower()):
            unsubscribe(subscriber, status=suppression)


def refusing_malformed(view):
    """anymail's webhook views fail with a server error on many bodies that are not the
    provider's JSON (a missing key, a timestamp of 10^20, JSON nested a thousand deep); such a
    request is a bad request (400), like one with wrong credentials. The database failing is
    no fault of the request: that stays a server error, and the provider posts again."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (DatabaseError, SuspiciousOperation):
            raise
        except Exception as error:
            raise SuspiciousOperation("Malformed webhook payload") from error

    return wrapped


def tracking_provider():
    """anymail's name of the provider whose tracking is served: EMAIL_TRACKING_PROVIDER, else
    the one EMAIL_BACKEND sends through ("anymail.backends.brevo.EmailBackend": "brevo")."""
    backend = settings.EMAIL_BACKEND.split(".")
    sending = backend[2] if backend[:2] == ["anymail", "backends"] else None
    return settings.EMAIL_TRACKING_PROVIDER or sending


def webhook_urls():
    """The configured provider's tracking webhook alone (e.g. /anymail/brevo/tracking/):
    anymail's other addresses (other providers, inbound mail) would be doors into code the
    site does not use."""
    name = f"{tracking_provider()}_tracking_webhook"
    return (
        [
            URLPattern(p.pattern, refusing_malformed(p.callback), p.default_args, p.name)
            for p in anymail_urls.urlpatterns
            if p.name == name
        ],
        anymail_urls.app_name,
    )
