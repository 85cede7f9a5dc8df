"""The bank account is always on the donation page: holder, IBAN, BIC, a suggested reference and
a GiroCode (EPC QR) that banking apps scan, read back here as they read it; without online
payments it is the page's main way to give, and the page does not invite to itself."""

import io
from decimal import Decimal

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from PIL import Image

from cms.pages import german
from donations.girocode import girocode, validate_iban
from donations.models import DonationPage

IBAN = "DE89 3704 0044 0532 0130 00"


@pytest.fixture
def page(db):
    page = german(DonationPage.objects).get()
    page.account_holder = "BürgerStiftung München"
    page.iban, page.bic, page.reference = IBAN, "COBADEFFXXX", "Spende MIN Quartiere"
    page.save_revision().publish()
    return german(DonationPage.objects).get(pk=page.pk)


def scanned(code):
    """The GiroCode's text as a banking app reads it off the screen, by its EPC lines."""
    out = io.BytesIO()
    code.save(out, kind="png", scale=6)
    out.seek(0)
    (found,) = zxingcpp.read_barcodes(Image.open(out))
    return found.text.split("\n")


def test_the_girocode_carries_the_transfer_as_the_epc_defines_it(page):
    lines = scanned(girocode(page))
    assert lines[:4] == ["BCD", "002", "1", "SCT"]  # service tag, version, UTF-8, transfer
    assert lines[4:7] == ["COBADEFFXXX", "BürgerStiftung München", "DE89370400440532013000"]
    assert lines[7] == ""  # no amount: the donor enters one
    assert lines[-1] == "Spende MIN Quartiere"
    assert scanned(girocode(page, amount=Decimal("25.5")))[7] == "EUR25.50"


def test_the_page_shows_the_account_and_the_code_for_everyone(client, page, settings):
    settings.STRIPE_SECRET_KEY = ""
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    bank = soup.select_one("#ueberweisung")
    facts = {dt.get_text(): dt.find_next("dd").get_text(strip=True) for dt in bank.select("dt")}
    assert facts == {
        "Kontoinhaber": "BürgerStiftung München",
        "IBAN": "DE89 3704 0044 0532 0130 00",
        "BIC": "COBADEFFXXX",
        "Verwendungszweck": "Spende MIN Quartiere",
    }
    assert bank.select_one(".girocode svg title").get_text() == "GiroCode"
    # Without online payments the transfer comes first, and the page says so.
    sections = [s["id"] for s in soup.select("main section[id]")]
    assert sections.index("ueberweisung") < sections.index("spende")
    assert "per Überweisung" in soup.select_one("#spende [role=status]").get_text()


def test_with_online_payments_the_account_follows_the_form(client, page, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    sections = [s["id"] for s in soup.select("main section[id]")]
    assert sections.index("spende") < sections.index("ueberweisung")


def test_the_code_with_the_chosen_amount(client, page):
    answer = client.get(f"{page.url}girocode/2550/")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"
    assert answer.content.decode() == page.girocode(amount=Decimal("25.50"))
    for cents in (0, 99, 10**9):
        assert client.get(f"{page.url}girocode/{cents}/").status_code == 404


def test_no_account_no_section_and_no_code(client, db):
    page = german(DonationPage.objects).get()
    assert page.iban == ""
    assert (
        BeautifulSoup(client.get(page.url).content, "html.parser").select_one("#ueberweisung")
        is None
    )
    assert client.get(f"{page.url}girocode/2500/").status_code == 404


@pytest.mark.parametrize(
    "iban", ["DE89 3704 0044 0532 0130 01", "DE8937", "XX89370400440532013000!"]
)
def test_a_wrong_iban_is_refused(iban):
    with pytest.raises(ValidationError):
        validate_iban(iban)
    validate_iban(IBAN)


def test_the_donation_page_does_not_invite_to_itself(client, page, home):
    donate = "/mitmachen/spenden/"
    on_home = BeautifulSoup(client.get(home.url).content, "html.parser")
    assert on_home.select_one(f'.participate a[href="{donate}"]')
    on_page = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert on_page.select_one(f'.participate a[href="{donate}"]') is None
    assert on_page.select(".participate li")  # the other ways to take part stay
