"""An event that changes: an editor marks it moved to a new date, postponed, moved online or
cancelled, with a message. The page shows a banner, registration closes where it must, the
feed and downloads carry the status or the new time, the page's schema.org data its
eventStatus, and everyone registered or waiting is mailed once for each change."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from events.models import EventPage, Registration
from newsletter.models import Message
from tests.factories import make_event
from tests.mailbox import recipients

BERLIN = ZoneInfo("Europe/Berlin")
Status = EventPage.Status


@pytest.fixture
def event(event_index):
    event = make_event(
        event_index, "Reparatur-Treff", datetime(2030, 6, 4, 18, 0, tzinfo=BERLIN),
        registration_required=True, capacity=1, waitlist=True,
    )  # fmt: skip
    for email, status in [("a@example.org", "confirmed"), ("b@example.org", "waitlisted"),
                          ("c@example.org", "cancelled")]:  # fmt: skip
        Registration.objects.create(
            event=event, name=email[0].upper(), email=email, status=status,
            consented_at=timezone.now(),
        )  # fmt: skip
    return event


def change(event, status, message, capture, **fields):
    event = EventPage.objects.get(pk=event.pk)
    event.status, event.status_message = status, message
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    with capture(execute=True):
        event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_a_cancellation_is_shown_and_mailed_once_to_everyone_holding_a_place(
    event, client, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    client.get(event.url)
    assert client.get(event.url)["X-Page-Cache"] == "hit"  # in the page cache
    client.get(event.get_parent().url)
    event = change(event, Status.CANCELLED, "Der Raum ist wegen eines Wasserschadens gesperrt.",
                   django_capture_on_commit_callbacks)  # fmt: skip
    assert recipients() == ["a@example.org", "b@example.org"]
    sent = mail.outbox[0]
    assert sent.subject == "Abgesagt: Reparatur-Treff"
    assert "am Dienstag, 4. Juni 2030, 18:00–20:00 Uhr ist abgesagt" in sent.body
    assert "Wasserschadens" in sent.body and "weil Sie sich zur Veranstaltung" in sent.body

    page = BeautifulSoup(client.get(event.url).content, "html.parser")  # renewed, not stale
    banner = page.select_one(".notice--change")
    assert "Abgesagt" in banner.text and "Wasserschadens" in banner.text
    assert page.select_one("#anmeldung form") is None  # no registration for a called-off event
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    card = BeautifulSoup(client.get(event.get_parent().url).content, "html.parser")
    assert "Abgesagt" in card.select_one(".event-card .badge--change").text
    (vevent,) = Calendar.from_ical(client.get(f"{event.url}kalender/").content).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.teaser = "Ein anderer Teaser"
        event.save_revision().publish()  # published again, nothing new to tell
    assert mail.outbox == [] and Message.objects.count() == 1


def test_a_new_date_is_mailed_and_each_further_change_again(
    event, client, django_capture_on_commit_callbacks
):
    later = datetime(2030, 6, 11, 18, 0, tzinfo=BERLIN)
    moved = {"start": later, "end": later + timedelta(hours=2)}
    event = change(event, Status.RESCHEDULED, "Eine Woche später, gleicher Ort.",
                   django_capture_on_commit_callbacks, **moved)  # fmt: skip
    assert mail.outbox[0].subject == "Neuer Termin: Reparatur-Treff"
    assert "Dienstag, 11. Juni 2030, 18:00–20:00 Uhr" in mail.outbox[0].body
    (vevent,) = Calendar.from_ical(client.get(f"{event.url}kalender/").content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == later and vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["UID"]) == str(event.translation_key)  # the calendar entry moves
    data = json.loads(
        BeautifulSoup(client.get(event.url).content, "html.parser")
        .select_one('script[type="application/ld+json"]')
        .string
    )
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"

    online = {"online_url": "https://meet.example/rep"}
    event = change(event, Status.MOVED_ONLINE, "Wir treffen uns online.",
                   django_capture_on_commit_callbacks, **online)  # fmt: skip
    assert len(mail.outbox) == 2 and "https://meet.example/rep" in mail.outbox[1].body
    assert mail.outbox[1].subject == "Jetzt online: Reparatur-Treff"


def test_a_change_needs_its_message_and_online_needs_its_link(event):
    event.status = Status.POSTPONED
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "status_message" in refused.value.message_dict
    event.status, event.status_message, event.online_url = Status.MOVED_ONLINE, "Online.", ""
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "online_url" in refused.value.message_dict


def test_a_postponed_event_takes_no_registration_and_moves_nobody_up(
    event, django_capture_on_commit_callbacks
):
    event = change(event, Status.POSTPONED, "Neuer Termin folgt.",
                   django_capture_on_commit_callbacks, capacity=5)  # fmt: skip
    assert not event.registration_open
    assert Registration.objects.get(email="b@example.org").status == "waitlisted"
    assert mail.outbox[0].subject == "Verschoben: Reparatur-Treff"
