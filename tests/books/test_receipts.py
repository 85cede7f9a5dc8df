"""Donation receipts: the official model's fields, read back from the PDF; never two receipts
for one donation; only while the exemption notice is at most five years old."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from books import receipts
from books.models import Receipt
from books.receipts import ReceiptRefused, issue_collective, issue_single
from donations.models import Payment, ReceiptSettings

BERLIN = datetime.timezone(datetime.timedelta(hours=1))


def pdf_pages(receipt):
    return [
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(receipt.pdf)).pages
    ]


@pytest.fixture
def pay(new_donation, django_capture_on_commit_callbacks):
    """A paid donation in the ledger: (amount, day) → its payment."""
    count = iter(range(1000))

    def pay(amount, day, donation=None, **fields):
        donation = donation or new_donation(amount=amount, **fields)
        return Payment.objects.create(
            donation=donation,
            stripe_id=f"pi_{next(count)}",
            status=Payment.Status.PAID,
            amount=Decimal(amount),
            paid_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=BERLIN),
        )

    return pay


@pytest.fixture
def issued(django_capture_on_commit_callbacks):
    """Run an issuing call and the mail its transaction queues."""

    def issued(function, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args)

    return issued


@time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=BERLIN))
def test_a_single_receipt_states_every_field_of_the_model(pay, issued):
    payment = pay("1234.56", datetime.date(2026, 3, 14))
    receipt = issued(issue_single, payment)
    (text,) = pdf_pages(receipt)  # one A4 page
    expected_in_order = [
        f"Nr. {receipt.number}",
        "Bestätigung über Geldzuwendungen",
        "im Sinne des § 10b des Einkommensteuergesetzes",
        "Aussteller (Bezeichnung und Anschrift der steuerbegünstigten Einrichtung)",
        "Die BürgerStiftung München (Beispieldaten) Musterstraße 1 80331 München",
        "Name und Anschrift des Zuwendenden",
        "Maria Beispiel Marienplatz 8 80331 München",
        "Betrag der Zuwendung – in Ziffern –",
        "1.234,56 €",
        "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent",
        "14.03.2026",
        "Verzicht auf Erstattung von Aufwendungen: Ja [ ] Nein [X]",
        "[X] Wir sind wegen Förderung des Umweltschutzes (§ 52 Abs. 2 Satz 1 Nr. 8 AO)",
        "des Finanzamtes München, StNr. 143/000/00000, vom 02.06.2025 für den letzten "
        "Veranlagungszeitraum 2021 bis 2023",
        "nach § 5 Abs. 1 Nr. 9 des Körperschaftsteuergesetzes von der Körperschaftsteuer",
        "Es wird bestätigt, dass die Zuwendung nur zur Förderung des Umweltschutzes",
        "München, 25.11.2026",
        "maschinell erstellt und ist ohne Unterschrift gültig",
        "haftet für die entgangene Steuer",
        "länger als 5 Jahre",
    ]
    position = 0
    for field in expected_in_order:
        found = text.find(field, position)
        assert found >= 0, f"{field!r} missing or out of order in: {text}"
        position = found
    assert "Dank" not in text  # no thanks, no advertising on the receipt
    assert receipt.number == "2026-00001"  # the first of the year
    payment.refresh_from_db()
    assert payment.receipt == receipt
    (sent,) = mail.outbox
    assert sent.to == ["maria@example.org"]
    assert sent.attachments == [(receipt.filename, bytes(receipt.pdf), "application/pdf")]


@time_machine.travel(datetime.datetime(2027, 1, 10, 10, tzinfo=BERLIN))
def test_a_collective_receipt_sums_the_year_with_an_annex(pay, issued, new_donation):
    monthly = new_donation(amount="25", interval="monthly")
    for month in (1, 2, 3):
        pay("25", datetime.date(2026, month, 5), donation=monthly)
    refunded = pay("100", datetime.date(2026, 6, 1))
    refunded.amount_refunded = Decimal(40)
    refunded.save()
    pay("50", datetime.date(2025, 12, 31))  # another year
    pay("10", datetime.date(2026, 7, 1), email="someone.else@example.org")

    receipt = issued(issue_collective, "maria@example.org", 2026)
    assert receipt.total == Decimal(135)
    statement, annex = pdf_pages(receipt)
    assert "Sammelbestätigung über Geldzuwendungen" in statement
    assert "Gesamtbetrag der Zuwendung – in Ziffern –" in statement
    assert "135,00 € einhundertfünfunddreißig Euro 01.01.2026 – 31.12.2026" in statement
    assert "ist der Anlage zur Sammelbestätigung zu entnehmen" in statement
    assert (
        "keine weiteren Bestätigungen, weder formelle Zuwendungsbestätigungen noch "
        "Beitragsquittungen oder Ähnliches ausgestellt wurden und werden" in statement
    )
    assert f"Anlage zur Sammelbestätigung Nr. {receipt.number}" in annex
    for row in [
        "05.01.2026 Geldzuwendung nein 25,00 €",
        "05.02.2026 Geldzuwendung nein 25,00 €",
        "05.03.2026 Geldzuwendung nein 25,00 €",
        "01.06.2026 Geldzuwendung nein 60,00 €",
        "Gesamtsumme 135,00 €",
    ]:
        assert row in annex
    assert receipt.payments.count() == 4

    with pytest.raises(ReceiptRefused, match="keine bezahlte Spende mehr"):
        issue_collective("maria@example.org", 2026)  # never twice
    with pytest.raises(ReceiptRefused):
        issue_single(refunded)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Payment.Status.PROCESSING}, "keine bezahlte Spende mehr"),
        ({"amount_refunded": Decimal(20)}, "keine bezahlte Spende mehr"),
        ({"dispute": Payment.Dispute.OPEN}, "keine bezahlte Spende mehr"),
        ({"dispute": Payment.Dispute.LOST}, "keine bezahlte Spende mehr"),
    ],
)
def test_no_receipt_for_what_did_not_stay_paid(pay, change, message):
    payment = pay("20", datetime.date(2026, 3, 1))
    Payment.objects.filter(pk=payment.pk).update(**change)
    with pytest.raises(ReceiptRefused, match=message):
        issue_single(payment)
    assert Receipt.objects.count() == 0


def test_a_won_dispute_no_longer_blocks(pay):
    payment = pay("20", datetime.date(2026, 3, 1))
    Payment.objects.filter(pk=payment.pk).update(dispute=Payment.Dispute.WON)
    assert issue_single(payment).total == Decimal(20)


def test_no_receipt_without_the_postal_address(pay):
    payment = pay("20", datetime.date(2026, 3, 1), street="", postcode="", city="")
    with pytest.raises(ReceiptRefused, match="Postanschrift"):
        issue_single(payment)


def test_no_receipt_while_the_legal_data_is_incomplete(pay):
    ReceiptSettings.objects.update(tax_number="")
    with pytest.raises(ReceiptRefused, match="fehlt: Steuernummer"):
        issue_single(pay("20", datetime.date(2026, 3, 1)))


@pytest.mark.parametrize(
    ("today", "allowed"),
    [(datetime.date(2026, 11, 25), True), (datetime.date(2026, 11, 26), False)],
)
def test_receipts_only_while_the_exemption_notice_is_at_most_five_years_old(pay, today, allowed):
    ReceiptSettings.objects.update(exemption_notice_date=datetime.date(2021, 11, 25))
    payment = pay("20", datetime.date(2026, 3, 1))
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(9), tzinfo=BERLIN)):
        if allowed:
            assert issue_single(payment)
        else:
            with pytest.raises(ReceiptRefused, match="älter als fünf Jahre"):
                issue_single(payment)


def test_the_command_issues_the_years_receipts_to_donors_who_asked(
    pay, django_capture_on_commit_callbacks
):
    pay("30", datetime.date(2026, 2, 1), wants_receipt=True, email="a@example.org")
    pay("40", datetime.date(2026, 5, 1), wants_receipt=True, email="a@example.org")
    pay("50", datetime.date(2026, 5, 1), email="b@example.org")  # did not ask
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_donation_receipts", "2026", stdout=output)
    (receipt,) = Receipt.objects.all()
    assert (receipt.email, receipt.total, receipt.kind) == ("a@example.org", 70, "collective")
    assert "1 receipts for 2026 issued." in output.getvalue()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]

    call_command("issue_donation_receipts", "2026", "--email", "b@example.org", stdout=output)
    assert Receipt.objects.count() == 2
    call_command("issue_donation_receipts", "2026", stdout=output)  # again: nothing new
    assert Receipt.objects.count() == 2


@time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=BERLIN))
@pytest.mark.parametrize("name", ["Łukasz Dąbrowski", "Ayşe Yılmaz", "Ivana Šimić", "Zoë Ørsted"])
def test_names_from_everywhere_are_written_as_they_are(pay, issued, name):
    receipt = issued(issue_single, pay("20", datetime.date(2026, 3, 1), name=name, city="Łódź"))
    assert name in pdf_pages(receipt)[0]
    assert "Łódź" in pdf_pages(receipt)[0]


@time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=BERLIN))
def test_one_receipt_that_fails_does_not_stop_the_others(pay, monkeypatch, caplog):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        pay("30", datetime.date(2026, 2, 1), wants_receipt=True, email=email)
    render = receipts.render

    def fails_for_b(receipt, *args):
        if receipt.email == "b@example.org":
            raise RuntimeError("broken font")
        return render(receipt, *args)

    monkeypatch.setattr(receipts, "render", fails_for_b)
    issued, refused = receipts.issue_year(2026)
    assert sorted(r.email for r in issued) == ["a@example.org", "c@example.org"]
    assert [address for address, _reason in refused] == ["b@example.org"]
    assert "could not be made" in caplog.text
    assert not Payment.objects.filter(donation__email="b@example.org", receipt__isnull=False)
