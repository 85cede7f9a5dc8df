"""Importing subscribers from a CSV or XLSX file: read, check each row, import once.

Each row keeps its provenance (the date, source and text of the consent, as the file gives
them). A row with a date and a text of consent is subscribed with a proof of kind "import"; a
row without is kept, not subscribed, until the office sends it one re-permission mail (double
opt-in). Addresses the list has already are reported, never changed: a subscriber stays as they
are, and an address that bounced, complained or unsubscribed is never resurrected.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.pages import german
from cms.tables import MAX_ROWS, ImportFileError, parse_date, read_table

from .emails import REPERMISSION_MAIL, send_confirmation
from .models import ConsentRecord, Interest, NewsletterIndexPage, Subscriber, SubscriberImport

# A cell a spreadsheet would run as a formula when the list is opened again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Column names as German offices and Mailchimp write them, lower-cased.
COLUMNS = {
    "email": {"email", "e-mail", "e-mail-adresse", "email address", "emailadresse", "mail"},
    "name": {"name", "vollständiger name", "full name"},
    "first_name": {"vorname", "first name"},
    "last_name": {"nachname", "last name"},
    "consent_date": {
        "einwilligung am",
        "einwilligungsdatum",
        "consent date",
        "optin_time",
        "confirm_time",
        "bestätigt am",
    },
    "consent_text": {"einwilligungstext", "consent text", "consent"},
    "source": {"quelle", "source"},
    "interests": {"interessen", "themen", "interests"},
}


class Outcome:
    """What became of a row; the labels are what the office reads."""

    PROVEN = "proven"
    UNPROVEN = "unproven"
    DUPLICATE = "duplicate"
    EXISTING = "existing"
    SUPPRESSED = "suppressed"
    INVALID = "invalid"
    LABELS = {
        PROVEN: gettext_lazy("New, with a proof of consent: subscribed"),
        UNPROVEN: gettext_lazy("New, without a proof of consent: not subscribed"),
        DUPLICATE: gettext_lazy("Twice in the file: the first row counts"),
        EXISTING: gettext_lazy("On the list already: left as it is"),
        SUPPRESSED: gettext_lazy("Bounced, complained or unsubscribed: not resurrected"),
        INVALID: gettext_lazy("Invalid: not imported"),
    }


def columns(header):
    """{field: index} of the columns the file has; the email column is required."""
    found = {}
    for index, title in enumerate(header):
        title = str(title).strip().lower()
        for field, names in COLUMNS.items():
            if title in names and field not in found:
                found[field] = index
    if "email" not in found:
        raise ImportFileError(_("The file has no column “E-Mail” (or “Email Address”)."))
    return found


def text(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def check_row(line, cells, found, offered):
    """One row as read, with its outcome if it is invalid (else outcome None)."""

    def raw(field):
        """The row's cell of that column; a row may stop before its last columns."""
        index = found.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    def cell(field):
        return text(raw(field))

    name = cell("name") or " ".join(filter(None, [cell("first_name"), cell("last_name")]))
    row = {
        "line": line,
        "email": cell("email").lower(),
        "name": name[:120],
        "consent_text": cell("consent_text"),
        "source": cell("source")[:200],
        "interests": [
            i.strip() for i in cell("interests").replace(";", ",").split(",") if i.strip()
        ],
        "consent_date": "",
        "outcome": None,
        "error": "",
    }
    problems = []
    if any(v.startswith(FORMULA_START) for v in (row["email"], name, row["source"])):
        problems.append(_("a cell starts like a formula (=, +, -, @)"))
    try:
        validate_email(row["email"])
        if len(row["email"]) > 254:
            raise ValidationError("too long")
    except ValidationError:
        problems.append(_("not an email address"))
    try:
        date = parse_date(raw("consent_date"))
    except ValueError:
        problems.append(_("the consent date is not a date"))
    else:
        if date and date > timezone.localdate():
            problems.append(_("the consent date lies in the future"))
        row["consent_date"] = date.isoformat() if date else ""
    unknown = [topic for topic in row["interests"] if topic not in offered]
    if unknown:
        problems.append(_("unknown interest: %(names)s") % {"names": ", ".join(unknown)})
    if problems:
        row["outcome"], row["error"] = Outcome.INVALID, "; ".join(problems)
    return row


def check(upload, source, consent_text, user):
    """Read and check the file; a SubscriberImport to review, nothing subscribed yet. The
    list's consent text stands for the rows that give none."""
    table = read_table(upload)
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) > MAX_ROWS + 1:
        raise ImportFileError(_("The file has more than 50,000 rows. Please split it."))
    found = columns(table[0])
    offered = set(Interest.objects.offered().values_list("name", flat=True))
    rows = [
        check_row(line, cells, found, offered)
        for line, cells in enumerate(table[1:], start=2)
        if any(text(c) for c in cells)
    ]
    for row in rows:
        row["consent_text"] = row["consent_text"] or consent_text
    known = dict(
        Subscriber.objects.filter(
            email__in=[r["email"] for r in rows if not r["outcome"]]
        ).values_list("email", "status")
    )
    seen = set()
    for row in rows:
        if row["outcome"]:
            continue
        if row["email"] in seen:
            row["outcome"] = Outcome.DUPLICATE
        elif known.get(row["email"]) in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED):
            row["outcome"] = Outcome.EXISTING
        elif row["email"] in known:
            row["outcome"] = Outcome.SUPPRESSED
        elif row["consent_date"] and row["consent_text"]:
            row["outcome"] = Outcome.PROVEN
        else:
            row["outcome"] = Outcome.UNPROVEN
        seen.add(row["email"])
    return SubscriberImport.objects.create(
        file_name=upload.name[:255],
        source=source,
        consent_text=consent_text,
        rows=rows,
        created_by=user,
    )


@transaction.atomic
def perform(import_id):
    """Import the checked rows, once: False if it was imported before. Addresses that came onto
    the list since the check are left as they are (checked again, under the lock)."""
    batch = SubscriberImport.objects.select_for_update().get(pk=import_id)
    if batch.status != SubscriberImport.Status.PREVIEW:
        return False
    new = [r for r in batch.rows if r["outcome"] in (Outcome.PROVEN, Outcome.UNPROVEN)]
    taken = set(
        Subscriber.objects.filter(email__in=[r["email"] for r in new]).values_list(
            "email", flat=True
        )
    )
    for row in new:
        if row["email"] in taken:
            row["outcome"] = Outcome.EXISTING
    new = [r for r in new if r["email"] not in taken]
    interests = {i.name: i for i in Interest.objects.all()}
    subscribers = Subscriber.objects.bulk_create(
        [subscriber(row, batch) for row in new], batch_size=1000
    )
    Subscriber.interests.through.objects.bulk_create(
        [
            Subscriber.interests.through(subscriber=s, interest=interests[name])
            for s, row in zip(subscribers, new, strict=True)
            for name in dict.fromkeys(row["interests"])
        ],
        batch_size=1000,
    )
    ConsentRecord.objects.bulk_create(
        [
            proof(s, row, batch, interests)
            for s, row in zip(subscribers, new, strict=True)
            if row["outcome"] == Outcome.PROVEN
        ],
        batch_size=1000,
    )
    batch.status, batch.imported_at = SubscriberImport.Status.IMPORTED, timezone.now()
    batch.save()
    return True


def consent_time(row):
    """The day of consent as a moment: noon in Munich (the file gives no time)."""
    day = datetime.date.fromisoformat(row["consent_date"])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def subscriber(row, batch):
    if row["outcome"] == Outcome.PROVEN:
        at = consent_time(row)
        return Subscriber(
            email=row["email"], name=row["name"], status=Subscriber.Status.CONFIRMED,
            requested_at=at, confirmed_at=at, consent_text=row["consent_text"],
        )  # fmt: skip
    return Subscriber(email=row["email"], name=row["name"], imported_by=batch)


def proof(subscriber, row, batch, interests):
    at = consent_time(row)
    return ConsentRecord(
        kind=ConsentRecord.Kind.IMPORT,
        subscriber=subscriber,
        email=subscriber.email,
        requested_at=at,
        confirmed_at=at,
        source=row["source"] or batch.source,
        consent_text=row["consent_text"],
        consent_text_version=ConsentRecord.version_of(row["consent_text"]),
        interests=[interests[name].as_shown() for name in dict.fromkeys(row["interests"])],
    )


def ask_again(import_id):
    """One re-permission mail (double opt-in) to each imported address without a proof that
    has not been asked: once per import, whoever clicks twice. Returns how many are asked."""
    page = german(NewsletterIndexPage.objects.live()).first()
    with transaction.atomic():
        claimed = SubscriberImport.objects.filter(
            pk=import_id, status=SubscriberImport.Status.IMPORTED, repermission_sent_at=None
        ).update(repermission_sent_at=timezone.now())
        if not claimed or page is None:
            return 0
        asked = list(
            Subscriber.objects.select_for_update().filter(
                imported_by=import_id, status=Subscriber.Status.PENDING, requested_at=None
            )
        )
        now = timezone.now()
        for person in asked:
            person.requested_at = person.confirmation_sent_at = now
            person.source_url, person.consent_text = page.full_url, page.consent_text
            person.confirmation_nonce = secrets.token_hex(16)
        fields = ["requested_at", "confirmation_sent_at", "source_url", "consent_text"]
        Subscriber.objects.bulk_update(asked, [*fields, "confirmation_nonce"], batch_size=1000)
        transaction.on_commit(
            lambda: [
                send_confirmation.enqueue(p.pk, p.confirmation_nonce, template=REPERMISSION_MAIL)
                for p in asked
            ]
        )
    return len(asked)
