"""Site search with Wagtail's database backend (PostgreSQL full text search in CI)."""

import pytest
from django.db import connection

from tests.factories import make_report


def result_titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".search-results h2 a")]


def test_finds_a_report_by_a_word_of_its_body(get_soup, report_index):
    make_report(
        report_index,
        "Treffen zur Mobilität",
        body=[{"type": "paragraph", "value": "<p>Wir sprachen über den Lastenradverleih.</p>"}],
    )
    soup = get_soup("/suche/?q=Lastenradverleih")
    assert result_titles(soup) == ["Treffen zur Mobilität"]
    assert soup.select_one(".search-results a")["href"] == "/berichte/treffen-zur-mobilitat/"


@pytest.mark.parametrize(
    "word",
    ["Synergieeffekte", "Stadtteilmanagement", "Kreislaufschränke", "Genehmigung"],
    ids=["intro", "result", "participant", "challenge"],
)
def test_finds_the_seed_report_by_its_parts(get_soup, seed_report, word):
    assert seed_report.title in result_titles(get_soup(f"/suche/?q={word}"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="German stemming is PostgreSQL's")
def test_german_word_forms_match(get_soup, seed_report):
    assert seed_report.title in result_titles(get_soup("/suche/?q=Quartier"))


def test_drafts_are_not_found(get_soup, report_index):
    draft = make_report(report_index, "Geheimer Entwurf", teaser="Zwischenstand Wurmkiste")
    draft.unpublish()
    assert result_titles(get_soup("/suche/?q=Wurmkiste")) == []


def test_empty_and_odd_queries(get_soup, db):
    soup = get_soup("/suche/")
    assert not soup.select(".result-count")
    assert not get_soup("/suche/?q=%00%01").select(".result-count")
    for query in ("'; DROP TABLE x; --", '"unmatched', "ä" * 500, "%26%26%26", "page"):
        soup = get_soup(f"/suche/?q={query}&page=abc")
        assert soup.select_one(".result-count"), query
    assert "Nichts gefunden" in get_soup("/suche/?q=Xylophonwolke").text


def test_search_results_are_not_indexed(get_soup, db):
    soup = get_soup("/suche/?q=Quartier")
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


def test_search_landmarks_have_distinct_names(get_soup, db):
    soup = get_soup("/suche/?q=Quartier")
    names = [
        form.get("aria-label") or soup.find(id=form["aria-labelledby"]).get_text(strip=True)
        for form in soup.select("[role=search]")
    ]
    assert names == ["Website durchsuchen", "Suche"]
