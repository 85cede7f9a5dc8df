from django_tasks import task

from .ical import calendar_attachment
from .models import Registration


def send(registration_id, sent_at_field, template, with_calendar=False):
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    event = registration.event
    registration.send_once(
        sent_at_field,
        f"events/email/{template}",
        {"registration": registration, "event": event, "cancel_url": registration.cancel_url()},
        to=[registration.email],
        attachments=[calendar_attachment(event)] if with_calendar else None,
    )


@task()
def send_registration_email(registration_id):
    """A seat, with the event for the calendar, or a place on the waiting list."""
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == Registration.Status.WAITLISTED:
        send(registration_id, "confirmation_sent_at", "registration_waitlisted")
    else:
        send(registration_id, "confirmation_sent_at", "registration_confirmed", with_calendar=True)


@task()
def send_promotion_email(registration_id):
    """A seat became free and is now this person's."""
    send(registration_id, "promotion_sent_at", "registration_promoted", with_calendar=True)


@task()
def send_cancellation_email(registration_id):
    send(registration_id, "cancellation_sent_at", "registration_cancelled")
