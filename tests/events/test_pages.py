"""The calendar as visitors see it: upcoming first, an archive, filters, event pages, links to
reports both ways, and the next events on the home page."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.pages import german
from events.models import EventPage
from organisations.models import Organisation
from reports.models import ReportPage
from tests.factories import make_event

BERLIN = ZoneInfo("Europe/Berlin")


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".event-card .card__title a")]


@pytest.fixture
def calendar(event_index):
    """The event index with past, running and upcoming events instead of the demo's."""
    event_index.get_children().delete()
    now = timezone.now()
    make_event(event_index, "In zwei Wochen", now + timedelta(days=14), topics=["Klima"])
    make_event(event_index, "Morgen", now + timedelta(days=1), topics=["Nachbarschaft"])
    make_event(event_index, "Läuft gerade", now - timedelta(hours=1), hours=3)
    make_event(event_index, "Letztes Jahr", now - timedelta(days=365), topics=["Archiv"])
    make_event(event_index, "Letzte Woche", now - timedelta(days=7))
    return event_index


def test_upcoming_first_soonest_first_and_a_running_event_still_counts(get_soup, calendar):
    soup = get_soup(calendar.url)
    assert titles(soup) == ["Läuft gerade", "Morgen", "In zwei Wochen"]
    assert soup.select_one(".result-count").get_text(strip=True) == "3 Veranstaltungen"
    assert soup.select_one('.tabs a[aria-current="page"]').get_text(strip=True) == "Demnächst"


def test_archive_lists_past_events_newest_first(get_soup, calendar):
    soup = get_soup(f"{calendar.url}archiv/")
    assert titles(soup) == ["Letzte Woche", "Letztes Jahr"]
    assert soup.select_one("h1").get_text(strip=True) == "Vergangene Veranstaltungen"
    assert soup.select_one('.tabs a[aria-current="page"]').get_text(strip=True) == "Archiv"


def test_filter_by_month_and_topic_offers_only_what_the_listing_has(get_soup, calendar):
    soup = get_soup(calendar.url)
    topics = [o.get_text(strip=True) for o in soup.select("#filter-topic option")][1:]
    assert topics == ["Klima", "Nachbarschaft"]  # not the archive's topic
    assert titles(get_soup(f"{calendar.url}?topic=klima")) == ["In zwei Wochen"]

    in_two_weeks = timezone.localtime(timezone.now() + timedelta(days=14))
    month = in_two_weeks.strftime("%Y-%m")
    months = [o["value"] for o in soup.select("#filter-month option")][1:]
    assert month in months
    assert "In zwei Wochen" in titles(get_soup(f"{calendar.url}?month={month}"))
    past_month = (timezone.localdate() - timedelta(days=365)).strftime("%Y-%m")
    assert past_month not in months
    archive = get_soup(f"{calendar.url}archiv/?month={past_month}")
    assert titles(archive) == ["Letztes Jahr"]


def test_bad_filter_input_is_ignored(get_soup, calendar):
    for query in ("month=2026-13", "month=abc", "topic=nope", "page=abc", "month=%00"):
        assert len(titles(get_soup(f"{calendar.url}?{query}"))) == 3, query


def test_index_paginates(get_soup, event_index):
    start = timezone.now() + timedelta(days=30)
    for number in range(13):
        make_event(event_index, f"Treffen {number:02}", start + timedelta(days=number))
    first = get_soup(event_index.url)
    assert len(titles(first)) == 12
    assert first.select_one(".pagination a[rel=next]")
    assert len(titles(get_soup(f"{event_index.url}?page=2"))) >= 1


def test_index_query_count_does_not_grow_with_events(client, event_index):
    organisation = Organisation.objects.get(name="Stadtteilladen Giesing")

    def count_queries():
        client.get(event_index.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event_index.url).status_code == 200
        return len(queries)

    before = count_queries()
    for number in range(6):
        make_event(
            event_index,
            f"Treffen {number}",
            timezone.now() + timedelta(days=number + 1),
            organisers=[organisation],
            topics=["Nachbarschaft", f"T{number}"],
            registration_required=True,
            capacity=10,
        )
    assert count_queries() == before


def test_home_page_shows_the_next_three_events(get_soup, home, calendar):
    soup = get_soup(home.url)
    section = soup.find(id="next-events-heading").find_parent("section")
    assert titles(section) == ["Läuft gerade", "Morgen", "In zwei Wochen"]
    assert section.select_one("a.more-link")["href"] == calendar.url


def test_event_page_says_when_and_where_in_german(get_soup, event_index):
    giesing = Organisation.objects.get(name="Stadtteilladen Giesing")
    event = make_event(
        event_index,
        "Reparatur-Café",
        datetime(2030, 12, 5, 18, 0, tzinfo=BERLIN),
        venue="Stadtteilladen Giesing",
        street="Tegernseer Landstraße 1",
        postcode="81541",
        organisers=[giesing],
        online_url="https://example.org/treffen",
    )
    soup = get_soup(event.url)
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in soup.select(".facts > div")
    }
    assert facts["Wann"] == "Donnerstag, 5. Dezember 2030, 18:00–20:00 Uhr"
    assert facts["Ort"] == "Stadtteilladen Giesing Tegernseer Landstraße 1 81541 München"
    assert facts["Veranstaltet von"] == "Stadtteilladen Giesing"
    assert soup.select_one(".facts a[href='https://example.org/treffen']")
    organiser = soup.find("dt", string="Veranstaltet von").find_next("a")
    assert organiser["href"] == giesing.profile_page.url
    assert soup.select_one("time")["datetime"] == "2030-12-05T18:00:00+01:00"
    assert soup.find("a", string="In den Kalender eintragen")["href"] == f"{event.url}kalender/"


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        (
            datetime(2030, 7, 4, 9, 0, tzinfo=BERLIN),
            datetime(2030, 7, 6, 16, 0, tzinfo=BERLIN),
            False,
            "Donnerstag, 4. Juli 2030, 09:00 Uhr bis Samstag, 6. Juli 2030, 16:00 Uhr",
        ),
        (
            datetime(2030, 7, 4, 9, 0, tzinfo=BERLIN),
            datetime(2030, 7, 4, 9, 0, tzinfo=BERLIN),
            True,
            "Donnerstag, 4. Juli 2030",
        ),
        (
            datetime(2030, 7, 4, 0, 0, tzinfo=BERLIN),
            datetime(2030, 7, 6, 0, 0, tzinfo=BERLIN),
            True,
            "Donnerstag, 4. Juli 2030 bis Samstag, 6. Juli 2030",
        ),
    ],
    ids=["several-days", "all-day", "all-day-several-days"],
)
def test_when_for_longer_and_all_day_events(event_index, start, end, all_day, expected):
    event = make_event(event_index, "Aktionstage", start, end=end, all_day=all_day)
    assert event.when() == expected


def test_all_day_events_run_from_midnight_to_the_end_of_their_last_day(event_index):
    event = make_event(
        event_index,
        "Aktionstag",
        datetime(2030, 7, 4, 14, 30, tzinfo=BERLIN),
        end=datetime(2030, 7, 5, 9, 0, tzinfo=BERLIN),
        all_day=True,
    )
    event.refresh_from_db()
    assert timezone.localtime(event.start) == datetime(2030, 7, 4, 0, 0, tzinfo=BERLIN)
    assert timezone.localtime(event.end) == datetime(2030, 7, 5, 23, 59, 59, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end": datetime(2030, 7, 4, 8, 0, tzinfo=BERLIN)}, "end"),
        ({"venue": "", "street": "", "online_url": ""}, "venue"),
        (
            {"registration_deadline": datetime(2030, 7, 5, 0, 0, tzinfo=BERLIN)},
            "registration_deadline",
        ),
        ({"capacity": 0}, "capacity"),
    ],
    ids=["ends-before-it-starts", "nowhere", "deadline-after-start", "no-seats"],
)
def test_inconsistent_events_are_refused(event_index, fields, field):
    values = {
        "title": "Kaputt",
        "slug": "kaputt",
        "start": datetime(2030, 7, 4, 9, 0, tzinfo=BERLIN),
        "end": datetime(2030, 7, 4, 11, 0, tzinfo=BERLIN),
        "teaser": "x",
        "venue": "Saal",
    }
    event = EventPage(**{**values, **fields})
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert field in error.value.message_dict


def test_online_link_only_for_registered_people(get_soup, event_index):
    event = make_event(
        event_index,
        "Online-Sprechstunde",
        venue="",
        online_url="https://example.org/geheim",
        registration_required=True,
    )
    html = get_soup(event.url).decode()
    assert "https://example.org/geheim" not in html
    assert "Den Link erhalten Sie mit Ihrer Anmeldebestätigung." in html


def test_event_page_carries_schema_org_event_data(get_soup, event_index):
    giesing = Organisation.objects.get(name="Stadtteilladen Giesing")
    event = make_event(
        event_index,
        "Werkstatt </script><script>alert(1)</script>",
        datetime(2030, 12, 5, 18, 0, tzinfo=BERLIN),
        street="Tegernseer Landstraße 1",
        postcode="81541",
        organisers=[giesing],
        registration_required=True,
        capacity=20,
    )
    soup = get_soup(event.url)
    (script,) = soup.select('script[type="application/ld+json"]')
    assert "</script><script>" not in str(script)
    data = json.loads(script.string)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == "2030-12-05T18:00:00+01:00"
    assert data["endDate"] == "2030-12-05T20:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == event.full_url
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Tegernseer Landstraße 1",
        "postalCode": "81541",
        "addressLocality": "München",
        "addressCountry": "DE",
    }
    assert data["organizer"] == [{"@type": "Organization", "name": "Stadtteilladen Giesing"}]
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["price"] == "0"


def test_seed_report_and_its_follow_up_meeting_link_each_other(get_soup, seed_report):
    follow_up = seed_report.follow_up_page.specific
    assert isinstance(follow_up, EventPage)
    assert timezone.localtime(follow_up.start).date().isoformat().startswith("2023-03")

    report = get_soup(seed_report.url)
    section = report.find(id="follow-up-heading").find_parent("section")
    assert section.find("a", href=follow_up.url)

    event = get_soup(follow_up.url)
    back = event.find(id="reports-heading").find_parent("section")
    assert back.find("a", href=seed_report.url).get_text() == seed_report.title
    assert "Diese Veranstaltung hat bereits stattgefunden." in event.get_text()


def test_an_event_links_its_report_and_the_report_its_event(get_soup, event_index):
    report = german(ReportPage.objects).get(slug="beispiel-dritte-orte-vernetzung")
    event = report.events.get()
    page = get_soup(event.url)
    assert page.find(id="reports-heading").find_parent("section").find("a", href=report.url)
    assert (
        get_soup(report.url)
        .find(id="events-heading")
        .find_parent("aside")
        .find("a", href=event.url)
    )
    assert event.pk not in [e.pk for e in EventPage.objects.upcoming()]


def test_english_interface(get_soup, calendar):
    soup = get_soup(f"/en{calendar.url}")
    assert soup.select_one(".result-count").get_text(strip=True) == "3 events"
    assert "Subscribe to the calendar" in soup.get_text()
