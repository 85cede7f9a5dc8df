from django.db import transaction
from django.utils import timezone

from cms.emails import mail_task, send_templated_email

from .ical import calendar_attachment
from .models import EventSubmission, Registration


def registration(registration_id):
    return Registration.objects.select_related("event").get(pk=registration_id)


def send(registration, sent_at_field, template, with_calendar=False):
    """Send one of the registrant's emails once; with_calendar attaches the event."""
    event = registration.event
    registration.send_once(
        sent_at_field,
        f"events/email/{template}",
        {"registration": registration, "event": event, "cancel_url": registration.cancel_url()},
        to=[registration.email],
        attachments=[calendar_attachment(event)] if with_calendar else None,
    )


@mail_task
def send_registration_email(registration_id):
    """A seat, with the event for the calendar, or a place on the waiting list."""
    registered = registration(registration_id)
    if registered.status == Registration.Status.WAITLISTED:
        send(registered, "confirmation_sent_at", "registration_waitlisted")
    else:
        send(registered, "confirmation_sent_at", "registration_confirmed", with_calendar=True)


@mail_task
def send_promotion_email(registration_id):
    """A seat became free and is now this person's."""
    send(
        registration(registration_id),
        "promotion_sent_at",
        "registration_promoted",
        with_calendar=True,
    )


@mail_task
def send_cancellation_email(registration_id):
    send(registration(registration_id), "cancellation_sent_at", "registration_cancelled")


@mail_task
def send_reminder(registration_id):
    """The reminder before the event, once: claimed with the mail in one transaction, so a
    failed mail is claimed again by its retry and a second task sends nothing."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, status=Registration.Status.CONFIRMED, reminder_sent_at=None
        ).update(reminder_sent_at=timezone.now())
        if not claimed:
            return
        registered = registration(registration_id)
        event = registered.event
        send_templated_email(
            "events/email/reminder",
            {"registration": registered, "event": event, "cancel_url": registered.cancel_url()},
            to=[registered.email],
            attachments=[calendar_attachment(event)],
        )


@mail_task
def send_proposal_received(submission_id):
    """To the partner: the proposal arrived and will be reviewed."""
    submission = EventSubmission.objects.get(pk=submission_id)
    submission.send_once(
        "confirmation_sent_at", "events/email/proposal_received", {"submission": submission},
        to=[submission.email],
    )  # fmt: skip


@mail_task
def send_proposal_decision(submission_id):
    """To the partner: the event is in the calendar, or why not."""
    submission = EventSubmission.objects.select_related("event").get(pk=submission_id)
    submission.send_once(
        "notification_sent_at", "events/email/proposal_decided", {"submission": submission},
        to=[submission.email],
    )  # fmt: skip
