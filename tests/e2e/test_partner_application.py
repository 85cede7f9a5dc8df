"""An organisation applies as a partner; the office finds the application in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from network.models import PartnerApplication

pytestmark = pytest.mark.django_db(transaction=True)


def office_group():
    """The Office group as its migration creates it; a flush between browser tests removes
    migration data, so it is made again here when missing."""
    office, created = Group.objects.get_or_create(name="Office")
    if created:
        office.permissions.add(
            *Permission.objects.filter(
                codename__in=[
                    "access_admin",
                    "view_partnerapplication",
                    "change_partnerapplication",
                    "view_manufaktursignup",
                    "change_manufaktursignup",
                ]
            )
        )
    return office


def test_apply_then_find_it_as_office(web, site, settings, sign_in_to_admin):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(f"{site}/mitmachen/buendnispartner-werden/")
    form = web.locator("#bewerbung")  # the footer has a form of its own
    web.get_by_label("Organisation", exact=True).fill("Repair Café Sendling")
    web.get_by_label("Bereich").select_option("civil_society")
    web.get_by_label("Stadtbezirk", exact=True).select_option(label="Sendling")
    web.get_by_label("Ansprechperson").fill("Jonas Beispiel")
    form.get_by_label("E-Mail-Adresse").fill("jonas@example.org")
    web.get_by_label("Was bringt Ihre Organisation").fill("Monatliche Reparaturtreffen")
    web.get_by_label("Was wünscht sich Ihre Organisation").fill("Kontakte")
    web.get_by_role("button", name="Bewerbung senden").click()

    # Without consent the form comes back with the error at the checkbox, entries kept.
    consent = web.get_by_label("Ich bin einverstanden")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(web.get_by_label("Ansprechperson")).to_have_value("Jonas Beispiel")
    consent.check()
    web.get_by_role("button", name="Bewerbung senden").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Danke")
    assert PartnerApplication.objects.get().organisation_name == "Repair Café Sendling"

    user = get_user_model().objects.create_user("buero", "buero@example.org", "geheim-123")
    user.groups.add(office_group())
    sign_in_to_admin(web, user, "geheim-123")
    web.goto(f"{site}/admin/bewerbungen/")
    row = web.get_by_role("row", name="Repair Café Sendling")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Jonas Beispiel")
