"""Profiles of initiatives: who does what where, and which reports they took part in."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import InitiativeIndexPage, InitiativePage
from organisations.models import District, Organisation
from tests.demo_records import INITIATIVE
from tests.factories import make_profile, make_report


@pytest.fixture
def profile_index(db):
    return InitiativeIndexPage.objects.get()


def names(soup):
    return [a.get_text(strip=True) for a in soup.select(".profile-card .card__title a")]


def test_profile_lists_its_reports_newest_first(get_soup, seed_report, report_index):
    profile = InitiativePage.objects.get(slug=INITIATIVE)
    organisation = profile.organisation
    make_report(report_index, "Späteres Treffen", date(2026, 9, 1), participants=[organisation])
    draft = make_report(report_index, "Entwurf", date(2026, 10, 1), participants=[organisation])
    draft.unpublish()

    soup = get_soup(profile.url)
    reports = [a.get_text(strip=True) for a in soup.select("#reports-heading ~ ul h3 a")]
    assert reports == [
        "Späteres Treffen",
        "Dritte Orte im Quartier: Vernetzungstreffen",
        seed_report.title,
    ]


def test_profile_shows_kind_district_topics_and_contact(db, get_soup):
    profile = InitiativePage.objects.get(slug="trudering-im-wandel")
    profile.contact_email = "kontakt@example.org"
    profile.save_revision().publish()
    soup = get_soup(profile.url)
    facts = {
        dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True)
        for dt in soup.select(".facts dt")
    }
    assert facts == {
        "Art": "Initiative",
        "Stadtbezirk": "Trudering-Riem",
        "Themen": "Klimaschutz, Gemeinschaftsgarten",
    }
    assert soup.select_one('a[href="mailto:kontakt@example.org"]')


def test_citywide_profile(db, get_soup):
    soup = get_soup(InitiativePage.objects.get(slug="kreislaufschraenke-muenchen").url)
    assert "Stadtweit" in soup.select_one(".facts").text


def test_index_filters_by_district_topic_and_kind(get_soup, profile_index):
    make_profile(
        profile_index, "Urbaner Garten Laim", district=District.LAIM, topics=["Gemeinschaftsgarten"]
    )
    make_profile(
        profile_index, "Laimer Verein", kind=Organisation.Kind.ASSOCIATION, district=District.LAIM
    )
    url = profile_index.url

    assert names(get_soup(url)) == [
        "Kreislaufschränke München e.V.",
        "Laimer Verein",
        "Stadtteilladen Giesing",
        "Trudering im Wandel",
        "Urbaner Garten Laim",
    ]
    assert names(get_soup(f"{url}?district=25")) == ["Laimer Verein", "Urbaner Garten Laim"]
    assert names(get_soup(f"{url}?topic=gemeinschaftsgarten")) == [
        "Trudering im Wandel",
        "Urbaner Garten Laim",
    ]
    assert names(get_soup(f"{url}?kind=association")) == ["Laimer Verein"]
    assert names(get_soup(f"{url}?district=25&kind=initiative")) == ["Urbaner Garten Laim"]


def test_index_offers_only_values_in_use_and_ignores_bad_input(get_soup, profile_index):
    soup = get_soup(profile_index.url)
    districts = [o.get_text(strip=True) for o in soup.select("#filter-district option")][1:]
    assert districts == ["Trudering-Riem", "Obergiesing-Fasangarten"]  # by district number
    kinds = [o["value"] for o in soup.select("#filter-kind option")][1:]
    assert kinds == ["initiative"]
    for query in ("district=99", "kind=evil", "topic=nope", "page=abc", "district=%00"):
        assert len(names(get_soup(f"{profile_index.url}?{query}"))) == 3, query


def test_index_query_count_does_not_grow_with_profiles(client, profile_index):
    def count_queries():
        client.get(profile_index.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(profile_index.url).status_code == 200
        return len(queries)

    before = count_queries()
    for number in range(6):
        make_profile(profile_index, f"Initiative {number}", topics=["Nachbarschaft", f"T{number}"])
    assert count_queries() == before


def test_deleting_the_organisation_keeps_the_profile(seed_report):
    profile = InitiativePage.objects.get(slug=INITIATIVE)
    profile.organisation.delete()
    profile.refresh_from_db()
    assert profile.organisation is None
    assert profile.report_links() == []
