"""The district map over the profiles, the third places and the funding guide: every district's
counts of all three, tiles that filter the listing they stand over, the same counts as a table,
and the page cache renewed when a page in a district is published; the small map on a profile's
or place's page."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from funding.models import FundingIndexPage
from network.models import InitiativeIndexPage
from organisations.models import District, Organisation
from places.models import PlaceIndexPage, PlacePage
from tests.factories import make_place, make_profile, make_programme

LAIM = District.LAIM
# The demo content: profiles in Trudering-Riem and Obergiesing (one for the whole city), places
# in Ramersdorf-Perlach (2) and Obergiesing, programmes for the whole city (2) and one for
# Schwanthalerhöhe and Obergiesing.
DEMO = {
    "profiles": {"15": 1, "17": 1},
    "places": {"16": 2, "17": 1},
}


@pytest.fixture
def listings(db):
    return {
        "profiles": InitiativeIndexPage.objects.get(),
        "places": PlaceIndexPage.objects.get(),
        "funding": FundingIndexPage.objects.get(),
    }


def tile(soup, district):
    return soup.select_one(f".district-map__tile--{district}")


def shown_count(soup, district):
    return int(tile(soup, district).select_one(".district-map__count").get_text())


def table(soup):
    """The table's rows as {district number: [counts]} and its column heads."""
    rows = soup.select(".district-map__list tbody tr")
    heads = [th.get_text(strip=True) for th in soup.select(".district-map__list thead th")]
    return heads, {
        row.th.get_text(strip=True)[:2]: [int(td.get_text()) for td in row.select("td")]
        for row in rows
    }


def test_each_listing_shows_its_own_count_and_says_the_others(get_soup, listings):
    profile_soup = get_soup(listings["profiles"].url)
    assert len(profile_soup.select(".district-map__tile")) == 25
    assert profile_soup.select_one("#district-map-heading").get_text() == "Profile nach Stadtbezirk"
    assert shown_count(profile_soup, "15") == 1
    assert shown_count(profile_soup, "01") == 0
    # A screen reader hears the district's name and every listing's count, the shown one first.
    assert tile(profile_soup, "17").get_text(" ", strip=True) == (
        "17 Obergiesing-Fasangarten 1 : 1 Profil, 3 Förderprogramme, 1 Dritter Ort"
    )
    places_soup = get_soup(listings["places"].url)
    assert shown_count(places_soup, "16") == 2
    assert "2 Dritte Orte, 0 Profile, 2 Förderprogramme" in tile(places_soup, "16").get_text()
    funding_soup = get_soup(listings["funding"].url)
    # Programmes for the whole city count in every district, as the filter finds them there.
    assert {shown_count(funding_soup, d) for d in District.values} == {2, 3}
    assert shown_count(funding_soup, "08") == 3


def test_a_tile_filters_the_listing_it_stands_over(get_soup, listings):
    make_place(listings["places"], "Nachbarschaftstreff Laim", LAIM)
    soup = get_soup(listings["places"].url)
    link = tile(soup, LAIM).a
    assert link["href"] == f"?district={LAIM}"
    assert not link.has_attr("aria-current")
    filtered = get_soup(listings["places"].url + link["href"])
    assert [a.get_text() for a in filtered.select("main .card__title a")] == [
        "Nachbarschaftstreff Laim"
    ]
    assert tile(filtered, LAIM).a["aria-current"] == "true"
    # The same filter as a select, for a browser without JavaScript or a map.
    assert filtered.select_one("#filter-district option[selected]")["value"] == LAIM
    # A district without any is no link: there is nothing to filter to.
    assert tile(soup, "01").a is None


def test_the_table_says_what_the_map_shows(get_soup, listings):
    make_profile(listings["profiles"], "Laim hilft", district=LAIM)
    make_programme(
        listings["funding"],
        "Laimer Topf",
        Organisation.objects.create(name="BA 25", kind=Organisation.Kind.CITY_DEPARTMENT),
        districts=[LAIM],
    )
    heads, rows = table(get_soup(listings["profiles"].url))
    assert heads == ["Stadtbezirk", "Profile", "Förderprogramme", "Dritte Orte"]
    assert len(rows) == 25
    assert rows[LAIM] == [1, 3, 0]
    assert rows["16"] == [0, 2, 2]
    assert rows["17"] == [1, 3, 1]


def test_drafts_and_private_pages_are_not_counted(get_soup, listings):
    place = make_place(listings["places"], "Treff Laim", LAIM)
    hidden = make_place(listings["places"], "Geheimer Treff", LAIM)
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert shown_count(get_soup(listings["places"].url), LAIM) == 1
    place.unpublish()
    assert shown_count(get_soup(listings["places"].url), LAIM) == 0


def test_the_map_costs_the_same_queries_however_many_pages(client, listings):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    before = {key: queries(page.url) for key, page in listings.items()}
    for number, district in enumerate(District.values[:6]):
        make_place(listings["places"], f"Ort {number}", district)
        make_profile(listings["profiles"], f"Initiative {number}", district=district)
    assert {key: queries(page.url) for key, page in listings.items()} == before


def test_publishing_a_place_renews_the_map_on_every_cached_listing(client, settings, listings):
    settings.PAGE_CACHE_SECONDS = 300
    for page in listings.values():
        client.get(page.url)
        assert client.get(page.url)["X-Page-Cache"] == "hit"
    make_place(listings["places"], "Treff Laim", LAIM)
    for key, page in listings.items():
        response = client.get(page.url)
        assert response["X-Page-Cache"] == "miss", key
        assert "1 Dritter Ort" in response.content.decode(), key


def test_a_place_with_coordinates_shows_its_small_map_and_says_where_it_is(get_soup, db):
    place = PlacePage.objects.get(slug="stadtbibliothek")  # the demo gives it coordinates
    soup = get_soup(place.url)
    locator = soup.select_one(".district-locator")
    assert locator.select_one(".district-map__tile--here").get_text() == "17"
    assert locator.figcaption.get_text(" ", strip=True).startswith(
        "Stadtbezirk 17, Obergiesing-Fasangarten"
    )
    assert locator.a["href"] == (
        "https://www.openstreetmap.org/?mlat=48.110500&mlon=11.593100#map=17/48.110500/11.593100"
    )
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Place"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 48.1105, "longitude": 11.5931}


def test_a_profile_without_coordinates_shows_its_district_without_a_link(get_soup, listings):
    profile = make_profile(listings["profiles"], "Laim hilft", district=LAIM)
    locator = get_soup(profile.url).select_one(".district-locator")
    assert locator.select_one(".district-map__tile--here").get_text() == LAIM
    assert locator.a is None
    city_wide = make_profile(listings["profiles"], "Ganz München", district="")
    assert get_soup(city_wide.url).select_one(".district-locator") is None


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(Decimal("52.52"), Decimal("13.40")), (Decimal("48.137154"), None), (None, Decimal("11.5"))],
)
def test_coordinates_are_both_given_and_in_munich(db, latitude, longitude):
    place = PlacePage.objects.get(slug="stadtbibliothek")
    place.latitude, place.longitude = latitude, longitude
    with pytest.raises(ValidationError):
        place.full_clean()
