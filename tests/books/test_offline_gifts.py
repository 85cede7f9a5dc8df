"""Gifts Finance records by hand, and bank transfers, in the ledger, the dashboard, the exports
and the receipts exactly like online gifts; a gift in kind gets the model's receipt for it."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from books.dashboard import month_totals
from books.models import BankEntry, Receipt
from books.offline import Import
from books.receipts import issue_single, issue_year
from books.statements import read_statement
from donations.models import Donation, Payment
from tests.helpers import staff

from . import camt

BERLIN = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=BERLIN)


def text_of(receipt):
    pages = PdfReader(io.BytesIO(receipt.pdf)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


@pytest.fixture
def finance(client, db):
    return staff(client, "kasse", Group.objects.get(name="Finance"))


def record(finance, **fields):
    data = {
        "name": "Anna Nowak",
        "street": "Ostpark 1",
        "postcode": "81735",
        "city": "München",
        "wants_receipt": "on",
        "date": "2026-11-14",
        "amount": "150,00",
        "kind": "money",
        **fields,
    }
    return finance.post(reverse("payments:record"), data)


@time_machine.travel(NOW)
def test_a_gift_recorded_by_hand_is_in_the_ledger_the_dashboard_and_the_export(finance):
    assert record(finance, email="Anna@Example.org", amount="1.150,00").status_code == 302
    payment = Payment.objects.get(source=Payment.Source.HAND)
    assert (payment.amount, payment.status, payment.recorded_by.username) == (
        Decimal(1150), Payment.Status.PAID, "kasse",
    )  # fmt: skip
    assert payment.donation.email == "anna@example.org"
    assert month_totals(timezone.localdate())[-1][1] == Decimal(1150)
    index = reverse("payments:index")
    assert "Anna Nowak" in finance.get(index, {"source": "hand"}).content.decode()
    body = b"".join(finance.get(index, {"export": "csv"}).streaming_content).decode()
    assert any("Von Hand erfasst,Geld," in row and "Anna Nowak" in row for row in body.splitlines())


@time_machine.travel(NOW)
def test_bad_entries_in_the_form_are_messages_and_nothing_is_recorded(finance):
    response = record(finance, date="2026-12-24", amount="-5", kind="in_kind", street="")
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "wenn sie eingegangen ist",
        "Für eine Sachspende nötig",
        "Zuwendungsbestätigung nötig",
    ):
        assert message in page
    assert not Payment.objects.exists() and not Donation.objects.filter(channel="recorded")


@time_machine.travel(NOW)
def test_a_gift_in_kind_gets_the_receipt_for_gifts_in_kind(
    finance, django_capture_on_commit_callbacks
):
    record(
        finance,
        kind="in_kind",
        amount="480",
        in_kind_description="Lastenrad „Bullitt“, 3 Jahre alt, guter Zustand, Kaufpreis 2.900 €",
        value_basis="private",
        valuation_documents="Kaufbeleg, Gutachten vom 10.11.2026",
    )
    payment = Payment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        receipt = issue_single(payment)
    assert receipt.kind == Receipt.Kind.IN_KIND
    (text,) = text_of(receipt)
    for part in (
        "Bestätigung über Sachzuwendungen",
        "Wert der Zuwendung – in Ziffern –",
        "480,00 €",
        "vierhundertachtzig Euro",
        "14.11.2026",
        "Lastenrad „Bullitt“, 3 Jahre alt",
        "[X] Die Sachzuwendung stammt nach den Angaben des Zuwendenden aus dem Privatvermögen.",
        "[ ] Die Sachzuwendung stammt nach den Angaben des Zuwendenden aus dem Betriebsvermögen",
        "[X] Geeignete Unterlagen, die zur Wertermittlung gedient haben",
        "Kaufbeleg, Gutachten",
    ):
        assert part in text, part
    assert "Verzicht auf Erstattung" not in text
    assert mail.outbox == []  # no email address: Finance posts it


@time_machine.travel(NOW)
def test_the_collective_receipt_sums_online_bank_and_cash_gifts_of_one_donor(
    new_donation, django_capture_on_commit_callbacks
):
    online = new_donation(amount="25", wants_receipt=True)
    Payment.objects.create(
        donation=online, stripe_id="pi_1", status="paid", amount=Decimal(25),
        paid_at=datetime.datetime(2025, 3, 1, 12, tzinfo=BERLIN),
    )  # fmt: skip
    gift = camt.credit("100.00", "Maria Beispiel", "DE75512108001245126199",
                       f"Spende {online.transfer_reference}", "2025-06-30")  # fmt: skip
    Import(read_statement(camt.upload(camt.statement([gift])))).run()
    cash = Donation.objects.create(
        channel="recorded", amount=Decimal(10), interval="once", status="paid",
        name="Maria Beispiel", email="MARIA@example.org", street="Marienplatz 8",
        postcode="80331", city="München", wants_receipt=True,
    )  # fmt: skip
    Payment.objects.create(donation=cash, source="hand", status="paid", amount=Decimal(10),
                           paid_at=datetime.datetime(2025, 9, 9, 12, tzinfo=BERLIN))  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        (receipt,), refused = issue_year(2025)
    assert refused == []
    assert receipt.total == Decimal(135)
    _first, annex = text_of(receipt)
    assert "01.03.2025 Geldzuwendung nein 25,00 €" in annex
    assert "30.06.2025 Geldzuwendung nein 100,00 €" in annex
    assert "09.09.2025 Geldzuwendung nein 10,00 €" in annex
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    assert BankEntry.objects.get().payment.receipt == receipt


@time_machine.travel(NOW)
def test_a_donor_without_email_gets_a_collective_receipt_by_post(
    db, django_capture_on_commit_callbacks
):
    for day, amount in ((datetime.date(2025, 2, 1), 40), (datetime.date(2025, 8, 1), 60)):
        donor = Donation.objects.create(
            channel="recorded", amount=Decimal(amount), interval="once", status="paid",
            name="Łucja Wójcik", street="Tal 3", postcode="80331", city="München",
            wants_receipt=True,
        )  # fmt: skip
        Payment.objects.create(donation=donor, source="hand", status="paid",
                               amount=Decimal(amount), paid_at=datetime.datetime.combine(
                                   day, datetime.time(12), tzinfo=BERLIN))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        (receipt,), _refused = issue_year(2025)
    assert (receipt.total, receipt.email, receipt.name) == (Decimal(100), "", "Łucja Wójcik")
    assert mail.outbox == []
    assert "Łucja Wójcik" in text_of(receipt)[0]
