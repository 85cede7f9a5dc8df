"""Bank statements into the ledger: camt.053 of several banks' shapes and a CSV export, the
matching rules, a statement imported twice, returned debits, foreign currency, and broken
files as form errors."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from books.models import BankEntry, Receipt
from books.offline import Import
from books.receipts import issue_single
from books.statements import read_statement
from cms.tables import ImportFileError
from donations.models import Donation, Payment
from tests.helpers import staff

from . import camt
from .camt import credit

Status = BankEntry.Status


@pytest.fixture
def finance(client, db):
    return staff(client, "kasse", Group.objects.get(name="Finance"))


def paid(donation):
    """The donation, paid: its donor has given before."""
    Payment.objects.create(
        donation=donation, source=Payment.Source.HAND, status=Payment.Status.PAID,
        amount=donation.amount, paid_at=donation.created_at,
    )  # fmt: skip
    return donation


@pytest.fixture
def donors(new_donation):
    """Donors the ledger knows: one online, one whose IBAN Finance confirmed, a name with
    letters beyond ASCII, and two people of the same name."""
    maria = paid(new_donation(name="Maria Beispiel", email="maria@example.org"))
    jonas = Donation.objects.create(
        channel=Donation.Channel.TRANSFER,
        amount=Decimal(20),
        interval="once",
        status=Donation.Status.PAID,
        name="Jonas Huber",
        email="jonas@example.org",
        street="Lindwurmstraße 1",
        postcode="80337",
        city="München",
        iban="DE89370400440532013000",
        iban_confirmed=True,
    )
    lukasz = paid(new_donation(name="Łukasz Dąbrowski", email="lukasz@example.org"))
    paid(new_donation(name="Thomas Müller", email="thomas.mueller@example.org"))
    paid(new_donation(name="Thomas Müller", email="t.mueller@example.org", postcode="81667"))
    return {"maria": maria, "jonas": jonas, "lukasz": lukasz}


def imported(xml, name="auszug.xml"):
    return Import(read_statement(camt.upload(xml, name))).run()


@pytest.mark.parametrize("shape", ["sparkasse", "volksbank", "plain"])
def test_credits_go_to_their_donors_by_reference_or_a_confirmed_iban(donors, shape):
    maria = donors["maria"]
    lines = [
        credit("50.00", "MARIA BEISPIEL", "DE75512108001245126199",
               f"Spende {maria.transfer_reference.lower()} Danke fuer Ihre Arbeit im Viertel"),
        credit("20.00", "Jonas Huber", "DE89 3704 0044 0532 0130 00", "Dauerauftrag"),
        credit("15.00", "DABROWSKI, LUKASZ", "PL61109010140000071219812874", "darowizna"),
        credit("30.00", "Erika Mustermann", "DE12500105170648489890", "Spende MIN"),
        credit("40.00", "Thomas Mueller", "DE27100777770209299700", "Spende"),
        credit("850.00", "Hausverwaltung Schmid", "DE91100000000123456789", "Miete", debit=True),
    ]  # fmt: skip
    result = imported(camt.statement(lines, shape=shape))

    assert (result.counts["matched"], result.counts["review"], result.counts["other"]) == (2, 3, 1)
    booked = {
        entry.name: (entry.matched_by, entry.payment.donation.email, entry.payment.amount)
        for entry in BankEntry.objects.filter(status=Status.MATCHED).select_related(
            "payment__donation"
        )
    }
    assert booked == {
        "MARIA BEISPIEL": ("reference", "maria@example.org", Decimal(50)),
        "Jonas Huber": ("iban", "jonas@example.org", Decimal(20)),
    }
    waiting = set(BankEntry.objects.filter(status=Status.REVIEW).values_list("name", flat=True))
    # Unknown; a name alone (even one only one donor has) is no proof.
    assert waiting == {"Erika Mustermann", "Thomas Mueller", "DABROWSKI, LUKASZ"}
    assert not BankEntry.objects.filter(name="Hausverwaltung Schmid").exists()  # not a gift
    payment = Payment.objects.get(bank_entry__name="MARIA BEISPIEL")
    assert (payment.source, payment.status) == (Payment.Source.BANK, Payment.Status.PAID)
    assert payment.paid_at.date() == datetime.date(2026, 11, 3)
    # Maria's transfers are kept under her transfer IBAN, which only Finance confirms.
    assert payment.donation.channel == Donation.Channel.TRANSFER
    assert payment.donation.iban == "DE75512108001245126199"
    assert not payment.donation.iban_confirmed
    assert payment.donation.street == maria.street  # her details, for her receipts


@pytest.mark.parametrize("shape", ["sparkasse", "volksbank", "plain"])
def test_the_same_statement_imported_twice_changes_nothing(donors, shape):
    twins = [credit("10.00", "Jonas Huber", "DE89370400440532013000", "Spende")] * 2
    xml = camt.statement(twins, shape=shape)
    first = imported(xml)
    assert first.counts["matched"] == 2  # two equal gifts on one day are two gifts
    again = imported(xml)
    assert (again.counts["known"], again.counts["matched"]) == (2, 0)
    assert Payment.objects.filter(source=Payment.Source.BANK).count() == 2
    next_day = [credit("10.00", "Jonas Huber", "DE89370400440532013000", "Spende", "2026-11-04")]
    assert imported(camt.statement(next_day, shape=shape, message="STMT-2")).counts["matched"] == 1


def test_a_batch_entry_is_split_into_its_gifts(donors):
    batch = credit("0", debit=False, batch=[
        credit("12.00", "Jonas Huber", "DE89370400440532013000", "Spende"),
        credit("8.00", "Erika Mustermann", "DE12500105170648489890", "Spende"),
    ])  # fmt: skip
    result = imported(camt.statement([batch], shape="volksbank"))
    assert (result.counts["matched"], result.counts["review"]) == (1, 1)
    assert set(BankEntry.objects.values_list("amount", flat=True)) == {Decimal(12), Decimal(8)}


def test_a_returned_debit_undoes_its_credit_and_flags_the_receipt(
    donors, django_capture_on_commit_callbacks
):
    gift = credit("120.00", "Jonas Huber", "DE89370400440532013000", "Spende", end_to_end="E2E-77")
    imported(camt.statement([gift]))
    payment = Payment.objects.get(source=Payment.Source.BANK)
    with django_capture_on_commit_callbacks(execute=True):
        receipt = issue_single(payment)

    returned = credit("120.00", "Jonas Huber", "DE89370400440532013000", "RUECKLASTSCHRIFT",
                      "2026-11-10", debit=True, reversal=True, end_to_end="E2E-77",
                      return_reason="MD06")  # fmt: skip
    stray = credit("35.00", "Unbekannt", "DE44500105175407324931", "RETOURE", "2026-11-10",
                   debit=True, gvc="159")  # fmt: skip
    result = imported(camt.statement([returned, stray], message="STMT-2026-11-10"))

    assert (result.counts["return"], result.counts["review"]) == (1, 1)
    payment.refresh_from_db()
    assert payment.net_amount == 0
    receipt.refresh_from_db()
    assert receipt.flagged_at is not None
    assert "Rücklastschrift" in receipt.flag_reason and "03.11.2026" in receipt.flag_reason
    back = BankEntry.objects.get(is_return=True, status=Status.RETURN)
    assert back.returns.payment == payment
    assert BankEntry.objects.get(name="Unbekannt").status == Status.REVIEW  # no credit of its own


def test_foreign_currency_is_not_booked(donors):
    lines = [
        credit("100.00", "Jonas Huber", "DE89370400440532013000", "Spende", currency="USD"),
        credit("5.00", "Jonas Huber", "DE89370400440532013000", "Spende"),
    ]
    result = imported(camt.statement(lines))
    ((line, reason),) = result.rejected
    assert (line.amount, "USD" in reason) == (Decimal(100), True)
    assert list(Payment.objects.filter(source="bank").values_list("amount", flat=True)) == [5]
    with pytest.raises(ImportFileError, match="USD"):
        read_statement(camt.upload(camt.statement(lines, currency="USD")))


SPARKASSE_CSV = (
    '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";'
    '"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";'
    '"Waehrung";"Info"\n'
    '"DE02701500000000594937";"03.11.26";"03.11.26";"GUTSCHR. UEBERWEISUNG";'
    '"=HYPERLINK(""http://x"") Spende";"Jonas Huber";"DE89370400440532013000";"COBADEFFXXX";'
    '"1.234,50";"EUR";"Umsatz gebucht"\n'
    '"DE02701500000000594937";"03.11.26";"03.11.26";"LASTSCHRIFT";"Strom";"Stadtwerke";'
    '"DE91100000000123456789";"";"-80,00";"EUR";"Umsatz gebucht"\n'
)


def test_a_csv_export_is_read_as_the_fallback(donors):
    data = SPARKASSE_CSV.replace('"03.11.26"', '"03.11.2026"').encode("cp1252")
    statement = read_statement(camt.upload(data, "umsaetze.csv"))
    result = Import(statement).run()
    assert (result.counts["matched"], result.counts["other"]) == (1, 1)
    entry = BankEntry.objects.get()
    assert (entry.amount, entry.booked_on) == (Decimal("1234.50"), datetime.date(2026, 11, 3))
    assert entry.text.startswith("=HYPERLINK")  # kept as the bank wrote it; exports escape it
    assert Import(read_statement(camt.upload(data, "umsaetze.csv"))).run().counts["known"] == 1


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    "<Document><BkToCstmrStmt>&lol2;</BkToCstmrStmt></Document>"
)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("<Document><BkToCstmrStmt><Stmt>", "kaputt.xml", "kein camt.053"),
        (BILLION_LAUGHS, "lol.xml", "kein camt.053"),
        ("", "leer.csv", "leer"),
        ("Name;E-Mail\nMaria;maria@example.org\n", "liste.csv", "Buchungstag"),
        ("Buchungstag;Betrag\n03.11.2026;viel\n", "umsatz.csv", "Zeile 2"),
    ],
)
def test_a_file_that_is_no_statement_is_a_form_error_and_nothing_is_saved(
    finance, content, name, message
):
    response = finance.post(
        reverse("bank_entries:import"), {"statement": camt.upload(content, name)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BankEntry.objects.exists()


def test_finance_imports_then_reviews_what_matched_no_one(finance, donors):
    lines = [
        credit("30.00", "Erika Mustermann", "DE12500105170648489890", "Spende Ostpark"),
        credit("25.00", "Thomas Mueller", "DE27100777770209299700", "Spende"),
        credit("500.00", "Landeshauptstadt München", "DE26700500000000000000", "Zuschuss"),
    ]
    response = finance.post(
        reverse("bank_entries:import"), {"statement": camt.upload(camt.statement(lines))}
    )
    assert "3 Buchungen zu prüfen" in response.content.decode()
    erika, thomas, city = (BankEntry.objects.get(name=line["name"]) for line in lines)

    review = reverse("bank_entries:review", args=[thomas.pk])
    page = finance.get(review).content.decode()
    assert "t.mueller@example.org" in page and "thomas.mueller@example.org" in page
    chosen = Donation.objects.get(email="t.mueller@example.org")
    finance.post(review, {"action": "assign", "donation": chosen.pk})
    thomas.refresh_from_db()
    assert thomas.payment.donation.email == "t.mueller@example.org"

    finance.post(
        reverse("bank_entries:review", args=[erika.pk]),
        {"action": "new", "name": "Erika Mustermann", "street": "Ostpark 1", "postcode": "81735",
         "city": "München", "wants_receipt": "on"},
    )  # fmt: skip
    erika.refresh_from_db()
    assert erika.payment.donation.receipt_address == "Ostpark 1\n81735 München"
    finance.post(reverse("bank_entries:review", args=[city.pk]), {"action": "aside"})
    assert BankEntry.objects.get(pk=city.pk).status == Status.NOT_DONATION

    # What Finance decided is known next time: both now match by IBAN.
    again = [{**line, "day": "2026-12-01"} for line in lines[:2]]
    assert imported(camt.statement(again, message="STMT-2026-12-02")).counts["matched"] == 2
    assert Receipt.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
def test_two_treasurers_importing_one_statement_at_once_book_it_once(demo_site):
    Donation.objects.create(channel="transfer", amount=Decimal(5), interval="once",
                            status="paid", name="Jonas Huber",
                            iban="DE89370400440532013000", iban_confirmed=True)  # fmt: skip
    lines = [
        credit(f"{n}.00", "Jonas Huber", "DE89370400440532013000", "Spende") for n in (1, 2, 3)
    ]
    xml = camt.statement(lines)
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            statement = read_statement(camt.upload(xml))
            start.wait()
            results.append(Import(statement).run().counts)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(counts["matched"] for counts in results) == [0, 3]
    assert Payment.objects.filter(source="bank").count() == 3


# Money is never booked by a guess (books/offline.py).


def test_a_name_typed_into_the_form_and_left_at_checkout_gets_no_ones_money(finance, new_donation):
    """The reported attack: someone types "Erika Mustermann" into the donation form and
    leaves the checkout; Erika's transfer without a reference must not become theirs."""
    attacker = new_donation(name="Erika Mustermann", email="mallory@example.org")
    gift = credit("250.00", "Erika Mustermann", "DE12500105170648489890", "Spende")
    result = imported(camt.statement([gift]))
    assert (result.counts["matched"], result.counts["review"]) == (0, 1)
    assert not attacker.payments.exists()
    assert not Donation.objects.filter(iban="DE12500105170648489890").exists()
    entry = BankEntry.objects.get()
    page = finance.get(reverse("bank_entries:review", args=[entry.pk])).content.decode()
    assert "mallory@example.org" not in page  # not even offered
    # Next month, the same: nothing was learned from a guess.
    later = [{**gift, "day": "2026-12-03"}]
    assert imported(camt.statement(later, message="STMT-2")).counts["review"] == 1


def test_a_namesake_lands_in_review_with_the_known_donor_offered(finance, new_donation):
    known = paid(new_donation(name="Erika Mustermann", email="erika@example.org"))
    other = credit("40.00", "ERIKA MUSTERMANN", "DE02120300000000202051", "Spende")
    result = imported(camt.statement([other]))
    assert result.counts["review"] == 1
    assert not known.payments.filter(source=Payment.Source.BANK).exists()
    entry = BankEntry.objects.get()
    page = finance.get(reverse("bank_entries:review", args=[entry.pk])).content.decode()
    assert "erika@example.org" in page  # a suggestion; Finance decides


@pytest.mark.parametrize(
    "amount", ["NaN", "sNaN", "Infinity", "-Infinity", "1E+30", "12345678901234.00", " "]
)
def test_an_amount_no_bank_writes_is_a_form_error(finance, amount):
    xml = camt.statement([credit("7.77", "Erika Mustermann", "DE12500105170648489890", "x")])
    xml = xml.replace("7.77", amount)  # as a broken or hostile file has it
    response = finance.post(reverse("bank_entries:import"), {"statement": camt.upload(xml)})
    assert response.status_code == 400
    assert "Betrag" in response.content.decode()
    assert not BankEntry.objects.exists()


def test_an_amount_larger_than_the_ledger_holds_in_a_csv_is_a_form_error(finance):
    data = SPARKASSE_CSV.replace('"1.234,50"', '"123.456.789.012,00"').encode("cp1252")
    response = finance.post(
        reverse("bank_entries:import"), {"statement": camt.upload(data, "umsaetze.csv")}
    )
    assert response.status_code == 400
    assert "Zeile 2" in response.content.decode()
    assert not BankEntry.objects.exists()
