"""Importing subscribers: a list is checked row by row (each bad row named with its line and
why), imported once; proofs of consent keep their provenance as given; rows without a proof
are not subscribed, and get one re-permission mail in one action; duplicates, invalid and
suppressed addresses are reported, never resurrected; a bad file is a message, never a 500."""

import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from newsletter.emails import REPERMISSION_MAIL, mail_version
from newsletter.imports import Outcome
from newsletter.models import ConsentRecord, Subscriber, SubscriberImport
from tests.helpers import staff

Status = Subscriber.Status
TEXT = "Ich möchte den Newsletter des Netzwerks erhalten."
HEADER = ["E-Mail", "Vorname", "Nachname", "Einwilligung am", "Einwilligungstext", "Quelle",
          "Interessen"]  # fmt: skip


@pytest.fixture
def office(client, db):
    staff(client, "buero", Group.objects.get(name="Office"))
    return client


@pytest.fixture
def on_the_list(db):
    for email, status in [
        ("dabei@example.org", Status.CONFIRMED),
        ("wartet@example.org", Status.PENDING),
        ("prallte@example.org", Status.BOUNCED),
        ("spam@example.org", Status.COMPLAINED),
        ("ging@example.org", Status.UNSUBSCRIBED),
    ]:
        Subscriber.objects.create(email=email, status=status, name="Vorher")


def csv_file(rows, header=HEADER, delimiter=";", encoding="utf-8", name="liste.csv"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), "text/csv")


def upload(client, file, source="Sommerfest-Liste 2025", consent_text=""):
    return client.post(
        reverse("newsletter_import:index"),
        {"file": file, "source": source, "consent_text": consent_text},
    )


def check(client, file, **kwargs):
    answer = upload(client, file, **kwargs)
    assert answer.status_code == 302, answer.context["form"].errors
    return SubscriberImport.objects.get(pk=answer["Location"].rstrip("/").rsplit("/", 1)[1])


ROWS = [
    ["Neu@Example.org", "Zofia", "Łukasiewicz", "01.03.2025", TEXT, "Stand am Sommerfest",
     "Veranstaltungen, Quartiere"],
    ["ohne@example.org", "Ohne", "Nachweis", "", "", "", ""],
    ["neu@example.org", "Doppelt", "", "2025-03-01", TEXT, "", ""],
    ["dabei@example.org", "Andere", "", "2025-03-01", TEXT, "", ""],
    ["wartet@example.org", "", "", "2025-03-01", TEXT, "", ""],
    ["prallte@example.org", "", "", "2025-03-01", TEXT, "", ""],
    ["spam@example.org", "", "", "2025-03-01", TEXT, "", ""],
    ["ging@example.org", "", "", "2025-03-01", TEXT, "", ""],
    ["keine-adresse", "", "", "", "", "", ""],
    ["formel@example.org", '=HYPERLINK("http://x.example","klick")', "", "", "", "", ""],
    ["datum@example.org", "", "", "32.13.2025", TEXT, "", ""],
    ["zukunft@example.org", "", "", "2099-01-01", TEXT, "", ""],
    ["thema@example.org", "", "", "2025-03-01", TEXT, "", "Gärtnern"],
    ["", "", "", "", "", "", ""],  # an empty row is no row
]  # fmt: skip


def test_a_list_is_checked_each_row_with_its_outcome_then_imported_once(
    office, on_the_list, django_capture_on_commit_callbacks
):
    batch = check(office, csv_file(ROWS))
    assert not Subscriber.objects.filter(email="neu@example.org").exists()  # checked only
    outcomes = {row["line"]: (row["outcome"], row["error"]) for row in batch.rows}
    assert {line: outcome for line, (outcome, _error) in outcomes.items()} == {
        2: Outcome.PROVEN, 3: Outcome.UNPROVEN, 4: Outcome.DUPLICATE, 5: Outcome.EXISTING,
        6: Outcome.EXISTING, 7: Outcome.SUPPRESSED, 8: Outcome.SUPPRESSED, 9: Outcome.SUPPRESSED,
        10: Outcome.INVALID, 11: Outcome.INVALID, 12: Outcome.INVALID, 13: Outcome.INVALID,
        14: Outcome.INVALID,
    }  # fmt: skip
    assert outcomes[10][1] == "keine E-Mail-Adresse"
    assert outcomes[11][1] == "eine Zelle beginnt wie eine Formel (=, +, -, @)"
    assert outcomes[12][1] == "das Einwilligungsdatum ist kein Datum"
    assert outcomes[13][1] == "das Einwilligungsdatum liegt in der Zukunft"
    assert outcomes[14][1] == "unbekanntes Interesse: Gärtnern"

    page = office.get(reverse("newsletter_import:detail", args=[batch.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    figures = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in soup.select(".import-outcomes tr")
    }
    assert figures["Neu, mit Einwilligungsnachweis: wird abonniert"] == "1"
    assert figures["Abgeprallt, beschwert oder abgemeldet: wird nicht wieder aufgenommen"] == "3"
    assert "Zeile" in page.content.decode() and "keine-adresse" in page.content.decode()

    office.post(reverse("newsletter_import:detail", args=[batch.pk]), {"action": "import"})
    again = office.post(reverse("newsletter_import:detail", args=[batch.pk]), {"action": "import"})
    assert "bereits importiert" in office.get(again["Location"]).content.decode()

    new = Subscriber.objects.get(email="neu@example.org")
    assert (new.status, new.name) == (Status.CONFIRMED, "Zofia Łukasiewicz")
    assert sorted(i.name for i in new.interests.all()) == ["Quartiere", "Veranstaltungen"]
    proof = ConsentRecord.objects.get()
    assert proof.kind == ConsentRecord.Kind.IMPORT and proof.subscriber == new
    assert proof.confirmed_at.date().isoformat() == "2025-03-01"
    assert (proof.source, proof.consent_text) == ("Stand am Sommerfest", TEXT)
    assert [i["name"] for i in proof.interests] == ["Veranstaltungen", "Quartiere"]

    unproven = Subscriber.objects.get(email="ohne@example.org")
    assert unproven.status == Status.PENDING and unproven.requested_at is None
    assert not Subscriber.objects.recipients().filter(email="ohne@example.org").exists()
    # Nobody already there was changed or resurrected.
    for email, status in [("dabei@example.org", Status.CONFIRMED),
                          ("prallte@example.org", Status.BOUNCED),
                          ("spam@example.org", Status.COMPLAINED),
                          ("ging@example.org", Status.UNSUBSCRIBED)]:  # fmt: skip
        person = Subscriber.objects.get(email=email)
        assert (person.status, person.name) == (status, "Vorher")
    assert Subscriber.objects.count() == 7 and ConsentRecord.objects.count() == 1
    assert not mail.outbox


def test_a_list_without_proofs_is_asked_once_and_a_confirmation_is_proven(
    office, client, django_capture_on_commit_callbacks
):
    batch = check(office, csv_file([["a@example.org", "A", "", "", "", "", ""],
                                    ["b@example.org", "B", "", "", "", "", ""]]))  # fmt: skip
    url = reverse("newsletter_import:detail", args=[batch.pk])
    office.post(url, {"action": "import"})
    assert "an 2 Adressen senden" in office.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(url, {"action": "ask"})
        office.post(url, {"action": "ask"})  # a double click asks nobody twice
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    message = mail.outbox[0]
    assert message.subject.startswith("Möchten Sie weiter von uns hören?")
    link = re.search(r"https?://\S+/newsletter/bestaetigen/\S+/", message.body)[0]
    client.post(urlsplit(link).path)
    person = Subscriber.objects.get(email=message.to[0])
    assert person.status == Status.CONFIRMED
    proof = ConsentRecord.objects.get()
    assert proof.kind == ConsentRecord.Kind.OPT_IN
    assert proof.confirmation_mail_version == mail_version(REPERMISSION_MAIL)


def test_a_mailchimp_export_with_the_lists_consent_text(office, db):
    header = ["Email Address", "First Name", "Last Name", "OPTIN_TIME", "CONFIRM_TIME"]
    rows = [["mc@example.org", "Jörg", "Maier", "2024-05-02 09:15:00", "2024-05-02 09:20:11"]]
    file = csv_file(rows, header=header, delimiter=",", encoding="utf-8-sig", name="mc.csv")
    batch = check(office, file, consent_text=TEXT, source="Mailchimp-Export")
    (row,) = batch.rows
    assert (row["outcome"], row["name"], row["consent_date"]) == (
        Outcome.PROVEN, "Jörg Maier", "2024-05-02"
    )  # fmt: skip
    assert row["consent_text"] == TEXT


def test_excels_csv_in_windows_1252_with_semicolons(office, db):
    rows = [["mueller@example.org", "Jürgen Müller", "", "01.03.2025", TEXT, "", ""]]
    batch = check(office, csv_file(rows, encoding="cp1252"))
    assert batch.rows[0]["name"] == "Jürgen Müller" and batch.rows[0]["outcome"] == Outcome.PROVEN


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("liste.xlsx", out.getvalue())


def test_an_xlsx_list_with_a_formula_cell_and_real_dates(office, db):
    import datetime

    rows = [["x@example.org", "Xaver", "", datetime.datetime(2025, 3, 1, 10, 0), TEXT, "", ""],
            ["y@example.org", "=1+1", "", "", "", "", ""]]  # fmt: skip
    batch = check(office, xlsx(rows))
    assert [(r["outcome"], r["consent_date"]) for r in batch.rows] == [
        (Outcome.PROVEN, "2025-03-01"), (Outcome.INVALID, "")
    ]  # fmt: skip


def test_a_row_that_stops_before_the_email_column_is_invalid_not_a_500(office, db):
    """Spreadsheets leave trailing empty cells out: Mailchimp's exports have 20 columns and
    more, and a row may end before the one that holds the address."""
    header = [f"Spalte {n}" for n in range(24)] + ["E-Mail"]
    batch = check(office, csv_file([["Nur", "zwei"], ["x"] * 24 + ["voll@example.org"]],
                                   header=header))  # fmt: skip
    assert [(r["outcome"], r["error"]) for r in batch.rows] == [
        (Outcome.INVALID, "keine E-Mail-Adresse"), (Outcome.UNPROVEN, "")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "file, message",
    [
        (
            SimpleUploadedFile("gross.csv", b"E-Mail\n" + b"a@example.org\n" * 800_000),
            "größer als 5 MB",
        ),
        (
            SimpleUploadedFile("liste.csv", "Name;Ort\nMaria;München\n".encode()),
            "keine Spalte „E-Mail“",
        ),
        (SimpleUploadedFile("liste.csv", b"E-Mail\n\x00\x01\x02"), "keine Textdatei"),
        (SimpleUploadedFile("liste.xlsx", b"PK\x03\x04 not really"), "nicht lesen"),
        (SimpleUploadedFile("liste.csv", b""), "leer"),
        (SimpleUploadedFile("liste.pdf", b"%PDF-1.4"), "CSV- oder XLSX-Datei"),
    ],
    ids=["10 MB", "no email column", "binary", "broken xlsx", "empty", "pdf"],
)
def test_a_bad_file_is_a_message_not_a_500(office, file, message):
    answer = upload(office, file)
    assert answer.status_code == 400
    assert message in " ".join(answer.context["form"].errors["file"])
    assert not SubscriberImport.objects.exists() and not Subscriber.objects.exists()


def test_only_the_office_imports(client, db):
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    answer = upload(client, csv_file([["a@example.org", "", "", "", "", "", ""]]))
    assert answer.status_code in (302, 403) and not SubscriberImport.objects.exists()


def test_an_import_row_is_exported_and_erased_with_the_person(office, db):
    check(office, csv_file([["zofia@example.org", "Zofia", "", "", "", "", ""]]))
    out = io.StringIO()
    call_command("privacy", "export", "zofia@example.org", stdout=out)
    assert json.loads(out.getvalue())["records"]["newsletter.import_rows"][0]["name"] == "Zofia"
    call_command("privacy", "erase", "zofia@example.org", "--yes", stdout=io.StringIO())
    assert SubscriberImport.objects.get().rows == []
