"""Subscribing, confirming and unsubscribing: each under a lock on the subscriber's row, so that
parallel requests (a double click, a reload) store one subscriber and send one mail."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from cms.forms import client_ip

from .emails import send_confirmation, send_welcome
from .models import ConsentRecord, Delivery, Subscriber

Status = Subscriber.Status
# Asking again sends the confirmation again, but not more often than this.
RESEND_AFTER = timedelta(minutes=5)
# Unconfirmed requests are deleted after this long.
PENDING_RETENTION = timedelta(days=30)


def evidence(request):
    return {
        "ip_address": client_ip(request) or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


@transaction.atomic
def subscribe(data, consent_text, request):
    """Ask the address to confirm. Says nothing about whether it is subscribed already: a
    confirmed subscriber gets nothing, anyone else a confirmation mail, at most one every few
    minutes."""
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(email=data["email"])
    now = timezone.now()
    if subscriber.status == Status.CONFIRMED:
        return
    recently = (
        subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < RESEND_AFTER
    )
    if subscriber.status == Status.PENDING and recently:
        return
    subscriber.status = Status.PENDING
    subscriber.name = data.get("name") or subscriber.name
    subscriber.requested_at = now
    subscriber.source_url = data["source"]
    subscriber.consent_text = consent_text
    subscriber.confirmation_nonce = nonce = secrets.token_hex(16)
    subscriber.confirmation_sent_at = now
    subscriber.confirmation_mail_version = ""  # set by the mail that goes out
    for name, value in evidence(request).items():
        setattr(subscriber, name, value)
    subscriber.save()
    subscriber.interests.set(data.get("interests") or [])
    transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk, nonce))


def subscription_submitted(page, form):
    # The consent as the person read it: the page's translation shows its own text.
    consent_text = form.fields["consent"].label
    subscribe(form.cleaned_data, consent_text=consent_text, request=form.request)


@transaction.atomic
def confirm(subscriber, request):
    """Confirm a pending subscription and write its proof; False if the link was used already."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Status.PENDING or not subscriber.confirmation_nonce:
        return False
    now = timezone.now()
    confirmation = evidence(request)
    ConsentRecord.objects.create(
        subscriber=subscriber,
        email=subscriber.email,
        requested_at=subscriber.requested_at,
        confirmed_at=now,
        source_url=subscriber.source_url,
        consent_text=subscriber.consent_text,
        interests=[interest.as_shown() for interest in subscriber.interests.all()],
        confirmation_mail_version=subscriber.confirmation_mail_version,
        request_ip_address=subscriber.ip_address,
        request_user_agent=subscriber.user_agent,
        confirm_ip_address=confirmation["ip_address"],
        confirm_user_agent=confirmation["user_agent"],
    )
    subscriber.status = Status.CONFIRMED
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.confirmation_nonce = ""
    subscriber.save()
    transaction.on_commit(lambda: send_welcome.enqueue(subscriber.pk))
    return True


@transaction.atomic
def change_preferences(subscriber, data, consent_text, request):
    """The subscriber's own change of name and interests, on the page only their link opens.
    A change of interests is a new consent, proven like the first: a record of the text and
    the interests as shown, from this browser. False if the subscription has ended."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Status.CONFIRMED:
        return False
    subscriber.name = data["name"]
    subscriber.save(update_fields=["name"])
    chosen = sorted(data["interests"], key=lambda interest: interest.pk)
    if chosen != sorted(subscriber.interests.all(), key=lambda interest: interest.pk):
        subscriber.interests.set(chosen)
        now, browser = timezone.now(), evidence(request)
        ConsentRecord.objects.create(
            kind=ConsentRecord.Kind.PREFERENCES,
            subscriber=subscriber,
            email=subscriber.email,
            requested_at=now,
            confirmed_at=now,
            source="Einstellungsseite (persönlicher Link)",
            consent_text=consent_text,
            interests=[interest.as_shown() for interest in chosen],
            request_ip_address=browser["ip_address"],
            request_user_agent=browser["user_agent"],
            confirm_ip_address=browser["ip_address"],
            confirm_user_agent=browser["user_agent"],
        )
    return True


def unsubscribe(subscriber, status=Status.UNSUBSCRIBED):
    """End a subscription at once (or mark the address as not working); True if it changed.
    The sending of the last issue they got is noted, for that issue's report."""
    last_sending = Delivery.objects.filter(subscriber=subscriber.pk).order_by("-pk")
    changed = Subscriber.objects.filter(
        pk=subscriber.pk, status__in=[Status.PENDING, Status.CONFIRMED]
    ).update(
        status=status,
        unsubscribed_at=timezone.now(),
        confirmation_nonce="",
        unsubscribed_after=Subquery(last_sending.values("sending")[:1]),
    )
    return bool(changed)


def purge_unconfirmed():
    """Delete requests that were never confirmed, and imported addresses without a proof that
    were never asked, 30 days on; returns how many."""
    cutoff = timezone.now() - PENDING_RETENTION
    deleted, _by_model = Subscriber.objects.filter(
        Q(requested_at__lt=cutoff) | Q(requested_at=None, created_at__lt=cutoff),
        status=Status.PENDING,
    ).delete()
    return deleted
