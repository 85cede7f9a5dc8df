"""Sending an issue to every confirmed subscriber, in batches through anymail.

Each batch is one provider call with per-recipient merge data (greeting, unsubscribe address)
and per-recipient List-Unsubscribe headers. A Delivery row per subscriber records where each
stands, so a run that crashed resumes where it stopped: what was handed to the provider but
never recorded is marked "unknown" and not sent again, because nobody may get an issue twice.
"""

import secrets
from datetime import timedelta

from anymail.backends.base import AnymailBaseBackend
from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from .models import Delivery, Sending, Subscriber
from .tasks import absolute, send_issue

Status = Delivery.Status
# RFC 8058: the body of a one-click unsubscribe, and the header announcing it.
ONE_CLICK = "List-Unsubscribe=One-Click"
# A runner that has shown no life for this long is taken to have crashed.
RUNNER_TIMEOUT = timedelta(minutes=10)


def merge_field(name):
    """The provider's placeholder for a per-recipient value (Brevo: {{ params.name }})."""
    return settings.NEWSLETTER_MERGE_FIELD.format(name)


def greeting(name):
    return f"Hallo {name}," if name else "Guten Tag,"


def unsubscribe_urls():
    """A function giving a subscriber's unsubscribe address; the site's address is looked up
    once, as this runs for every recipient."""
    root = absolute("")

    def url(subscriber):
        with translation.override(settings.LANGUAGE_CODE):  # German addresses, unprefixed
            return root + subscriber.unsubscribe_path()

    return url


def start(issue, user):
    """Queue the issue for all confirmed subscribers; None if it was sent (or started) before."""
    try:
        with transaction.atomic():
            sending = Sending.objects.create(issue=issue, started_by=user)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: send_issue.enqueue(sending.pk))
    return sending


def send_test(issue, user):
    """The issue to the editor's own address, as a subscriber would see it."""
    email = issue.render_email(
        {"greeting": greeting(user.get_full_name()), "unsubscribe_url": issue.get_parent().full_url}
    )
    message = AnymailMessage(
        f"[Test] {email.subject}", email.text, to=[user.email], reply_to=email.reply_to
    )
    message.attach_alternative(email.html, "text/html")
    message.send()


def run(sending_id):
    """Send what is left of a sending; returns its progress. Safe to call again at any time."""
    runner = secrets.token_hex(8)
    now = timezone.now()
    claimed = (
        Sending.objects.filter(pk=sending_id)
        .exclude(status=Sending.Status.DONE)
        .filter(Q(runner="") | Q(heartbeat_at__lt=now - RUNNER_TIMEOUT))
        .update(runner=runner, heartbeat_at=now)
    )
    sending = Sending.objects.select_related("issue").get(pk=sending_id)
    if not claimed:
        return sending.progress()
    if sending.status == Sending.Status.QUEUED:
        freeze_recipients(sending)
    # A runner before this one crashed while the provider had these: we cannot know.
    sending.deliveries.filter(status=Status.SENDING).update(status=Status.UNKNOWN)
    email = sending.issue.specific.render_email(
        {"greeting": merge_field("greeting"), "unsubscribe_url": merge_field("unsubscribe_url")}
    )
    while batch := next_batch(sending):
        send_batch(sending, batch, email)
        Sending.objects.filter(pk=sending.pk, runner=runner).update(heartbeat_at=timezone.now())
    Sending.objects.filter(pk=sending.pk).update(
        status=Sending.Status.DONE, finished_at=timezone.now(), runner=""
    )
    return sending.progress()


@transaction.atomic
def freeze_recipients(sending):
    """One delivery per subscriber confirmed when the sending starts."""
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).values_list(
        "pk", "email"
    )
    Delivery.objects.bulk_create(
        (Delivery(sending=sending, subscriber_id=pk, email=email) for pk, email in confirmed),
        batch_size=1000,
        ignore_conflicts=True,
    )
    Sending.objects.filter(pk=sending.pk).update(status=Sending.Status.SENDING)
    sending.status = Sending.Status.SENDING


def next_batch(sending):
    """The next queued deliveries, marked as handed over; whoever unsubscribed meanwhile is
    skipped."""
    batch = list(
        sending.deliveries.filter(status=Status.QUEUED)
        .select_related("subscriber")
        .order_by("pk")[: settings.NEWSLETTER_BATCH_SIZE]
    )
    skipped = [
        d.pk
        for d in batch
        if d.subscriber is None or d.subscriber.status != Subscriber.Status.CONFIRMED
    ]
    Delivery.objects.filter(pk__in=skipped).update(status=Status.SKIPPED)
    batch = [d for d in batch if d.pk not in skipped]
    Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(status=Status.SENDING)
    return batch


def send_batch(sending, batch, email):
    """Send a batch and record each delivery's outcome: one provider call through anymail, or,
    with a plain backend (SMTP, console), one message per recipient, since a plain backend
    would put every address of the batch into one message's To."""
    connection = get_connection()
    now = timezone.now()
    try:
        if isinstance(connection, AnymailBaseBackend):
            outcomes = send_merged(sending, batch, email, connection)
        else:
            outcomes = send_one_by_one(batch, email, connection)
    except Exception as error:  # the whole batch was refused: record it and go on
        for delivery in batch:
            delivery.status, delivery.error = Status.FAILED, str(error)[:1000]
    else:
        for delivery in batch:
            message_id = outcomes.get(delivery.email)
            delivery.status = Status.SENT if message_id is not None else Status.FAILED
            delivery.message_id = message_id or ""
            delivery.sent_at = now if message_id is not None else None
    Delivery.objects.bulk_update(batch, ["status", "error", "message_id", "sent_at"])


def personal(batch):
    """What differs per recipient, the merge data, by address."""
    unsubscribe_url = unsubscribe_urls()
    return {
        d.email: {
            "greeting": greeting(d.subscriber.name),
            "unsubscribe_url": unsubscribe_url(d.subscriber),
        }
        for d in batch
    }


def headers(merge):
    # RFC 8058: a personal unsubscribe address, and one-click unsubscribe by POST.
    return {
        "List-Unsubscribe": f"<{merge['unsubscribe_url']}>",
        "List-Unsubscribe-Post": ONE_CLICK,
    }


def send_merged(sending, batch, email, connection):
    """One provider call; the provider fills in each recipient's merge fields. Returns the
    provider's message id per accepted address."""
    message = AnymailMessage(
        email.subject,
        email.text,
        to=[d.email for d in batch],
        reply_to=email.reply_to,
        connection=connection,
    )
    message.attach_alternative(email.html, "text/html")
    message.merge_data = personal(batch)
    message.merge_headers = {
        email: {"List-Unsubscribe": headers(merge)["List-Unsubscribe"]}
        for email, merge in message.merge_data.items()
    }
    message.extra_headers = {"List-Unsubscribe-Post": ONE_CLICK}
    message.tags = ["newsletter"]
    message.metadata = {"sending": str(sending.pk)}
    message.merge_metadata = {d.email: {"delivery": str(d.pk)} for d in batch}
    message.send()
    return {
        email: "" if outcome.message_id is None else str(outcome.message_id)
        for email, outcome in message.anymail_status.recipients.items()
        if outcome.status in ("sent", "queued")
    }


def send_one_by_one(batch, email, connection):
    """A message per recipient, the merge fields filled in here."""
    messages = []
    merge_data = personal(batch)
    for delivery in batch:
        merge = merge_data[delivery.email]
        message = EmailMultiAlternatives(
            email.subject,
            fill_in(email.text, merge),
            to=[delivery.email],
            reply_to=email.reply_to,
            headers=headers(merge),
        )
        message.attach_alternative(fill_in(email.html, merge), "text/html")
        messages.append(message)
    connection.send_messages(messages)
    return {delivery.email: "" for delivery in batch}


def fill_in(content, merge):
    for name, value in merge.items():
        content = content.replace(merge_field(name), value)
    return content
