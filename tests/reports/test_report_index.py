"""The report index: newest first, filters by year and challenge, pagination, bad input."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges.models import Challenge
from cms.pages import german
from reports.models import REPORTS_PER_PAGE, ReportPage
from tests.factories import make_report


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".report-card .card__title a")]


def live_reports_newest_first():
    return list(
        german(ReportPage.objects).live().order_by("-date", "-pk").values_list("title", flat=True)
    )


def test_lists_reports_newest_first(get_soup, report_index):
    soup = get_soup(report_index.url)
    assert titles(soup) == live_reports_newest_first()
    assert titles(soup)[-1] == (
        "Werkstattgespräch mit der Stadtverwaltung über nachhaltige Quartiere"
    )
    assert soup.select_one("h2.result-count").get_text(strip=True) == "5 Berichte"
    assert soup.select_one(".report-card h3")


def test_filter_by_year(get_soup, report_index):
    soup = get_soup(f"{report_index.url}?year=2025")
    assert titles(soup) == [
        "Dritte Orte im Quartier: Vernetzungstreffen",
        "Austausch zu Förderprogrammen für Quartiersinitiativen",
    ]
    years = [o["value"] for o in soup.select("#filter-year option")]
    assert years == ["", "2026", "2025", "2024", "2023"]
    assert soup.select_one("#filter-year option[selected]")["value"] == "2025"


def test_filter_by_challenge(get_soup, report_index):
    funding = Challenge.objects.get(title="Finanzierung und Förderungen")
    soup = get_soup(f"{report_index.url}?challenge={funding.slug}")
    expected = list(
        german(ReportPage.objects)
        .live()
        .filter(challenge_links__challenge=funding)
        .order_by("-date")
        .values_list("title", flat=True)
    )
    assert titles(soup) == expected
    assert len(expected) == 3
    assert soup.select_one("#filter-challenge option[selected]")["value"] == funding.slug


def test_filter_by_year_and_challenge(get_soup, report_index):
    funding = Challenge.objects.get(title="Finanzierung und Förderungen")
    soup = get_soup(f"{report_index.url}?year=2024&challenge={funding.slug}")
    assert titles(soup) == ["Quartiersrundgang im Westend"]


def test_challenge_filter_offers_only_challenges_of_reports(get_soup, report_index):
    Challenge.objects.create(title="Noch in keinem Bericht")
    soup = get_soup(report_index.url)
    offered = [o.get_text(strip=True) for o in soup.select("#filter-challenge option")][1:]
    assert "Noch in keinem Bericht" not in offered
    assert len(offered) == 5


def test_empty_filter_result_says_so(get_soup, report_index):
    only_in_2023 = Challenge.objects.exclude(report_links__page__date__year=2024)[0]
    soup = get_soup(f"{report_index.url}?year=2024&challenge={only_in_2023.slug}")
    assert titles(soup) == []
    assert "Zu diesem Filter gibt es keine Berichte." in soup.text


def test_bad_input_is_ignored(get_soup, report_index):
    years = ("0", "1999", "10000", "2147483648", "²", "-1", "abc", "20%00")
    for query in ("challenge=gibt-es-nicht", "page=x", "page=-1", *(f"year={y}" for y in years)):
        soup = get_soup(f"{report_index.url}?{query}")
        assert titles(soup), query


def test_pagination_keeps_the_filter(get_soup, report_index):
    for number in range(REPORTS_PER_PAGE + 2):
        make_report(report_index, f"Bericht 2020 Nr. {number}", day=date(2020, 1, number + 1))
    first = get_soup(f"{report_index.url}?year=2020")
    assert len(titles(first)) == REPORTS_PER_PAGE
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "year=2020" in next_link and "page=2" in next_link
    second = get_soup(f"{report_index.url}{next_link}")
    assert titles(second) == ["Bericht 2020 Nr. 1", "Bericht 2020 Nr. 0"]
    assert get_soup(f"{report_index.url}?year=2020&page=99").select(".report-card")


def test_draft_reports_are_not_listed(get_soup, report_index):
    draft = make_report(report_index, "Entwurf eines Berichts")
    draft.unpublish()
    assert "Entwurf eines Berichts" not in titles(get_soup(report_index.url))


def test_query_count_does_not_grow_with_reports(client, report_index):
    def count_queries():
        client.get(report_index.url)  # fills the caches a first visitor fills
        with CaptureQueriesContext(connection) as queries:
            assert client.get(report_index.url).status_code == 200
        return len(queries)

    challenges = list(Challenge.objects.all()[:2])
    before = count_queries()
    for number in range(8):
        make_report(report_index, f"Weiterer Bericht {number}", challenges=challenges)
    assert count_queries() == before
