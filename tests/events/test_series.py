"""Event series: a first event that repeats (every n weeks, or monthly on the n-th weekday, until
a date or for a number of dates) makes a page per date with its own address, seats and
registrations; dates are left out or moved; the feed carries the series as RRULE, EXDATE and
RECURRENCE-ID, read back here by a second library; times stay local across summer time; the
month view shows the days."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from events.models import EventException, EventIndexPage, EventPage, Registration
from events.recurrence import rule_dates
from events.services import register
from tests.factories import make_event, registration_entries

BERLIN = ZoneInfo("Europe/Berlin")
# A Tuesday in March 2027, five days before summer time begins (28 March).
FIRST = datetime(2027, 3, 9, 18, 0, tzinfo=BERLIN)
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def before_the_series():
    with time_machine.travel(NOW, tick=False):
        yield


def series(event_index, django_capture_on_commit_callbacks, exceptions=(), **rule):
    """The first event of a series, published; its dates made as the worker would."""
    rule = {"repeat": "weekly", "repeat_interval": 2, "repeat_count": 6, **rule}
    with django_capture_on_commit_callbacks(execute=True):
        first = make_event(
            event_index, "Manufaktur-Treffen", FIRST, registration_required=True, capacity=2,
            exceptions=[EventException(**e) for e in exceptions], **rule,
        )  # fmt: skip
    return first


def dates(first):
    return [first, *EventPage.objects.live().filter(series=first).order_by("start")]


def test_every_second_tuesday_at_six_across_summer_time(
    event_index, django_capture_on_commit_callbacks
):
    first = series(event_index, django_capture_on_commit_callbacks)
    pages = dates(first)
    assert [timezone.localtime(p.start).strftime("%a %d.%m. %H:%M") for p in pages] == [
        "Tue 09.03. 18:00", "Tue 23.03. 18:00", "Tue 06.04. 18:00", "Tue 20.04. 18:00",
        "Tue 04.05. 18:00", "Tue 18.05. 18:00",
    ]  # fmt: skip
    offsets = [timezone.localtime(p.start).utcoffset() for p in pages[1:3]]
    assert offsets == [timedelta(hours=1), timedelta(hours=2)]  # CET, then CEST
    assert pages[1].url == "/veranstaltungen/manufaktur-treffen-2027-03-23/"
    assert {p.title for p in pages} == {"Manufaktur-Treffen"}


def test_each_date_has_its_own_seats_and_registrations(
    event_index, django_capture_on_commit_callbacks
):
    first = series(event_index, django_capture_on_commit_callbacks)
    second = dates(first)[1]
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        register(second, registration_entries(email=email) | {"email": email})
    assert second.registrations.filter(status="confirmed").count() == 2
    assert second.registrations.filter(status="waitlisted").count() == 1
    assert not first.registrations.exists()
    assert EventPage.objects.get(pk=dates(first)[2].pk).seats_left == 2


def test_monthly_on_the_second_tuesday_until_a_date(
    event_index, django_capture_on_commit_callbacks
):
    first = series(
        event_index, django_capture_on_commit_callbacks,
        repeat="monthly", repeat_interval=1, repeat_count=None, repeat_until=date(2027, 7, 31),
    )  # fmt: skip
    assert [timezone.localdate(p.start) for p in dates(first)] == [
        date(2027, 3, 9), date(2027, 4, 13), date(2027, 5, 11), date(2027, 6, 8), date(2027, 7, 13)
    ]  # fmt: skip


def test_a_date_left_out_and_a_date_moved(event_index, django_capture_on_commit_callbacks):
    moved = datetime(2027, 4, 21, 19, 0, tzinfo=BERLIN)
    first = series(event_index, django_capture_on_commit_callbacks, exceptions=[
        {"date": date(2027, 3, 23)}, {"date": date(2027, 4, 20), "moved_to": moved},
    ])  # fmt: skip
    starts = [timezone.localtime(p.start) for p in dates(first)]
    assert date(2027, 3, 23) not in [s.date() for s in starts]
    assert moved in starts and len(starts) == 5


def test_leaving_out_a_date_people_registered_for_cancels_it_and_tells_them(
    event_index, django_capture_on_commit_callbacks
):
    first = series(event_index, django_capture_on_commit_callbacks)
    second = dates(first)[1]
    with django_capture_on_commit_callbacks(execute=True):
        register(second, registration_entries())
    mail.outbox.clear()
    first = EventPage.objects.get(pk=first.pk)
    first.exceptions = [EventException(date=date(2027, 3, 23))]
    with django_capture_on_commit_callbacks(execute=True):
        first.save_revision().publish()
    second.refresh_from_db()
    assert second.status == "cancelled" and second.live  # kept: people are registered
    assert [m.subject for m in mail.outbox] == ["Abgesagt: Manufaktur-Treffen"]
    assert Registration.objects.get().event_id == second.pk


def test_changes_to_the_first_event_reach_the_dates_to_come(
    event_index, django_capture_on_commit_callbacks
):
    first = series(event_index, django_capture_on_commit_callbacks)
    first = EventPage.objects.get(pk=first.pk)
    first.venue = "Eine-Welt-Haus"
    with django_capture_on_commit_callbacks(execute=True):
        first.save_revision().publish()
    assert {p.venue for p in dates(first)} == {"Eine-Welt-Haus"}


def test_a_series_needs_an_end_and_a_date_cannot_start_its_own(event_index):
    event = EventPage(title="x", start=FIRST, end=FIRST + timedelta(hours=2), venue="y",
                      teaser="z", repeat="weekly")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert "repeat_until" in refused.value.message_dict


def test_the_feed_carries_the_series_as_calendars_read_it(
    client, event_index, django_capture_on_commit_callbacks
):
    moved = datetime(2027, 4, 21, 19, 0, tzinfo=BERLIN)
    first = series(event_index, django_capture_on_commit_callbacks, exceptions=[
        {"date": date(2027, 3, 23)}, {"date": date(2027, 4, 20), "moved_to": moved},
    ])  # fmt: skip
    fourth = EventPage.objects.get(series=first, occurrence_date=date(2027, 5, 4))
    fourth.status, fourth.status_message = "cancelled", "Fällt aus."
    with django_capture_on_commit_callbacks(execute=True):
        fourth.save_revision().publish()

    feed = Calendar.from_ical(client.get(f"{event_index.url}kalender/").content)
    main = next(v for v in feed.walk("VEVENT") if "RRULE" in v)
    assert main["RRULE"]["FREQ"] == ["WEEKLY"] and main["RRULE"]["INTERVAL"] == [2]
    assert str(main["UID"]) == str(first.translation_key)
    overrides = [v for v in feed.walk("VEVENT") if "RECURRENCE-ID" in v]
    assert {str(v["UID"]) for v in overrides} == {str(first.translation_key)}

    # A second library expands the feed as Google, Apple and Outlook do.
    found = recurring_ical_events.of(feed).between(date(2027, 3, 1), date(2027, 6, 1))
    expanded = sorted(
        (timezone.localtime(e.decoded("DTSTART")), str(e.get("STATUS", "CONFIRMED"))) for e in found
    )
    pages = sorted((timezone.localtime(p.start), p.status) for p in dates(first))
    assert [start for start, _status in expanded] == [start for start, _status in pages]
    statuses = dict(expanded)
    assert statuses[timezone.localtime(fourth.start)] == "CANCELLED"
    assert timezone.localtime(moved) in statuses  # the moved date, at its new time
    assert all(start.hour in (18, 19) for start in statuses)  # 18:00 in CET and in CEST


def test_the_month_view_shows_each_day_with_its_events(
    client, event_index, django_capture_on_commit_callbacks
):
    series(event_index, django_capture_on_commit_callbacks)
    page = client.get(f"{event_index.url}monat/2027/3/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert [th.get_text() for th in soup.select(".month thead th")] == [
        "Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"
    ]  # fmt: skip
    busy = {
        " ".join(cell.select_one(".month__date").stripped_strings): " ".join(
            cell.select_one("a").stripped_strings
        )
        for cell in soup.select(".month__cell--busy")
    }
    assert busy == {
        "Dienstag, 9. März": "18:00 Manufaktur-Treffen",
        "Dienstag, 23. März": "18:00 Manufaktur-Treffen",
    }
    assert soup.select_one("a[rel=next]")["href"] == f"{event_index.url}monat/2027/4/"
    assert client.get(f"{event_index.url}monat/").url == f"{event_index.url}monat/2027/3/"
    assert client.get(f"{event_index.url}monat/2027/13/").status_code == 404


def test_rule_dates_stop_at_the_limit(event_index):
    event = EventPage(start=FIRST, end=FIRST, repeat="weekly", repeat_interval=1,
                      repeat_until=date(2031, 1, 1))  # fmt: skip
    assert len(rule_dates(event)) == 60


@pytest.mark.parametrize("view", ["", "kalender/", "monat/2027/3/"])
def test_queries_stay_the_same_as_a_series_grows(
    client, event_index, django_capture_on_commit_callbacks, view
):
    """The calendar, its feed and the month view ask the same number of queries for a series
    of 3 dates and one of 12."""

    def queries(count):
        EventPage.objects.filter(title="Manufaktur-Treffen").delete()
        series(event_index, django_capture_on_commit_callbacks, repeat_count=count,
               repeat_interval=1)  # fmt: skip
        client.get(f"{event_index.url}{view}")  # what a first visitor fills
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{event_index.url}{view}").status_code == 200
        return len(captured)

    assert queries(3) == queries(12)


@pytest.mark.django_db(transaction=True)
def test_in_production_the_worker_makes_the_dates(demo_site, settings):
    """Publishing queues the work; the editor's request does not wait for 60 pages."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = make_event(
        EventIndexPage.objects.get(), "Reihe", FIRST, repeat="weekly", repeat_interval=1,
        repeat_count=4,
    )  # fmt: skip
    assert not EventPage.objects.filter(series=first).exists()
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert EventPage.objects.live().filter(series=first).count() == 3


def test_a_date_of_a_series_offers_the_whole_series_for_the_calendar(
    client, event_index, django_capture_on_commit_callbacks
):
    first = series(event_index, django_capture_on_commit_callbacks)
    second = dates(first)[1]
    page = BeautifulSoup(client.get(second.url).content, "html.parser")
    link = page.select_one(f'a[href="{second.url}kalender/reihe/"]')
    assert link.get_text(strip=True) == "Alle Termine der Reihe"
    download = client.get(link["href"])
    assert download["Content-Disposition"] == 'attachment; filename="manufaktur-treffen-reihe.ics"'
    found = recurring_ical_events.of(Calendar.from_ical(download.content)).between(
        date(2027, 3, 1), date(2027, 6, 1)
    )
    assert sorted(e.decoded("DTSTART") for e in found) == [p.start for p in dates(first)]
    single = client.get(f"{first.url}kalender/reihe/")
    assert single.status_code == 200
    lonely = make_event(event_index, "Einmalig", FIRST)
    assert client.get(f"{lonely.url}kalender/reihe/").status_code == 404
