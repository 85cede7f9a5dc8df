"""Bank statements as German banks export them: camt.053 (ISO 20022, every version banks send:
.001.02 to .001.13) and, as a fallback, the CSV export of online banking. Both become Lines;
what they mean for the ledger is decided in bank_import.py.

camt.053 is read here with defusedxml by local element names, so that every version and
namespace reads the same. (The `camt053` package reads neither the remittance information,
the "Verwendungszweck" that carries a donor's reference, nor the debtor of batch entries.)
"""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from cms.formats import parse_euros
from cms.tables import MAX_BYTES, ImportFileError, parse_date, read_table

# ISO bank transaction sub-families of a payment that went back: an unpaid direct debit, a
# returned credit transfer. German banks also say so with a GVC (109, 159) in the Prtry code.
RETURN_FAMILIES = {"UPDD", "RRTN", "ARET", "RCDD"}
RETURN_GVC = {"109", "159", "160"}


@dataclass
class Line:
    key: str
    booked_on: object
    amount: Decimal
    currency: str
    credit: bool
    is_return: bool
    name: str
    iban: str
    text: str
    end_to_end_id: str


@dataclass
class Statement:
    name: str
    account: str
    lines: list


def read_statement(upload):
    """A camt.053 file (XML, as the bank exported it) or a CSV export, as a Statement."""
    if upload.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Please split it."))
    head = upload.read(512)
    upload.seek(0)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
        return read_camt(upload)
    return read_csv_statement(upload)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(element, *path):
    """The element at the path of local names below element, or None."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c.tag) == name), None)
    return element


def children(element, name):
    return [c for c in element if local(c.tag) == name] if element is not None else []


def text_of(element, *path):
    found = child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def read_camt(upload):
    """Each booked entry of the statements in the file, batch entries split into their
    transactions; the file is read entry by entry, never whole."""
    lines, account, message, seen = [], "", "", {}
    try:
        for _event, element in iterparse(upload, events=("end",), forbid_dtd=True):
            name = local(element.tag)
            if name == "GrpHdr":
                message = text_of(element, "MsgId")
            elif name == "Acct" and not account:
                account = text_of(element, "Id", "IBAN") or text_of(element, "Id", "Othr", "Id")
                currency = text_of(element, "Ccy")
                if currency and currency != "EUR":
                    raise ImportFileError(
                        _("The statement is of an account in %(currency)s; only euro accounts.")
                        % {"currency": currency}
                    )
            elif name == "Ntry":
                lines.extend(entry_lines(element, account, seen))
                element.clear()
    except (SyntaxError, DefusedXmlException) as error:  # ParseError is a SyntaxError
        raise ImportFileError(_("This is not a camt.053 statement the site can read.")) from error
    if not message and not lines:
        raise ImportFileError(_("This is not a camt.053 statement the site can read."))
    return Statement(message or upload.name, account, lines)


def entry_lines(entry, account, seen):
    status = text_of(entry, "Sts", "Cd") or text_of(entry, "Sts")
    if status and status != "BOOK":
        return []  # pending or information only: the bank books it in a later statement
    credit = text_of(entry, "CdtDbtInd") == "CRDT"
    booked = parse_date((text_of(entry, "BookgDt", "Dt") or text_of(entry, "BookgDt", "DtTm"))[:10])
    family = text_of(entry, "BkTxCd", "Domn", "Fmly", "SubFmlyCd")
    gvc = text_of(entry, "BkTxCd", "Prtry", "Cd").split("+")
    returned = (
        text_of(entry, "RvslInd").lower() == "true"
        or family in RETURN_FAMILIES
        or (len(gvc) > 1 and gvc[1] in RETURN_GVC)
    )
    entry_amount = child(entry, "Amt")
    transactions = [t for d in children(entry, "NtryDtls") for t in children(d, "TxDtls")]
    lines = []
    for index, transaction in enumerate(transactions or [None]):
        amount = entry_amount
        if len(transactions) > 1:  # a batch: each transaction has its own amount
            amount = child(transaction, "Amt")
            if amount is None:
                amount = child(transaction, "AmtDtls", "TxAmt", "Amt")
        if amount is None:
            continue
        name, iban = counterparty(transaction, credit, account)
        reference = text_of(transaction, "Refs", "AcctSvcrRef") or (
            text_of(entry, "AcctSvcrRef") and f"{text_of(entry, 'AcctSvcrRef')}/{index}"
        )
        line = Line(
            key="",
            booked_on=booked,
            amount=to_decimal(amount.text),
            currency=amount.get("Ccy", ""),
            credit=credit,
            is_return=returned or child(transaction, "RtrInf") is not None,
            name=name,
            iban=iban,
            text=" ".join(u.text or "" for u in children(child(transaction, "RmtInf"), "Ustrd")),
            end_to_end_id=text_of(transaction, "Refs", "EndToEndId").removeprefix("NOTPROVIDED"),
        )
        line.key = line_key(account, line, reference, seen)
        lines.append(line)
    return lines


def counterparty(transaction, credit, account):
    """The other side's name and IBAN: the payer of a credit, the payee of a debit (a party
    carrying the statement's own account is not the other side)."""
    parties = child(transaction, "RltdPties")
    for role in ("Dbtr", "Cdtr") if credit else ("Cdtr", "Dbtr"):
        iban = text_of(parties, f"{role}Acct", "Id", "IBAN")
        name = text_of(parties, role, "Pty", "Nm") or text_of(parties, role, "Nm")
        if (name or iban) and iban != account:
            return name, iban
    return "", ""


# The largest amount a bank entry's column holds (12 digits, 2 of them after the point).
MAX_AMOUNT = Decimal("9999999999.99")
# An amount as ISO 20022 writes it: digits, a point, at most five decimals; Python's Decimal
# would also read "NaN", "sNaN", "Infinity" and "1E+30".
CAMT_AMOUNT = re.compile(r"\d{1,18}(\.\d{1,5})?")


def to_decimal(value):
    value = (value or "").strip()
    if not CAMT_AMOUNT.fullmatch(value):
        raise ImportFileError(_("An amount in the statement is not a number."))
    amount = Decimal(value)
    if amount > MAX_AMOUNT:
        raise ImportFileError(_("An amount in the statement is larger than any donation."))
    return amount


def line_key(account, line, reference, seen):
    """The bank's reference of the line, or a digest of what it says. Two lines that say the
    same (two equal gifts on one day) count apart by their place, so a second import of the
    file finds both and a third equal gift in a later statement is new."""
    if reference:
        return f"{account}:{reference}"[:200]
    said = "|".join(
        map(str, (account, line.booked_on, line.amount, line.credit, line.iban, line.name,
                  line.text, line.end_to_end_id))
    )  # fmt: skip
    digest = hashlib.sha256(said.encode()).hexdigest()[:40]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{account}:#{digest}:{seen[digest]}"


# Column titles of German online banking CSV exports (Sparkasse CSV-CAMT, Volks- and
# Raiffeisenbanken, DKB, GLS, Deutsche Bank), lower-cased.
CSV_COLUMNS = {
    "booked_on": {"buchungstag", "buchungsdatum", "datum", "buchung"},
    "amount": {"betrag", "betrag (€)", "betrag (eur)", "umsatz"},
    "currency": {"waehrung", "währung"},
    "name": {
        "beguenstigter/zahlungspflichtiger",
        "name zahlungsbeteiligter",
        "zahlungspflichtige*r",
        "auftraggeber / begünstigter",
        "auftraggeber/empfänger",
        "name",
    },
    "iban": {"kontonummer/iban", "iban zahlungsbeteiligter", "iban", "kontonummer"},
    "text": {"verwendungszweck", "buchungstext / verwendungszweck"},
    "account": {"auftragskonto", "bezeichnung auftragskonto", "iban auftragskonto"},
}


def read_csv_statement(upload):
    rows = read_table(upload)
    if not rows:
        raise ImportFileError(_("The file is empty."))
    titles = [str(title).strip().lower() for title in rows[0]]
    found = {
        field: next((i for i, title in enumerate(titles) if title in names), None)
        for field, names in CSV_COLUMNS.items()
    }
    missing = [field for field in ("booked_on", "amount") if found[field] is None]
    if missing:
        raise ImportFileError(
            _("The file has no column “Buchungstag” and “Betrag”; is it a bank's CSV export?")
        )
    lines, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):

        def cell(field, row=row):
            index = found[field]
            return str(row[index]).strip() if index is not None and index < len(row) else ""

        raw = cell("amount")
        negative = raw.startswith("-")
        amount = parse_euros(raw.lstrip("+-"))
        try:
            booked = parse_date(cell("booked_on"))
        except ValueError:
            booked = None
        if amount is None or amount > MAX_AMOUNT or booked is None:
            raise ImportFileError(
                _("Row %(row)d has no date or no amount the site can read.") % {"row": number}
            )
        line = Line(
            key="",
            booked_on=booked,
            amount=amount,
            currency=cell("currency") or "EUR",
            credit=not negative,
            is_return=False,
            name=cell("name"),
            iban=cell("iban").replace(" ", ""),
            text=cell("text"),
            end_to_end_id="",
        )
        line.key = line_key(cell("account"), line, "", seen)
        lines.append(line)
    return Statement(upload.name, "", lines)
