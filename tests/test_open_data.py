"""The open data API: every endpoint answers JSON to every origin and may be cached; no one who
filled in a form on the site appears in it; a list costs the same queries however long it is;
schema.org data for reports and profiles."""

import json
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from challenges.models import Challenge, ChallengeNote
from cms.views import OPEN_DATA
from network.models import InitiativePage
from organisations.models import Organisation
from tests.factories import FORM_PAGES, make_event, make_report
from tests.helpers import SEED_SLUG

PERSON = "Quirin Zebedäus"
EMAIL = "quirin.zebedaeus@example.org"


def test_each_endpoint_answers_every_origin_and_may_be_cached(db, client):
    docs = client.get("/offene-daten/").content.decode()
    for _label, address in OPEN_DATA:
        assert address.replace("&", "&amp;") in docs
        response = client.get(address, HTTP_ORIGIN="https://stadt.muenchen.example")
        assert response.status_code == 200, address
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cache-Control"] == "public, max-age=300"
        assert json.loads(response.content)["meta"]["total_count"] > 0, address
    assert client.post("/api/v2/challenges/").status_code == 405  # read-only


def test_a_report_lists_its_challenges_results_and_participants(db, client):
    report = client.get(f"/api/v2/pages/?type=reports.ReportPage&slug={SEED_SLUG}&fields=*")
    (item,) = json.loads(report.content)["items"]
    assert item["date"] == "2023-01-24" and item["participant_count"] == 35
    challenge = item["challenge_links"][0]["challenge"]
    history = json.loads(client.get(challenge["meta"]["detail_url"]).content)
    assert history["title"] and isinstance(history["history"], list)
    assert {"id", "meta"} <= set(item["participant_links"][0]["organisation"])


def test_no_one_who_filled_in_a_form_appears_in_the_api(db, client, submit_form, stripe_server):
    """Every public form filled in by the same person, a challenge note written by an account
    of that name: then every list and every record the API has, searched for the person."""
    for find_page, entries in FORM_PAGES.values():
        person = {"email": EMAIL, "name": PERSON, "contact_name": PERSON}
        fields = {k: v for k, v in person.items() if k in entries() or k == "email"}
        answer = submit_form(find_page().url, entries(**fields))
        assert answer.status_code in (302, 303), find_page()
    author = get_user_model().objects.create_user("quirin", EMAIL, first_name="Quirin",
                                                  last_name="Zebedäus")  # fmt: skip
    ChallengeNote.objects.create(challenge=Challenge.objects.first(), status="open",
                                 text="Besprochen.", author=author)  # fmt: skip

    addresses = [address for _label, address in OPEN_DATA]
    addresses += ["/api/v2/pages/?limit=20", "/api/v2/pages/?limit=20&offset=20"]
    addresses += [f"/api/v2/pages/{pk}/" for pk in Page.objects.live().values_list("pk", flat=True)]
    for endpoint, model in (("organisations", Organisation), ("challenges", Challenge)):
        addresses += [
            f"/api/v2/{endpoint}/{pk}/" for pk in model.objects.values_list("pk", flat=True)
        ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (200, 404), address  # 404: a page not public
        text = response.content.decode().lower()
        for needle in (
            "zebed",
            "quirin",
            "maria beispiel",
            "jonas beispiel",
            "nowak",
            "@example.org",
        ):
            assert needle not in text, (needle, address)


@pytest.mark.parametrize(
    "address",
    [
        "/api/v2/pages/?type=reports.ReportPage&fields=*",
        "/api/v2/pages/?type=events.EventPage&fields=*",
        "/api/v2/pages/?type=funding.FundingProgrammePage&fields=*",
        "/api/v2/challenges/",
        "/api/v2/organisations/",
        "/api/v2/departments/",
    ],
)
def test_a_list_costs_the_same_queries_however_long(client, report_index, event_index, address):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    queries()  # the first asks for what is kept after (content types, the site's root paths)
    before = queries()
    organisations = [Organisation.objects.create(name=f"Initiative {n}", kind="initiative")
                     for n in range(4)]  # fmt: skip
    departments = [Organisation.objects.create(name=f"Referat {n}", kind="city_department")
                   for n in range(3)]  # fmt: skip
    for n in range(3):
        challenge = Challenge.objects.create(title=f"Herausforderung {n}")
        challenge.organisations.add(*organisations[:2], departments[n])
        ChallengeNote.objects.create(challenge=challenge, status="open", text="Neu.")
        make_report(report_index, f"Bericht {n}", day=date(2025, 1, n + 1),
                    challenges=[challenge], participants=organisations[:3])  # fmt: skip
        make_event(event_index, f"Treffen {n}", organisers=organisations[:2])
    queries()  # again after the change
    assert queries() == before


def test_reports_and_profiles_carry_schema_org_data(client, seed_report):
    def json_ld(url):
        html = client.get(url).content.decode()
        return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                    re.S)[1])  # fmt: skip

    article = json_ld(seed_report.url)
    assert article["@type"] == "Article" and article["headline"] == seed_report.title
    assert article["datePublished"] == "2023-01-24"
    assert {"@type": "Organization", "name": "Gesundheitsreferat"} in article["contributor"]
    assert article["about"][0]["name"]
    profile = InitiativePage.objects.live().first()
    organisation = json_ld(profile.url)
    assert organisation["@type"] == "Organization" and organisation["name"] == profile.title
    assert organisation["url"] == profile.full_url
