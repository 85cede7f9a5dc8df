"""Tables offices upload (a subscriber list, a bank's CSV export): read as rows of strings,
whatever Excel, Mailchimp or a bank made of the separator and the encoding."""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024  # about 50,000 rows of a Mailchimp export
MAX_ROWS = 50_000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the form."""


def read_table(upload):
    """The file's rows as lists of strings, the first being the header."""
    if upload.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Please split it."))
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)


def read_csv(data):
    if b"\x00" in data:
        raise ImportFileError(_("This is not a text file. Please save the list as CSV or XLSX."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's CSV on German Windows
    # The separator the header uses most: ";" from a German Excel, "," from Mailchimp. (csv's
    # Sniffer guesses from several rows and fails on rows of different lengths.)
    header = text.split("\n", 1)[0]
    return list(csv.reader(io.StringIO(text), delimiter=max(",;\t", key=header.count)))


def read_xlsx(data):
    from openpyxl import load_workbook  # only the import needs it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The XLSX file cannot be read.")) from error
    rows = []
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        rows.append(["" if cell is None else cell for cell in row])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def parse_date(value):
    """A date as offices and banks write it: 2026-03-01, 01.03.2026, or Mailchimp's
    2026-03-01 10:15:00; None if there is none. Raises ValueError if it is not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    value = str(value).strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)
