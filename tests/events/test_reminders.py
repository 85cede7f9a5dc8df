"""Reminders: a set time before the start (a day unless the editor says otherwise), everyone
with a seat gets one reminder with the calendar entry, the online link and the cancel link;
the scheduler's task queues them, and however often it runs, nobody gets two."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import emails
from events.models import EventPage, Registration
from events.services import remind
from events.tasks import remind_registrants
from tests.factories import make_event

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2030, 6, 4, 18, 0, tzinfo=BERLIN)
Status = Registration.Status


def registered(event, email, status=Status.CONFIRMED, at=START - timedelta(days=10), **fields):
    with time_machine.travel(at, tick=False):
        return Registration.objects.create(
            event=event, name=email.split("@")[0], email=email, status=status,
            consented_at=timezone.now(), **fields,
        )  # fmt: skip


@pytest.fixture
def event(event_index):
    event = make_event(
        event_index, "Reparatur-Treff", START, registration_required=True, capacity=5,
        online_url="https://meet.example/rep",
    )  # fmt: skip
    registered(event, "sitz@example.org")
    registered(event, "warte@example.org", Status.WAITLISTED)
    registered(event, "weg@example.org", Status.CANCELLED)
    registered(event, "spaet@example.org", at=START - timedelta(hours=3))  # told at registration
    registered(event, "nachgerueckt@example.org", promoted_at=START - timedelta(hours=2))
    return event


def test_one_reminder_a_day_before_to_each_seat_however_often_the_task_runs(event):
    with time_machine.travel(START - timedelta(hours=25)):
        assert remind_registrants.call() == 0
    with time_machine.travel(START - timedelta(hours=23)):
        assert remind_registrants.call() == 1
        assert remind_registrants.call() == 0
    with time_machine.travel(START - timedelta(hours=1)):
        assert remind() == 0
    (reminder,) = mail.outbox
    assert reminder.to == ["sitz@example.org"]
    assert reminder.subject == "Erinnerung: Reparatur-Treff"
    assert "Dienstag, 4. Juni 2030, 18:00–20:00 Uhr" in reminder.body
    assert "https://meet.example/rep" in reminder.body  # registered people get the link
    registration = Registration.objects.get(email="sitz@example.org")
    assert registration.cancel_url() in reminder.body
    (name, content, kind) = reminder.attachments[0]
    assert (name, kind) == ("reparatur-treff.ics", "text/calendar") and "DTSTART" in str(content)


def test_a_reminder_task_run_twice_sends_once_and_a_failed_mail_is_tried_again(event, monkeypatch):
    registration = Registration.objects.get(email="sitz@example.org")
    real, calls = emails.send_templated_email, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("provider down")
        return real(*args, **kwargs)

    monkeypatch.setattr(emails, "send_templated_email", flaky)
    emails.send_reminder.call(registration.pk)  # fails, is queued again, then goes
    emails.send_reminder.call(registration.pk)
    assert len(calls) == 2 and len(mail.outbox) == 1
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None


@pytest.mark.parametrize(
    "change", [{"reminder_hours": 0}, {"status": "cancelled", "status_message": "Abgesagt."}]
)
def test_no_reminder_when_the_editor_wants_none_or_the_event_is_off(event, change):
    event = EventPage.objects.get(pk=event.pk)
    for name, value in change.items():
        setattr(event, name, value)
    event.save_revision().publish()
    with time_machine.travel(START - timedelta(hours=2)):
        assert remind() == 0
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_reminders_the_scheduler_queues(demo_site, event_index, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    soon = timezone.now() + timedelta(hours=5)
    event = make_event(event_index, "Bald", soon, registration_required=True)
    registered(event, "a@example.org", at=timezone.now() - timedelta(days=1))
    registered(event, "b@example.org", at=timezone.now() - timedelta(days=1))
    remind_registrants.enqueue()
    remind_registrants.enqueue()  # a second scheduler, or a restart in the same minute
    for _run in range(2):  # the check queues the mails, the next run sends them
        call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
