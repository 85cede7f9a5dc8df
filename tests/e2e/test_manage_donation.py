"""'Spende verwalten' on a phone: from the donation page to the link by mail, the donor's page
with the receipt to download, the address for the next receipt and Stripe's portal."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from books.receipts import issue_single
from cms.pages import german
from donations.models import Donation, DonationPage, Payment
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_donor_finds_her_receipt_and_her_monthly_donation(web, site, settings, stripe_server):
    settings.FORM_MIN_FILL_SECONDS = 0
    page = german(DonationPage.objects).get()
    common = {
        "page": page,
        "name": "Zofia Łukasiewicz",
        "email": "zofia@example.org",
        "street": "Tal 3",
        "postcode": "80331",
        "city": "München",
        "wants_receipt": True,
    }
    once = Donation.objects.create(amount=Decimal(80), interval="once", status="paid", **common)
    Donation.objects.create(
        amount=Decimal(15),
        interval="monthly",
        status="active",
        customer_id="cus_zofia",
        subscription_id="sub_zofia",
        **common,
    )
    payment = Payment.objects.create(
        donation=once, stripe_id="pi_zofia", status="paid", amount=Decimal(80),
        paid_at=datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC),
    )  # fmt: skip
    receipt = issue_single(payment)
    mail.outbox.clear()

    web.set_viewport_size({"width": 390, "height": 844})
    web.goto(f"{site}/mitmachen/spenden/")
    web.get_by_role("link", name=re.compile("Spende verwalten")).click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Spende verwalten")
    assert_accessible(web)
    web.get_by_label("E-Mail-Adresse, die Sie bei Ihrer Spende angegeben haben").fill(
        "Zofia@example.org"
    )
    web.get_by_role("button", name="Link zusenden").click()
    expect(web.get_by_role("status")).to_contain_text("ist jetzt ein Link zu Ihrer Seite")

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/spende-verwalten/\S+/", message.body)[0]
    web.goto(site + urlsplit(link).path)
    expect(web.get_by_role("heading", level=1)).to_have_text("Ihre Spenden")
    expect(web.locator("main")).to_contain_text("80,00 € am 04.05.2026")
    with web.expect_download() as download:
        web.get_by_role("link", name=re.compile(receipt.number)).click()
    assert download.value.suggested_filename == receipt.filename
    assert_accessible(web)

    web.get_by_label("Straße und Hausnummer").fill("Sendlinger Straße 12")
    web.get_by_role("button", name="Speichern").click()
    expect(web.get_by_role("status")).to_contain_text("Ihre nächste Bestätigung")
    assert set(Donation.objects.values_list("street", flat=True)) == {"Sendlinger Straße 12"}

    web.get_by_role("button", name="Bei Stripe ändern oder beenden").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Stripe Kundenportal")
