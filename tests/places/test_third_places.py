"""The directory of third places, filterable by district, kind and what a place offers."""

import pytest

from organisations.models import District
from places.models import PlaceIndexPage, PlacePage
from tests.factories import make_place


@pytest.fixture
def directory(db):
    return PlaceIndexPage.objects.get()


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select("main .card__title a")]


def test_directory_lists_the_seed_places_as_samples(get_soup, directory):
    soup = get_soup(directory.url)
    assert set(titles(soup)) == {
        "Stadtbibliothek im Quartier",
        "Bildungslokal",
        "Community Kitchen",
    }
    assert all(c.select_one(".badge--sample") for c in soup.select("main .card"))


def test_filter_by_district(get_soup, directory):
    make_place(directory, "Nachbarschaftstreff Laim", District.LAIM)
    soup = get_soup(f"{directory.url}?district={District.LAIM}")
    assert titles(soup) == ["Nachbarschaftstreff Laim"]
    # Only districts that have places are offered.
    offered = [o["value"] for o in soup.select("#filter-district option") if o["value"]]
    assert offered == [District.RAMERSDORF_PERLACH, District.OBERGIESING_FASANGARTEN, District.LAIM]


def test_filter_by_kind_and_offer(get_soup, directory):
    make_place(
        directory, "Küche Laim", District.LAIM, kind=PlacePage.Kind.KITCHEN, offers=["Küche"]
    )
    assert set(titles(get_soup(f"{directory.url}?kind=kitchen"))) == {
        "Küche Laim",
        "Community Kitchen",
    }
    assert set(titles(get_soup(f"{directory.url}?offer=küche&district={District.LAIM}"))) == {
        "Küche Laim"
    }


@pytest.mark.parametrize("query", ["?district=99", "?kind=%00", "?offer=%00", "?page=x"])
def test_odd_filters_show_everything(get_soup, directory, query):
    assert len(titles(get_soup(directory.url + query))) == 3


def test_place_page(get_soup, directory):
    place = PlacePage.objects.get(slug="stadtbibliothek")
    soup = get_soup(place.url)
    facts = soup.select_one(".facts")
    assert "Beispielstraße 1" in facts.get_text()
    assert "Obergiesing-Fasangarten" in facts.get_text()
    assert [
        line for line in facts.find("dt", string="Öffnungszeiten").find_next("dd").stripped_strings
    ] == ["Di–Fr 10–19 Uhr", "Sa 10–15 Uhr"]
    assert "Raum buchbar" in soup.select_one("#offers-heading + ul").get_text()
    assert soup.select_one("main .badge--sample").get_text() == "Beispielinhalt"
