"""The seed report renders as structured content: challenges, results, facts, participants."""

import pytest
from django.utils import translation

from cms.pages import restricted_paths
from cms.translations import german_locale_id
from network.models import InitiativePage
from organisations.models import Organisation
from reports.models import ReportParticipant
from tests.demo_records import SOCIAL_DEPARTMENT
from tests.seed import (
    CHALLENGES,
    SEED_PARTICIPANTS,
    SEED_RESULTS,
)


@pytest.fixture
def soup(get_soup, seed_report):
    return get_soup(seed_report.url)


def texts(elements):
    return [" ".join(element.get_text(" ", strip=True).split()) for element in elements]


def test_header_shows_title_teaser_and_facts(soup):
    assert soup.h1.get_text(strip=True) == (
        "Werkstattgespräch mit der Stadtverwaltung über nachhaltige Quartiere"
    )
    assert soup.select_one(".lead").get_text().startswith("Unser erstes Werkstattgespräch")
    facts = dict(zip(texts(soup.select(".facts dt")), texts(soup.select(".facts dd")), strict=True))
    # The source names no day: the report shows only the month.
    assert facts == {"Datum": "Januar 2023", "Dauer": "etwa 2 Stunden", "Teilnehmende": "35"}
    assert soup.select_one(".facts time")["datetime"] == "2023-01"


def test_a_report_with_its_day_known_shows_the_day(get_soup, seed_report):
    seed_report.date_is_approximate = False
    seed_report.save_revision().publish()
    time = get_soup(seed_report.url).select_one(".facts time")
    assert (time.get_text(), time["datetime"]) == ("24. Januar 2023", "2023-01-24")


def test_all_challenges_in_order(soup):
    # Each leads to its page on the tracker, with its status there.
    assert texts(soup.select("ol.challenges li a")) == CHALLENGES
    assert all(a["href"].startswith("/herausforderungen/") for a in soup.select("ol.challenges a"))
    assert set(texts(soup.select("ol.challenges li .status"))) == {"Offen"}  # nothing invented


def test_results_each_tied_to_its_challenge(soup):
    results = soup.select("ul.results > li")
    assert len(results) == len(SEED_RESULTS) == 3
    for item, (text, challenge) in zip(results, SEED_RESULTS, strict=True):
        assert texts([item.p]) == [" ".join(text.split())]
        link = item.select_one(".results__challenge a")
        if challenge is None:
            assert link is None
        else:
            assert link.get_text(strip=True) == challenge
            assert soup.select_one(link["href"]).a.get_text(strip=True) == challenge


def test_participants_grouped_by_kind(soup):
    groups = {
        group.h3.contents[0].strip(): texts(group.select("li"))
        for group in soup.select(".participants__group")
    }
    assert list(groups) == [
        "Referate der Stadt",
        "Vereine und Organisationen",
        "Initiativen",
        "Stiftungen",
        "Arbeitsgruppen und Manufakturen",
    ]
    assert len(groups["Referate der Stadt"]) == 11
    assert sum(len(names) for names in groups.values()) == len(SEED_PARTICIPANTS) == 24
    assert "Sozialreferat (Amt für Wohnen)" in groups["Referate der Stadt"]
    assert (
        "Green City e.V. (u.a. Parklets, Grünspitz, Grünpaten)"
        in groups["Vereine und Organisationen"]
    )
    assert groups["Stiftungen"] == ["Hans Sauer Stiftung (Circular Westend)"]


def test_participant_links_to_its_live_profile_page(client, seed_report):
    profile = InitiativePage.objects.get(organisation__name="Stadtteilladen Giesing")
    link = f'<a href="{profile.url}">Stadtteilladen Giesing</a>'
    assert link in client.get(seed_report.url).content.decode()

    profile.unpublish()
    html = client.get(seed_report.url).content.decode()
    assert link not in html
    assert "Stadtteilladen Giesing" in html


def test_participant_without_profile_links_to_its_website(client, seed_report):
    organisation = Organisation.objects.get(name="Green City e.V.")
    organisation.website = "https://www.greencity.de"
    organisation.save()
    html = client.get(seed_report.url).content.decode()
    assert '<a href="https://www.greencity.de" rel="external">Green City e.V.</a>' in html


def test_follow_up_and_contact_call_to_action(soup):
    assert "fortgesetzt Anfang März 2023" in soup.select_one("#follow-up-heading").parent.text
    contact = soup.select_one(".contact-cta")
    assert contact.select_one("a.button")["href"] == "mailto:quartiere@m-i-n.net"


def test_follow_up_page_is_linked(client, seed_report, report_index):
    follow_up = report_index.get_children().live().exclude(pk=seed_report.pk).first()
    seed_report.follow_up_page = follow_up
    seed_report.save_revision().publish()
    html = client.get(seed_report.url).content.decode()
    assert f'href="{follow_up.url}"' in html


def test_participant_groups_query_count_does_not_grow(seed_report, django_assert_max_num_queries):
    seed_report.refresh_from_db()
    restricted_paths(), german_locale_id()  # the site frame, read once per request anyway
    with django_assert_max_num_queries(1):
        groups = seed_report.participant_groups()
        profiles = [link.organisation.profile_page for _kind, links in groups for link in links]
    assert sum(len(links) for _kind, links in groups) == 24
    assert len([profile for profile in profiles if profile]) == 5  # 3 initiatives, 2 groups


def test_english_interface_keeps_german_content(client, seed_report):
    with translation.override("en"):
        url = seed_report.get_url()
    assert url.startswith("/en/")
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert "City departments" in html
    assert "about 2 hours" in html
    assert "January 2023" in html
    assert CHALLENGES[0] in html


def test_same_organisation_twice_is_refused(seed_report):
    from django.core.exceptions import ValidationError

    duplicate = ReportParticipant(
        page=seed_report, organisation=Organisation.objects.get(name=SOCIAL_DEPARTMENT)
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
