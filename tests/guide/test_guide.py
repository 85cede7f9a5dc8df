"""The "Wer ist zuständig?" guide: visitors choose or search an activity and get a printable
checklist; each city department has a page with what it is responsible for."""

import re

import pytest
from bs4 import BeautifulSoup

from events.models import EventPage
from guide.models import ActivityPage, ResponsibilityGuidePage
from organisations.models import Organisation
from tests.demo_records import ACTIVITY, EVENT_WITH_REGISTRATION, KVR
from tests.factories import make_activity


@pytest.fixture
def guide(db):
    return ResponsibilityGuidePage.objects.get()


@pytest.fixture
def kvr(db):
    return Organisation.objects.get(name=KVR)


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select("main .card__title a")]


def test_guide_lists_the_activities(get_soup, guide):
    assert titles(get_soup(guide.url)) == sorted(guide.activities().values_list("title", flat=True))
    assert len(titles(get_soup(guide.url))) == 6


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("straßenfest", "Straßenfest"),  # the title, any case
        ("Hoffest", "Straßenfest"),  # another word for it
        ("Kühlschrank", "Gemeinschaftskühlschrank"),
        ("Foodsharing", "Gemeinschaftskühlschrank"),
    ],
)
def test_search_finds_activities_by_their_words(get_soup, guide, query, found):
    assert found in titles(get_soup(f"{guide.url}?q={query}"))


def test_search_without_result_says_whom_to_ask(get_soup, guide):
    soup = get_soup(f"{guide.url}?q=Mondlandung")
    assert titles(soup) == []
    assert "fragen Sie uns" in soup.main.get_text()
    assert get_soup(f"{guide.url}?q=%00" + "x" * 500).main  # odd input is just no match


def test_activity_is_a_printable_checklist(get_soup, guide):
    soup = get_soup(f"{guide.url}strassenfest/")
    checklist = soup.select("#checklist-heading + ul.checks li")
    # Each permit (with who issues it and its lead time) and each step gets a box to tick.
    assert all(li.select_one("input[type=checkbox]") for li in checklist)
    assert KVR in checklist[0].get_text()
    assert "6 bis 8 Wochen" in checklist[0].get_text()
    assert "Termin und Fläche festlegen" in soup.select_one(".checks").get_text()
    assert "8 Wochen vorher" in soup.select_one(".facts").get_text()
    assert soup.select_one("#insurance-heading")
    assert soup.select_one("[data-print]").has_attr("hidden")  # shown by print.js
    assert soup.find("script", src=lambda s: s and "print" in s)
    assert soup.select_one("main .badge--sample").get_text() == "Beispielinhalt"


def test_departments_link_to_their_page(get_soup, guide, kvr):
    soup = get_soup(f"{guide.url}strassenfest/")
    assert soup.select_one("#departments-heading + ul a")["href"] == (
        f"{guide.url}referate/{kvr.pk}/"
    )


def test_department_page_shows_what_it_is_responsible_for(get_soup, guide, kvr):
    make_activity(
        guide,
        "Flohmarkt",
        departments=[(kvr, "Marktgenehmigung")],
        permits=[("Markterlaubnis", kvr)],
    )
    soup = get_soup(kvr.department_url)
    assert soup.h1.get_text() == KVR
    responsible = soup.select_one("#responsible-heading + ul").get_text()
    for activity in (
        "Flohmarkt: Marktgenehmigung",
        "Straßenfest",
        "Gemeinschaftskühlschrank",
    ):
        assert activity in responsible
    assert "Markterlaubnis" in soup.select_one("#permits-heading + ul").get_text()
    challenges = soup.select_one("#challenges-heading + ul").get_text()
    assert "Zustimmung, Genehmigung, Haftung und Verantwortung" in challenges


def test_draft_activities_stay_off_the_department_page(get_soup, guide, kvr):
    draft = make_activity(guide, "Geheimplan", departments=[(kvr, "")])
    draft.unpublish()
    assert "Geheimplan" not in get_soup(kvr.department_url).get_text()


def test_only_departments_have_a_department_page(client, guide):
    association = Organisation.objects.get(name="Green City e.V.")
    assert association.department_url == ""
    assert client.get(f"{guide.url}referate/{association.pk}/").status_code == 404
    assert client.get(f"{guide.url}referate/999999/").status_code == 404


def test_report_participants_link_to_department_pages(get_soup, seed_report, kvr):
    link = get_soup(seed_report.url).find("a", string=KVR)
    assert link["href"] == kvr.department_url


def test_lists_of_organisations_have_no_space_before_commas_and_colons(client, db):
    activity = ActivityPage.objects.get(slug=ACTIVITY)
    event = EventPage.objects.get(slug=EVENT_WITH_REGISTRATION)
    for page in (activity, event):
        text = BeautifulSoup(client.get(page.url).content, "html.parser").main.get_text()
        assert not re.search(r"\s[,:]", text), re.search(r".{30}\s[,:].{10}", text).group()
