"""A visitor reaches the seed report from the home page and sees its structure."""

import re

import pytest
from playwright.sync_api import expect

from tests.seed import CHALLENGES

pytestmark = pytest.mark.django_db(transaction=True)

SEED_TITLE = "Werkstattgespräch mit der Stadtverwaltung über nachhaltige Quartiere"


def test_from_home_page_to_report(web, site):
    requests = []
    web.on("request", lambda request: requests.append(request.url))

    web.goto(site)
    expect(web.get_by_role("heading", level=1)).to_have_text(
        "Gemeinsam für ein nachhaltiges München"
    )
    web.get_by_role("link", name=SEED_TITLE).click()

    expect(web).to_have_url(re.compile(r"/berichte/werkstattgespraech-nachhaltige-quartiere/$"))
    expect(web.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)

    challenges = web.locator("ol.challenges li a")
    expect(challenges).to_have_text(CHALLENGES)
    for challenge in challenges.all():
        expect(challenge).to_be_visible()

    participants = web.locator(".participants")
    expect(
        participants.get_by_role("heading", name=re.compile("Referate der Stadt"))
    ).to_be_visible()
    expect(participants.locator("li")).to_have_count(24)
    expect(participants.get_by_text("Trudering im Wandel")).to_be_visible()

    assert requests, "the browser made no requests"
    assert all(url.startswith(site) for url in requests), requests


def test_phone_layout_has_no_horizontal_scroll(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    # Long German words in headings ("Nachbarschaftsaktionen") must wrap too.
    for path in (
        "/veranstaltungen/beispiel-werkstattgespraech-genehmigungen/",
        "/newsletter/",
        "/mitmachen/spenden/",
        "/berichte/werkstattgespraech-nachhaltige-quartiere/",
        # Longest names: a challenge, a checklist, every district in the funding filter.
        "/herausforderungen/ziel-und-interessenkonflikte-sowie-akzeptanz-der-bevolkerung/",
        "/wer-ist-zustaendig/gemeinschaftskuehlschrank/",
        "/foerderungen/",
    ):
        tab.goto(f"{site}{path}")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360, path
    tab.keyboard.press("Tab")
    skip = tab.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    context.close()
