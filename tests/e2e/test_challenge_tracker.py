"""From a report to what happens next: a visitor follows a challenge from the seed report to its
page on the tracker, and on to the department responsible and its checklists."""

import re

import pytest
from playwright.sync_api import expect

from tests.demo_records import KVR
from tests.seed import CHALLENGES

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_report_to_challenge_to_responsible_department(web, site):
    web.goto(f"{site}/berichte/werkstattgespraech-nachhaltige-quartiere/")
    web.locator("ol.challenges").get_by_role("link", name=CHALLENGES[0]).click()

    expect(web).to_have_url(re.compile(r"/herausforderungen/[\w-]+/$"))
    expect(web.get_by_role("heading", level=1)).to_have_text(CHALLENGES[0])
    facts = web.locator(".facts")
    expect(facts).to_contain_text("Offen")
    expect(
        facts.get_by_role("link", name=re.compile("Genehmigungen für Nachbarschaftsaktionen"))
    ).to_be_visible()
    expect(web.locator("#history-heading + ol li")).to_have_count(2)

    involved = web.locator(".report__section", has=web.locator("#involved-heading"))
    involved.get_by_role("link", name=KVR).click()

    expect(web).to_have_url(re.compile(r"/wer-ist-zustaendig/referate/\d+/$"))
    expect(web.get_by_role("heading", level=1)).to_have_text(KVR)
    responsible = web.locator("#responsible-heading + ul")
    expect(responsible).to_contain_text("Gemeinschaftskühlschrank")
    responsible.get_by_role("link", name="Straßenfest").click()

    expect(web.get_by_role("heading", level=1)).to_have_text("Straßenfest")
    # The checklist can be ticked and printed (the button needs JavaScript, so it shows then).
    first = web.locator(".checks input[type=checkbox]").first
    first.check()
    expect(first).to_be_checked()
    expect(web.get_by_role("button", name="Checkliste drucken")).to_be_visible()
    web.emulate_media(media="print")
    expect(web.locator(".site-header")).to_be_hidden()
    expect(web.get_by_role("button", name="Checkliste drucken")).to_be_hidden()


def test_guide_search_and_funding_filters(web, site):
    web.goto(f"{site}/wer-ist-zustaendig/")
    web.get_by_label("Was haben Sie vor?").fill("Hoffest")
    web.get_by_role("main").get_by_role("button", name="Suche").click()
    expect(web.locator("main .card__title")).to_have_text(["Straßenfest"])

    web.goto(f"{site}/foerderungen/")
    web.get_by_label("Stadtbezirk", exact=True).select_option(label="Laim")
    web.get_by_role("button", name="Filtern").click()
    titles = web.locator("main .card__title")
    expect(titles).to_have_count(2)  # the two for the whole city, not the Giesing/Westend fund
    expect(web.get_by_role("main")).not_to_contain_text("Quartiersfonds")
