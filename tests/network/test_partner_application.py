"""Applying as an alliance partner: stored once, confirmed, the office notified."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from network.models import PartnerApplication, PartnerApplicationPage
from tests.factories import application_entries as valid_data


@pytest.fixture
def page(db):
    return PartnerApplicationPage.objects.get()


@pytest.fixture
def post(submit_form, page):
    return lambda **overrides: submit_form(page.url, valid_data(**overrides))


def test_application_is_stored_confirmed_and_the_office_told(post, client, page, site_settings):
    response = post()
    assert response.status_code == 302
    assert page.thank_you in client.get(response["Location"]).content.decode()

    application = PartnerApplication.objects.get()
    assert application.organisation_name == "Repair Café Sendling"
    assert application.email == "jonas@example.org"
    assert application.website == "https://repaircafe-sendling.example.org"
    assert application.get_district_display() == "Sendling"
    assert application.page == page
    assert application.status == "new"

    confirmation, notification = mail.outbox
    assert confirmation.to == ["jonas@example.org"]
    assert "Repair Café Sendling" not in confirmation.subject + confirmation.body
    assert notification.to == [site_settings.contact_email]
    assert notification.reply_to == ["jonas@example.org"]
    assert "Stadtbezirk: Sendling" in notification.body
    assert notification.alternatives[0].mimetype == "text/html"


def test_office_address_follows_the_site_settings(post, site_settings):
    site_settings.contact_email = "bewerbungen@m-i-n.net"
    site_settings.save()
    post()
    assert mail.outbox[1].to == ["bewerbungen@m-i-n.net"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organisation_name": "   "}, "organisation_name"),
        ({"sector": "government"}, "sector"),
        ({"website": "nicht eine adresse"}, "website"),
        ({"district": "26"}, "district"),
        ({"email": "jonas@"}, "email"),
        ({"offers": ""}, "offers"),
        ({"consent": ""}, "consent"),
    ],
)
def test_invalid_input_is_shown_at_its_field_and_nothing_is_stored(post, overrides, field):
    response = post(**overrides)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"[name={field}]")["aria-invalid"] == "true"
    assert soup.find(id=f"id_{field}_error").get_text(strip=True)
    assert PartnerApplication.objects.count() == 0
    assert mail.outbox == []


def test_resubmitting_stores_one_application(post):
    post()
    post(organisation_name="Repair Café Sendling")
    assert PartnerApplication.objects.count() == 1
    assert len(mail.outbox) == 2
