"""Sending an issue to every confirmed subscriber, in batches through anymail.

Each batch is one provider call with per-recipient merge data (greeting, unsubscribe address)
and per-recipient List-Unsubscribe headers; a plain backend (SMTP) sends one message per
recipient. A Delivery row per subscriber records each outcome as it happens, so a run that
crashed resumes where it stopped: only what was in the provider's hands at the crash (one
provider call, or one message) is marked "unknown" and not sent again, because nobody may get
an issue twice.

A run shows life (its heartbeat) after each call or message; one silent for
NEWSLETTER_RUNNER_TIMEOUT seconds is taken to have died. A watch task, queued with the sending
and again after each look, takes such a run over, so a sending whose worker died resumes by
itself once a worker runs again; the office can also resume it on the sending page.
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

from cms.audiences import audience
from cms.emails import absolute
from cms.pages import service

from .models import Delivery, Message, Sending, Subscriber

Status = Delivery.Status
# Addresses a service message leaves out: they do not work, or their owner called us spam.
SUPPRESSED = [Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED]
NOT_REACHED = [Status.BOUNCED, Status.COMPLAINED, Status.REJECTED]
# RFC 8058: the body of a one-click unsubscribe, and the header announcing it.
ONE_CLICK = "List-Unsubscribe=One-Click"


def merge_field(name):
    """The provider's placeholder for a per-recipient value (Brevo: {{ params.name }})."""
    return settings.NEWSLETTER_MERGE_FIELD.format(name)


def greeting(name):
    return f"Hallo {name}," if name else "Guten Tag,"


def personal_links():
    """A function giving a subscriber's unsubscribe and preferences addresses; the site's
    address is looked up once, as this runs for every recipient."""
    root = absolute("")

    def links(subscriber):
        with translation.override(settings.LANGUAGE_CODE):  # German addresses, unprefixed
            return {
                "unsubscribe_url": root + subscriber.unsubscribe_path(),
                "preferences_url": root + subscriber.preferences_path(),
            }

    return links


def runner_timeout():
    return timedelta(seconds=settings.NEWSLETTER_RUNNER_TIMEOUT)


def stalled(sending):
    """Whether a sending is unfinished and nobody has worked on it for too long."""
    last_life = sending.heartbeat_at or sending.send_at or sending.created_at
    running = sending.status in (Sending.Status.QUEUED, Sending.Status.SENDING)
    return running and timezone.now() - last_life > runner_timeout()


# The tasks that run a sending and watch it (newsletter/tasks.py wraps run and look_after
# below), named here by path: the tasks call into this module.
SEND_ISSUE = "newsletter.tasks.send_issue"
WATCH_SENDING = "newsletter.tasks.watch_sending"


def start(issue, user, interests=(), send_at=None):
    """Queue the issue for the confirmed subscribers of these interests (none: all), now or,
    with a time to come, when start_due finds it due; None if it was sent, started or
    scheduled before."""
    scheduled = send_at is not None and send_at > timezone.now()
    try:
        with transaction.atomic():
            sending = Sending.objects.create(
                issue=issue,
                started_by=user,
                send_at=send_at if scheduled else None,
                status=Sending.Status.SCHEDULED if scheduled else Sending.Status.QUEUED,
            )
            sending.interests.set(interests)
    except IntegrityError:
        return None
    if not scheduled:
        transaction.on_commit(lambda: launch(sending.pk))
    return sending


def start_message(message, user):
    """Queue a service message for its audience; None if it was sent (or started) before."""
    try:
        with transaction.atomic():
            sending = Sending.objects.create(message=message, started_by=user)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: launch(sending.pk))
    return sending


def write_message(to, subject, body, **fields):
    """A service message to an audience (cms.audiences.Audience), which it names as it was
    offered and gives the reason of."""
    return Message.objects.create(
        audience=to.key, audience_label=to.label, reason=to.reason, subject=subject, body=body,
        **fields,
    )  # fmt: skip


def send_service_message(key, subject, body, once):
    """A message another app writes (cms.audiences.send_message), sent to its audience once
    for `once`; True if it was started now."""
    found = audience(key)
    if found is None:
        return False
    try:
        with transaction.atomic():
            message = write_message(found, subject, body, once=once)
    except IntegrityError:
        return False  # told before
    return start_message(message, None) is not None


def launch(sending_id):
    """Queue the run, and the watch that resumes it should its worker die."""
    resume(sending_id)
    watch(sending_id)


def start_due():
    """Queue the scheduled sendings whose time has come and whose issue is still published
    (the scheduler calls this every minute); each moves to the queue once, whoever else looks
    at the same time. Returns how many started."""
    due = Sending.objects.filter(
        status=Sending.Status.SCHEDULED, send_at__lte=timezone.now(), issue__live=True
    ).values_list("pk", flat=True)
    started = 0
    for pk in due:
        if Sending.objects.filter(pk=pk, status=Sending.Status.SCHEDULED).update(
            status=Sending.Status.QUEUED
        ):
            launch(pk)
            started += 1
    return started


def cancel(sending):
    """Call off a scheduled sending before it starts; False if it has started (or is gone)."""
    deleted, _by_model = Sending.objects.filter(
        pk=sending.pk, status=Sending.Status.SCHEDULED
    ).delete()
    return bool(deleted)


def resume(sending_id):
    """Queue the sending's run (again): a run does nothing while a live one has it."""
    service(SEND_ISSUE).enqueue(sending_id)


def watch(sending_id):
    """Look at the sending again in a while (where the task backend can defer: the database
    queue; in development tasks run at once and cannot die half-way)."""
    watch_sending = service(WATCH_SENDING)
    if watch_sending.get_backend().supports_defer:
        run_after = timezone.now() + runner_timeout()
        watch_sending.using(run_after=run_after).enqueue(sending_id)


def look_after(sending_id):
    """Until the sending is done: queue the next look (first, as this worker may die too), and
    resume the sending if its runner died (run does nothing while a live one has it)."""
    running = [Sending.Status.QUEUED, Sending.Status.SENDING]
    if Sending.objects.filter(pk=sending_id, status__in=running).exists():
        watch(sending_id)
        return run(sending_id)
    return None


def send_test(issue, user):
    """The issue to the editor's own address, as a subscriber would see it."""
    newsletter_page = issue.get_parent().full_url
    email = issue.render_email(
        {
            "greeting": greeting(user.get_full_name()),
            "unsubscribe_url": newsletter_page,
            "preferences_url": newsletter_page,
        }
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
        Sending.objects.filter(
            pk=sending_id, status__in=[Sending.Status.QUEUED, Sending.Status.SENDING]
        )
        .filter(Q(runner="") | Q(heartbeat_at__lt=now - runner_timeout()))
        .update(runner=runner, heartbeat_at=now)
    )
    sending = Sending.objects.select_related("issue", "message").get(pk=sending_id)
    if not claimed:
        return sending.progress()
    if sending.status == Sending.Status.QUEUED:
        freeze_recipients(sending)
    # A runner before this one crashed while the provider had these: we cannot know.
    sending.deliveries.filter(status=Status.SENDING).update(status=Status.UNKNOWN)
    if sending.message:
        email = sending.message.render_email({"greeting": merge_field("greeting")})
    else:
        email = sending.issue.specific.render_email(
            {name: merge_field(name) for name in ("greeting", "unsubscribe_url", "preferences_url")}
        )

    def alive():
        Sending.objects.filter(pk=sending.pk, runner=runner).update(heartbeat_at=timezone.now())

    while batch := next_batch(sending):
        send_batch(sending, batch, email, alive)
    Sending.objects.filter(pk=sending.pk).update(
        status=Sending.Status.DONE, finished_at=timezone.now(), runner=""
    )
    return sending.progress()


@transaction.atomic
def freeze_recipients(sending):
    """One delivery per recipient as the sending starts: the subscribers confirmed then, or
    the message's audience without the addresses that bounced or complained."""
    if sending.message:
        deliveries = audience_deliveries(sending)
    else:
        confirmed = Subscriber.objects.recipients(list(sending.interests.all()))
        deliveries = (
            Delivery(sending=sending, subscriber_id=pk, email=email)
            for pk, email in confirmed.values_list("pk", "email")
        )
    Delivery.objects.bulk_create(deliveries, batch_size=1000, ignore_conflicts=True)
    Sending.objects.filter(pk=sending.pk).update(status=Sending.Status.SENDING)
    sending.status = Sending.Status.SENDING


def message_recipients(message):
    """{email: name} of the message's audience now, each address once (the first name
    given), leaving out addresses that bounced or complained, as subscribers or as recipients
    of anything the site sent."""
    found = audience(message.audience)
    if found is None:
        return {}
    suppressed = set(
        Subscriber.objects.filter(status__in=SUPPRESSED).values_list("email", flat=True)
    ) | set(Delivery.objects.filter(status__in=NOT_REACHED).values_list("email", flat=True))
    people = {}
    for email, name in found.recipients():
        people.setdefault(email.strip().lower(), name)
    return {email: name for email, name in people.items() if email not in suppressed}


def audience_deliveries(sending):
    return [
        Delivery(sending=sending, email=email, name=name[:200])
        for email, name in message_recipients(sending.message).items()
    ]


def next_batch(sending):
    """The next queued deliveries; a subscriber who left meanwhile is skipped."""
    batch = list(
        sending.deliveries.filter(status=Status.QUEUED)
        .select_related("subscriber")
        .order_by("pk")[: settings.NEWSLETTER_BATCH_SIZE]
    )
    skipped = [
        d.pk
        for d in batch
        if sending.issue_id
        and (d.subscriber is None or d.subscriber.status != Subscriber.Status.CONFIRMED)
    ]
    Delivery.objects.filter(pk__in=skipped).update(status=Status.SKIPPED)
    return [d for d in batch if d.pk not in skipped]


def handed_over(deliveries):
    """Marked before the provider gets them: after a crash, these may or may not have gone."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(status=Status.SENDING)


def send_batch(sending, batch, email, alive):
    """Send a batch and record each delivery's outcome as it is known: one provider call
    through anymail, or, with a plain backend (SMTP, console), one message per recipient
    (a plain backend would put every address of the batch into one message's To)."""
    connection = get_connection()
    if isinstance(connection, AnymailBaseBackend):
        handed_over(batch)
        try:
            outcomes = send_merged(sending, batch, email, connection)
        except Exception as error:  # the whole call was refused: record it and go on
            outcomes, reason = {}, str(error)[:1000]
        else:
            reason = ""
        record(batch, outcomes, reason)
        alive()
    else:
        merge_data = personal(sending, batch)
        for delivery in batch:
            handed_over([delivery])
            try:
                connection.send_messages([one_message(email, delivery, merge_data)])
            except Exception as error:
                record([delivery], {}, str(error)[:1000])
            else:
                record([delivery], {delivery.email: ""})
            alive()


def record(deliveries, outcomes, reason=""):
    """Each delivery's outcome: sent with the provider's message id, or failed."""
    now = timezone.now()
    for delivery in deliveries:
        message_id = outcomes.get(delivery.email)
        delivery.status = Status.SENT if message_id is not None else Status.FAILED
        delivery.message_id = message_id or ""
        delivery.sent_at = now if message_id is not None else None
        delivery.error = "" if message_id is not None else reason
    Delivery.objects.bulk_update(deliveries, ["status", "error", "message_id", "sent_at"])


def personal(sending, batch):
    """What differs per recipient, the merge data, by address: the greeting, and for an issue
    the subscriber's own links."""
    if sending.message_id:
        return {d.email: {"greeting": greeting(d.name)} for d in batch}
    links = personal_links()
    return {
        d.email: {"greeting": greeting(d.subscriber.name), **links(d.subscriber)} for d in batch
    }


def headers(merge):
    """RFC 8058: a personal unsubscribe address, and one-click unsubscribe by POST; none for a
    service message, which has nothing to unsubscribe from."""
    if "unsubscribe_url" not in merge:
        return {}
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
    message.merge_data = personal(sending, batch)
    if sending.issue_id:
        message.merge_headers = {
            email: {"List-Unsubscribe": headers(merge)["List-Unsubscribe"]}
            for email, merge in message.merge_data.items()
        }
        message.extra_headers = {"List-Unsubscribe-Post": ONE_CLICK}
    message.tags = ["newsletter" if sending.issue_id else "service"]
    message.metadata = {"sending": str(sending.pk)}
    message.merge_metadata = {d.email: {"delivery": str(d.pk)} for d in batch}
    message.send()
    return {
        email: "" if outcome.message_id is None else str(outcome.message_id)
        for email, outcome in message.anymail_status.recipients.items()
        if outcome.status in ("sent", "queued")
    }


def one_message(email, delivery, merge_data):
    """The issue for one recipient, the merge fields filled in here."""
    merge = merge_data[delivery.email]
    message = EmailMultiAlternatives(
        email.subject,
        fill_in(email.text, merge),
        to=[delivery.email],
        reply_to=email.reply_to,
        headers=headers(merge),
    )
    message.attach_alternative(fill_in(email.html, merge), "text/html")
    return message


def fill_in(content, merge):
    for name, value in merge.items():
        content = content.replace(merge_field(name), value)
    return content
