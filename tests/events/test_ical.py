"""iCalendar (RFC 5545) for one event and as a feed, parsed back field by field."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.ical import calendar_attachment
from tests.factories import make_event

BERLIN = ZoneInfo("Europe/Berlin")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def workshop(event_index):
    return make_event(
        event_index,
        "Werkstatt; Teil 2, mit Pause",
        datetime(2030, 12, 5, 18, 0, tzinfo=BERLIN),
        hours=2.5,
        teaser="Zeile eins\nZeile zwei, mit Komma; und Semikolon",
        venue="Stadtteilladen Giesing",
        street="Tegernseer Landstraße 1",
        postcode="81541",
        topics=["Klima", "Nachbarschaft"],
    )


def test_download_of_one_event(client, workshop):
    response = client.get(f"{workshop.url}kalender/")
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}.ics"'
    cal = parse(response)
    assert cal["VERSION"] == "2.0"
    assert "Münchner Initiative Nachhaltigkeit" in cal["PRODID"]
    assert cal["METHOD"] == "PUBLISH"
    (event,) = cal.events
    assert event["UID"] == str(workshop.translation_key)
    assert event["SUMMARY"] == "Werkstatt; Teil 2, mit Pause"
    assert event.start == datetime(2030, 12, 5, 18, 0, tzinfo=BERLIN)
    assert event.end == datetime(2030, 12, 5, 20, 30, tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["LOCATION"] == "Stadtteilladen Giesing, Tegernseer Landstraße 1, 81541 München"
    assert event["DESCRIPTION"] == (
        f"Zeile eins\nZeile zwei, mit Komma; und Semikolon\n\n{workshop.full_url}"
    )
    assert event["URL"] == workshop.full_url
    assert [str(c) for c in event.categories] == ["Klima", "Nachbarschaft"]
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTAMP"].dt.tzinfo is not None


def test_text_is_escaped_and_lines_folded_as_rfc_5545_says(client, workshop):
    raw = client.get(f"{workshop.url}kalender/").content
    assert raw.count(b"\r\n") >= 10  # CRLF line ends
    assert b"SUMMARY:Werkstatt\\; Teil 2\\, mit Pause\r\n" in raw
    assert b"Zeile eins\\nZeile zwei\\, mit Komma\\; und Semikolon" in raw.replace(b"\r\n ", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_calendar_carries_its_time_zone(client, workshop):
    cal = parse(client.get(f"{workshop.url}kalender/"))
    (zone,) = cal.timezones
    assert zone["TZID"] == "Europe/Berlin"
    assert cal.get_missing_tzids() == set()
    standard = zone.walk("STANDARD")[0]
    assert standard["TZOFFSETTO"].td == timedelta(hours=1)


def test_uid_stays_the_same_when_the_event_changes(client, workshop):
    before = parse(client.get(f"{workshop.url}kalender/")).events[0]["UID"]
    workshop.title = "Neuer Titel"
    workshop.start += timedelta(hours=1)
    workshop.end += timedelta(hours=1)
    workshop.save_revision().publish()
    after = parse(client.get(f"{workshop.url}kalender/")).events[0]
    assert after["UID"] == before
    assert after["SUMMARY"] == "Neuer Titel"


def test_all_day_event_uses_dates_with_an_exclusive_end(client, event_index):
    event = make_event(
        event_index,
        "Aktionstage",
        datetime(2030, 7, 4, tzinfo=BERLIN),
        end=datetime(2030, 7, 6, tzinfo=BERLIN),
        all_day=True,
    )
    (component,) = parse(client.get(f"{event.url}kalender/")).events
    assert component["DTSTART"].params["VALUE"] == "DATE"
    assert component.start == date(2030, 7, 4)
    assert component.end == date(2030, 7, 7)


def test_feed_has_all_upcoming_events_and_nothing_else(client, event_index, workshop):
    past = make_event(event_index, "Vorbei", timezone.now() - timedelta(days=3))
    draft = make_event(event_index, "Entwurf")
    draft.unpublish()
    cal = parse(client.get(f"{event_index.url}kalender/"))
    uids = [str(e["UID"]) for e in cal.events]
    assert str(workshop.translation_key) in uids
    assert str(past.translation_key) not in uids
    assert str(draft.translation_key) not in uids
    upcoming = event_index.listed().upcoming()
    assert uids == [str(e.translation_key) for e in upcoming]
    assert cal["X-WR-CALNAME"] == "Münchner Initiative Nachhaltigkeit – Veranstaltungen"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=12)
    assert cal["UID"] == str(event_index.translation_key)


def test_index_offers_the_feed_to_subscribe(get_soup, event_index):
    soup = get_soup(event_index.url)
    feed = f"http://testserver{event_index.url}kalender/"
    assert soup.select_one('link[rel=alternate][type="text/calendar"]')["href"] == feed
    assert soup.find("a", string="Kalender abonnieren")["href"] == feed.replace("http", "webcal")


def test_online_link_only_in_the_registrants_calendar(client, event_index):
    event = make_event(
        event_index,
        "Online-Sprechstunde",
        venue="",
        online_url="https://example.org/geheim",
        registration_required=True,
    )
    public = client.get(f"{event.url}kalender/").content
    assert b"example.org/geheim" not in public
    filename, content, mimetype = calendar_attachment(event)
    assert (filename, mimetype) == (f"{event.slug}.ics", "text/calendar")
    (component,) = Calendar.from_ical(content).events
    assert "Online: https://example.org/geheim" in component["DESCRIPTION"]
    assert component["LOCATION"] == "https://example.org/geheim"


def test_an_event_without_topics_has_no_empty_categories(client, event_index):
    event = make_event(event_index, "Ohne Themen", datetime(2030, 7, 4, 18, tzinfo=BERLIN))
    assert not event.topics.exists()
    body = client.get(f"{event.url}kalender/").content.decode()
    assert "CATEGORIES" not in body
