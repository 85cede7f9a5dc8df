"""The funding guide: programmes filterable by topic, district and whether one can apply now,
sorted by their next deadline; deadlines on the home page and as a calendar feed."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from icalendar import Calendar

from funding.models import FundingIndexPage, FundingProgrammePage
from organisations.models import District, Organisation
from tests.demo_records import SOCIAL_DEPARTMENT
from tests.factories import make_programme

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-11-25 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def guide(db):
    return FundingIndexPage.objects.get()


@pytest.fixture
def provider(db):
    return Organisation.objects.get(name=SOCIAL_DEPARTMENT)


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select("main .card__title a")]


def test_programmes_sorted_by_next_deadline(get_soup, guide, provider):
    make_programme(guide, "Bald fällig", provider, deadlines=[(TODAY + timedelta(days=3), False)])
    make_programme(guide, "Immer offen", provider, rolling=True)
    listed = titles(get_soup(guide.url))
    assert listed[0] == "Bald fällig"
    # Those without a coming deadline last.
    assert listed.index("Immer offen") > listed.index("Stadtteilkultur-Projektförderung")
    card = get_soup(guide.url).select("main .card")[0]
    assert "28. November 2026" in card.get_text()


def test_amounts_in_german_euros(get_soup, guide):
    text = get_soup(guide.url).main.get_text()
    assert "500 € bis 5.000 €" in text
    assert "bis 1.500 €" in text


def test_filter_by_topic(get_soup, guide, provider):
    make_programme(guide, "Nur Kultur", provider, topics=["Kultur"])
    listed = titles(get_soup(f"{guide.url}?topic=kultur"))
    assert "Nur Kultur" in listed
    assert "Klimaschutz im Quartier – Kleinprojekte" not in listed


def test_filter_by_district_keeps_citywide_programmes(get_soup, guide, provider):
    make_programme(guide, "Nur Laim", provider, districts=[District.LAIM])
    laim = titles(get_soup(f"{guide.url}?district={District.LAIM}"))
    assert "Nur Laim" in laim
    assert "Klimaschutz im Quartier – Kleinprojekte" in laim  # the whole city
    assert "Quartiersfonds Nachbarschaft" not in laim  # Giesing and Westend only
    giesing = titles(get_soup(f"{guide.url}?district={District.OBERGIESING_FASANGARTEN}"))
    assert "Quartiersfonds Nachbarschaft" in giesing
    assert "Nur Laim" not in giesing


def test_filter_open_for_applications(get_soup, guide, provider):
    make_programme(guide, "Abgelaufen", provider, deadlines=[(date(2026, 1, 1), False)])
    make_programme(guide, "Immer offen", provider, rolling=True)
    everything = titles(get_soup(guide.url))
    open_now = titles(get_soup(f"{guide.url}?open=1"))
    assert "Abgelaufen" in everything and "Abgelaufen" not in open_now
    assert "Immer offen" in open_now


@pytest.mark.parametrize("query", ["?district=99", "?topic=%00", "?open=%00&district=%00"])
def test_odd_filters_show_everything(get_soup, guide, query):
    assert len(titles(get_soup(guide.url + query))) == len(titles(get_soup(guide.url)))


def test_programme_page(get_soup, guide):
    page = FundingProgrammePage.objects.get(slug="quartiersfonds-nachbarschaft")
    soup = get_soup(page.url)
    facts = soup.select_one(".facts").get_text()
    assert SOCIAL_DEPARTMENT in facts
    assert "Obergiesing-Fasangarten, Schwanthalerhöhe" in facts
    assert "Jederzeit beantragbar" in facts
    assert "Sonderrunde Winteraktionen" in soup.select_one("#deadlines-heading + ul").get_text()
    assert soup.select_one("main .badge--sample").get_text() == "Beispielinhalt"


def test_amounts_must_be_in_order(guide, provider):
    programme = FundingProgrammePage(
        title="X",
        provider=provider,
        teaser="X",
        eligibility="<p>X</p>",
        amount_min=500,
        amount_max=100,
    )
    with pytest.raises(ValidationError) as error:
        programme.clean()
    assert "amount_max" in error.value.message_dict


def test_home_page_shows_the_next_deadlines(get_soup, guide, provider):
    make_programme(guide, "Morgen fällig", provider, deadlines=[(TODAY + timedelta(days=1), False)])
    soup = get_soup("/")
    items = soup.select(".deadlines li")
    assert len(items) == 3
    assert "Morgen fällig" in items[0].get_text()
    assert items[0].time["datetime"] == "2026-11-26"
    assert soup.find("a", string="Alle Förderprogramme")["href"] == guide.url


def feed(client, guide):
    response = client.get(f"{guide.url}fristen/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_deadline_feed(client, guide, provider):
    make_programme(guide, "Einmalig", provider, deadlines=[(date(2027, 2, 1), False)])
    make_programme(guide, "Vorbei", provider, deadlines=[(date(2026, 2, 1), False)])
    draft = make_programme(guide, "Entwurf", provider, deadlines=[(date(2027, 3, 1), False)])
    draft.unpublish()
    events = {str(e["SUMMARY"]): e for e in feed(client, guide).walk("VEVENT")}
    summaries = " ".join(events)
    assert "Einmalig" in summaries
    assert "Vorbei" not in summaries and "Entwurf" not in summaries
    once = next(e for s, e in events.items() if "Einmalig" in s)
    assert once.decoded("DTSTART") == date(2027, 2, 1)
    assert once.decoded("DTEND") == date(2027, 2, 2)  # a whole day
    assert "RRULE" not in once
    spring = events["Antrag Frühjahrsrunde: Klimaschutz im Quartier – Kleinprojekte"]
    assert spring["RRULE"]["FREQ"] == ["YEARLY"]
    alarm = once.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == -timedelta(days=14)
    assert str(once["URL"]).endswith("/foerderungen/einmalig/")


def test_feed_entries_keep_their_identity(client, guide, provider):
    programme = make_programme(guide, "Einmalig", provider, deadlines=[(date(2027, 2, 1), False)])
    before = {str(e["UID"]) for e in feed(client, guide).walk("VEVENT")}
    programme.title = "Umbenannt"
    programme.save_revision().publish()
    after = {str(e["UID"]) for e in feed(client, guide).walk("VEVENT")}
    assert before == after
