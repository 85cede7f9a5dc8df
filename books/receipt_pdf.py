"""The receipt's PDF after the official model of the Federal Ministry of Finance: its wording
and order, one A4 page, nothing else on it (no thanks, no advertising). A collective receipt
adds an annex listing each donation it sums up. What may be certified is decided in
receipts.py."""

from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from fpdf import FPDF, FontFace

from cms.formats import euros
from donations.models import Payment

from .models import Receipt
from .numbers_in_words import euros_in_words

Kind = Receipt.Kind
# Donors' names come from everywhere ("Łukasz Dąbrowski", "Ayşe Yılmaz"): the PDF embeds a
# Unicode font (DejaVu Sans, free licence in fonts/LICENSE) instead of the built-in Latin-1 ones.
FONT = "dejavu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT_DIR = Path(__file__).resolve().parent / "fonts"

LAW = (
    "im Sinne des § 10b des Einkommensteuergesetzes an eine der in § 5 Abs. 1 Nr. 9 des "
    "Körperschaftsteuergesetzes bezeichneten Körperschaften, Personenvereinigungen oder "
    "Vermögensmassen"
)
LIABILITY = (
    "Hinweis: Wer vorsätzlich oder grob fahrlässig eine unrichtige Zuwendungsbestätigung "
    "erstellt oder veranlasst, dass Zuwendungen nicht zu den in der Zuwendungsbestätigung "
    "angegebenen steuerbegünstigten Zwecken verwendet werden, haftet für die entgangene Steuer "
    "(§ 10b Abs. 4 EStG, § 9 Abs. 3 KStG, § 9 Nr. 5 GewStG).\n"
    "Diese Bestätigung wird nicht als Nachweis für die steuerliche Berücksichtigung der "
    "Zuwendung anerkannt, wenn das Datum des Freistellungsbescheides länger als 5 Jahre bzw. das "
    "Datum der Feststellung der Einhaltung der satzungsmäßigen Voraussetzungen nach § 60a Abs. 1 "
    "AO länger als 3 Jahre seit Ausstellung des Bescheides zurückliegt (§ 63 Abs. 5 AO)."
)
NO_OTHER_RECEIPTS = (
    "Es wird bestätigt, dass über die in der Gesamtsumme enthaltenen Zuwendungen keine weiteren "
    "Bestätigungen, weder formelle Zuwendungsbestätigungen noch Beitragsquittungen oder "
    "Ähnliches ausgestellt wurden und werden."
)


def day(value):
    return date_format(value, "d.m.Y")


class ReceiptPDF(FPDF):
    def __init__(self, receipt):
        super().__init__(format="A4")
        for style, filename in FONT_FILES.items():
            self.add_font(FONT, style, FONT_DIR / filename)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=15)
        self.set_title(f"Zuwendungsbestätigung {receipt.number}")
        self.set_creation_date(receipt.issued_at)

    def text_block(self, text, size=10, style="", gap=2.5, height=4.6):
        self.set_font(FONT, style, size)
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def label(self, text):
        self.text_block(text, size=8, gap=0.5, height=4)

    def columns(self, labels, values):
        """The boxed row of the model: small labels above, the figures below."""
        self.set_font(FONT, "B", 10)
        with self.table(
            col_widths=(52, 82, 36),
            headings_style=FontFace(size_pt=8),
            line_height=5,
            text_align="LEFT",
        ) as table:
            table.row(labels)
            table.row(values)
        self.ln(3)


TITLES = {
    Kind.SINGLE: "Bestätigung über Geldzuwendungen",
    Kind.COLLECTIVE: "Sammelbestätigung über Geldzuwendungen",
    Kind.IN_KIND: "Bestätigung über Sachzuwendungen",
}
# The model's boxes for the origin of a gift in kind (§ 10b Abs. 3 EStG).
IN_KIND_ORIGIN = {
    Payment.ValueBasis.BUSINESS: (
        "Die Sachzuwendung stammt nach den Angaben des Zuwendenden aus dem Betriebsvermögen. "
        "Die Zuwendung ist mit dem Wert der Entnahme (ggf. mit dem ursprünglichen Wert) und "
        "nach der Umsatzsteuer, die auf die Entnahme entfällt, bewertet."
    ),
    Payment.ValueBasis.PRIVATE: (
        "Die Sachzuwendung stammt nach den Angaben des Zuwendenden aus dem Privatvermögen."
    ),
    Payment.ValueBasis.UNKNOWN: (
        "Der Zuwendende hat trotz Aufforderung keine Angaben zur Herkunft der Sachzuwendung "
        "gemacht."
    ),
}


def render(receipt, payments, legal):
    """The receipt's PDF bytes."""
    pdf = ReceiptPDF(receipt)
    pdf.add_page()
    pdf.set_font(FONT, "", 8)
    pdf.cell(0, 4, f"Nr. {receipt.number}", align="R", new_x="LMARGIN", new_y="NEXT")
    if receipt.kind == Kind.CANCELLATION:
        cancellation(pdf, receipt, legal)
        return bytes(pdf.output())
    collective = receipt.kind == Kind.COLLECTIVE
    in_kind = receipt.kind == Kind.IN_KIND
    pdf.text_block(TITLES[receipt.kind], size=13, style="B", gap=1, height=6)
    pdf.text_block(LAW, size=9, gap=4, height=4.2)
    if receipt.replaces:
        old = receipt.replaces
        pdf.text_block(
            f"Berichtigte Bestätigung: ersetzt die Zuwendungsbestätigung Nr. {old.number} vom "
            f"{day(timezone.localdate(old.issued_at))}, die damit ungültig ist.",
            style="B",
            gap=3,
        )
    pdf.label("Aussteller (Bezeichnung und Anschrift der steuerbegünstigten Einrichtung)")
    pdf.text_block(f"{legal.legal_name}\n{legal.legal_address.strip()}")
    pdf.label("Name und Anschrift des Zuwendenden")
    pdf.text_block(f"{receipt.name}\n{receipt.address}", gap=4)
    amount = euros(receipt.total, cents=True)
    if collective:
        labels = [
            "Gesamtbetrag der Zuwendung – in Ziffern –",
            "– in Buchstaben –",
            "Zeitraum der Sammelbestätigung",
        ]
        when = f"{day(receipt.period_start)} – {day(receipt.period_end)}"
    else:
        worth = "Wert" if in_kind else "Betrag"
        labels = [f"{worth} der Zuwendung – in Ziffern –", "– in Buchstaben –", "Tag der Zuwendung"]
        when = day(receipt.period_start)
    pdf.columns(labels, [amount, euros_in_words(receipt.total), when])
    if in_kind:
        gift = payments[0]
        pdf.label("Genaue Bezeichnung der Sachzuwendung mit Alter, Zustand, Kaufpreis usw.")
        pdf.text_block(gift.in_kind_description, gap=3)
        for basis, wording in IN_KIND_ORIGIN.items():
            pdf.text_block(f"[{'X' if gift.value_basis == basis else ' '}] {wording}")
        documents = gift.valuation_documents
        pdf.text_block(
            f"[{'X' if documents else ' '}] Geeignete Unterlagen, die zur Wertermittlung gedient "
            f"haben, z. B. Rechnung, Gutachten, liegen vor.{f' ({documents})' if documents else ''}"
        )
    elif collective:
        pdf.text_block(
            "Ob es sich um den Verzicht auf Erstattung von Aufwendungen handelt, ist der Anlage "
            "zur Sammelbestätigung zu entnehmen."
        )
    else:
        pdf.text_block(
            "Es handelt sich um den Verzicht auf Erstattung von Aufwendungen:   Ja [  ]   Nein [X]"
        )
    purposes = " ".join(legal.tax_purposes.split())
    pdf.text_block(
        f"[X] Wir sind wegen Förderung {purposes} nach dem Freistellungsbescheid bzw. nach der "
        f"Anlage zum Körperschaftsteuerbescheid des Finanzamtes {legal.tax_office}, "
        f"StNr. {legal.tax_number}, vom {day(legal.exemption_notice_date)} für den letzten "
        f"Veranlagungszeitraum {legal.exemption_period} nach § 5 Abs. 1 Nr. 9 des "
        "Körperschaftsteuergesetzes von der Körperschaftsteuer und nach § 3 Nr. 6 des "
        "Gewerbesteuergesetzes von der Gewerbesteuer befreit."
    )
    pdf.text_block(
        f"Es wird bestätigt, dass die Zuwendung nur zur Förderung {purposes} verwendet wird."
    )
    if collective:
        pdf.text_block(NO_OTHER_RECEIPTS)
    signature(pdf, receipt, legal)
    pdf.text_block(LIABILITY, size=7.5, height=3.6)
    if collective:
        annex(pdf, receipt, payments)
    return bytes(pdf.output())


def signature(pdf, receipt, legal):
    pdf.ln(4)
    pdf.text_block(
        f"{legal.place}, {day(timezone.localdate(receipt.issued_at))}"
        + (f"\n\n\n{legal.signatory}" if legal.signatory else ""),
        gap=0.5,
    )
    pdf.label("(Ort, Datum und Unterschrift des Zuwendungsempfängers)")
    if not legal.signatory:
        pdf.text_block(
            "Diese Bestätigung wurde maschinell erstellt und ist ohne Unterschrift gültig.",
            size=9,
        )
    pdf.ln(4)


def cancellation(pdf, receipt, legal):
    """The withdrawal of a receipt whose money went back entirely: the donor must not use it,
    and the issuer has said so (§ 10b Abs. 4 EStG)."""
    old = receipt.replaces
    pdf.text_block(
        f"Widerruf der Zuwendungsbestätigung Nr. {old.number}", size=13, style="B", height=6
    )
    pdf.label("Aussteller")
    pdf.text_block(f"{legal.legal_name}\n{legal.legal_address.strip()}")
    pdf.label("Name und Anschrift des Zuwendenden")
    pdf.text_block(f"{receipt.name}\n{receipt.address}", gap=4)
    pdf.text_block(
        f"Die Zuwendungsbestätigung Nr. {old.number} vom "
        f"{day(timezone.localdate(old.issued_at))} über {euros(old.total, cents=True)} wird "
        "widerrufen: Die bestätigte Zuwendung wurde zurückgezahlt"
        f"{f' ({old.flag_reason})' if old.flag_reason else ''}. Die Bestätigung ist ungültig; "
        "bitte verwenden Sie sie nicht für Ihre Steuererklärung und senden Sie sie uns zurück."
    )
    signature(pdf, receipt, legal)


def annex(pdf, receipt, payments):
    """The list of the donations a collective receipt sums up; they add up to its total."""
    pdf.add_page()
    pdf.text_block(f"Anlage zur Sammelbestätigung Nr. {receipt.number}", size=12, style="B")
    pdf.text_block(f"{receipt.name}, {receipt.address.replace(chr(10), ', ')}", gap=4)
    widths = [35, 45, 60, 30]
    headings = [
        "Datum der Zuwendung",
        "Art der Zuwendung",
        "Verzicht auf die Erstattung von Aufwendungen (ja/nein)",
        "Betrag",
    ]
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "LEFT", "RIGHT")) as table:
        pdf.set_font(FONT, "", 9)
        table.row(headings)
        for payment in payments:
            table.row(
                [
                    day(timezone.localdate(payment.paid_at)),
                    "Geldzuwendung",
                    "nein",
                    euros(payment.net_amount, cents=True),
                ]
            )
        table.row(["Gesamtsumme", "", "", euros(receipt.total, cents=True)])
