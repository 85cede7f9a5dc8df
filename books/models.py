"""The books: Finance's records besides what donors give online. A bank statement's lines,
kept once each and booked as payments of donations; the donation receipts
(Zuwendungsbestätigungen) as issued, numbered without gaps. They certify and book the payments
of donations/models.py, which knows them only by name (Payment.receipt).

These models began in donations: their tables keep the names they had there
(db_table), so that the move changed no table while the old code still served."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from donations.models import Payment


class BankEntry(models.Model):
    """One line of a bank statement, kept once: its key is the bank's own reference for it
    (or, where a bank gives none, a digest of what the line says and its place among equal
    lines), so importing a statement again changes nothing. A credit becomes a payment of the
    donor it matches; the rest waits in Finance's review queue."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Booked as a donation")
        REVIEW = "review", _("To review")
        NOT_DONATION = "not_donation", _("Not a donation")
        RETURN = "return", _("Return of an earlier credit")

    class MatchedBy(models.TextChoices):
        REFERENCE = "reference", _("Donor reference")
        IBAN = "iban", _("IBAN")
        NAME = "name", _("Name")
        HAND = "hand", _("By Finance")

    key = models.CharField(_("bank reference"), max_length=200, unique=True)
    statement = models.CharField(_("statement"), max_length=200)
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    name = models.CharField(_("account holder"), max_length=140, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    text = models.TextField(_("remittance information"), blank=True)
    end_to_end_id = models.CharField(max_length=140, blank=True, editable=False)
    is_return = models.BooleanField(_("return"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    matched_by = models.CharField(
        _("matched by"), max_length=10, choices=MatchedBy.choices, blank=True
    )
    payment = models.OneToOneField(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_entry",
    )
    returns = models.ForeignKey(
        "self",
        verbose_name=_("returns"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="returned_by",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-booked_on", "-pk"]
        db_table = "donations_bankentry"
        verbose_name = _("bank statement entry")
        verbose_name_plural = _("bank statement entries")

    def __str__(self):
        return f"{self.booked_on:%d.%m.%Y} {self.amount} € – {self.name}"


class Receipt(models.Model):
    """A Zuwendungsbestätigung as issued. Its PDF is the copy kept for ten years; each payment
    it certifies points to it, so no payment is certified twice."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single receipt")
        COLLECTIVE = "collective", _("Collective receipt")
        IN_KIND = "in_kind", _("Receipt for a gift in kind")
        CANCELLATION = "cancellation", _("Cancellation of a receipt")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Numbered without gaps within each year of issue (ReceiptCounter).
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    serial = models.PositiveIntegerField(_("serial number"), editable=False)
    name = models.CharField(_("donor"), max_length=120)
    address = models.TextField(_("donor's address"))
    email = models.EmailField(_("email address"), blank=True)
    total = models.DecimalField(_("total (EUR)"), max_digits=10, decimal_places=2)
    period_start = models.DateField(_("first donation"))
    period_end = models.DateField(_("last donation"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    pdf = models.BinaryField(editable=False)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # Money certified here went back (a refund, a dispute): the receipt is wrong until a
    # corrected one replaces it (§ 10b Abs. 4 EStG makes the issuer liable).
    flagged_at = models.DateTimeField(_("to correct since"), null=True, blank=True)
    flag_reason = models.CharField(_("why"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["-issued_at"]
        db_table = "donations_receipt"
        verbose_name = _("donation receipt")
        verbose_name_plural = _("donation receipts")
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="receipt_number_unique")
        ]

    def __str__(self):
        return f"{self.number} – {self.name}"

    @property
    @admin.display(description=_("number"))
    def number(self):
        return f"{self.year}-{self.serial:05d}"

    @property
    def filename(self):
        return f"Zuwendungsbestaetigung-{self.number}.pdf"

    @property
    def replaces_number(self):
        return self.replaces.number if self.replaces else ""


class ReceiptCounter(models.Model):
    """The last receipt number of a year. Taken under a row lock in the transaction that
    issues the receipt: a receipt that fails rolls its number back, so none is skipped."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "donations_receiptcounter"

    def __str__(self):
        return f"{self.year}: {self.last}"

    @classmethod
    def next(cls, year):
        cls.objects.get_or_create(year=year)
        counter = cls.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
