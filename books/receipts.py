"""Donation receipts (Zuwendungsbestätigungen): which payments a receipt may certify and when
none may be issued (the law's rules), issuing them once, and the year's collective receipts.
The PDF's layout and wording are in receipt_pdf.py."""

import datetime
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from donations.models import Payment, ReceiptSettings

from .emails import send_receipt
from .models import Receipt, ReceiptCounter
from .receipt_pdf import render

Kind = Receipt.Kind
logger = logging.getLogger(__name__)


class ReceiptRefused(Exception):
    """No receipt may be issued; the message says why, for the treasurer."""


def certifiable(payments=None, again=False):
    """Payments a receipt may certify: paid, not (wholly) refunded, not disputed unless the
    dispute was won, and not certified before (unless a corrected receipt certifies them
    again)."""
    payments = (Payment.objects.all() if payments is None else payments).filter(
        status=Payment.Status.PAID, amount__gt=F("amount_refunded")
    )
    if not again:
        payments = payments.filter(receipt=None)
    return payments.exclude(dispute__in=[Payment.Dispute.OPEN, Payment.Dispute.LOST])


def flag_receipt(payment, reason):
    """Money a receipt certified went back: Finance must correct the receipt."""
    if payment.receipt_id is not None:
        Receipt.objects.filter(pk=payment.receipt_id, replaced_by=None).update(
            flagged_at=timezone.now(), flag_reason=reason[:200]
        )


def clear_flag(payment, reason):
    """The money stayed after all (a dispute won): the receipt flagged for that is right."""
    Receipt.objects.filter(pk=payment.receipt_id, flag_reason=reason).update(
        flagged_at=None, flag_reason=""
    )


def receipt_settings():
    return ReceiptSettings.for_site(Site.objects.get(is_default_site=True))


@transaction.atomic
def issue(payments, kind, period=None, replaces=None):
    """A receipt for those of `payments` that are certifiable, emailed to the donor once the
    transaction commits (a donor without an address gets hers by post). The payments stay
    locked while it is made, so two treasurers clicking at once do not certify a donation
    twice; its number is the year's next, taken in the same transaction."""
    legal = receipt_settings()
    problem = legal.problem(timezone.localdate())
    if problem:
        raise ReceiptRefused(problem)
    chosen = list(
        certifiable(payments, again=replaces is not None)
        .select_for_update(of=("self",))
        .select_related("donation")
        .order_by("paid_at")
    )
    if not chosen and replaces is None:
        raise ReceiptRefused(_("There is no paid donation left that a receipt may certify."))
    donor = chosen[-1].donation if chosen else replaces
    address = donor.receipt_address if chosen else replaces.address
    if not address:
        raise ReceiptRefused(_("A receipt needs the donor's postal address."))
    gift = chosen[0] if chosen else None
    if kind == Kind.IN_KIND and gift and not (gift.in_kind_description and gift.value_basis):
        raise ReceiptRefused(_("A receipt for a gift in kind needs what was given and the "
                               "basis of its value."))  # fmt: skip
    if not chosen:
        kind = Kind.CANCELLATION  # nothing left to certify: the old receipt is withdrawn
    now = timezone.now()
    year = timezone.localdate(now).year
    receipt = Receipt.objects.create(
        kind=kind,
        year=year,
        serial=ReceiptCounter.next(year),
        name=donor.name,
        address=address,
        email=donor.email,
        total=sum(p.net_amount for p in chosen),
        period_start=period[0] if period else first_day(chosen, replaces),
        period_end=period[1] if period else last_day(chosen, replaces),
        issued_at=now,
        replaces=replaces,
        pdf=b"",
    )
    receipt.pdf = render(receipt, chosen, legal)
    receipt.save(update_fields=["pdf"])
    Payment.objects.filter(pk__in=[p.pk for p in chosen]).update(receipt=receipt)
    if receipt.email:
        transaction.on_commit(lambda: send_receipt.enqueue(receipt.pk))
    return receipt


def first_day(chosen, replaces):
    return timezone.localdate(chosen[0].paid_at) if chosen else replaces.period_start


def last_day(chosen, replaces):
    return timezone.localdate(chosen[-1].paid_at) if chosen else replaces.period_end


def issue_single(payment):
    kind = Kind.IN_KIND if payment.kind == Payment.Kind.IN_KIND else Kind.SINGLE
    return issue(Payment.objects.filter(pk=payment.pk), kind)


@transaction.atomic
def issue_correction(receipt):
    """A corrected receipt for what the flagged one certified, net of what went back, that
    names the receipt it replaces; nothing left, a cancellation of it."""
    old = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if hasattr(old, "replaced_by"):
        raise ReceiptRefused(_("This receipt has been replaced already."))
    period = (old.period_start, old.period_end) if old.kind == Kind.COLLECTIVE else None
    return issue(old.payments.all(), old.kind, period=period, replaces=old)


def issue_collective(donor, year):
    """The Sammelbestätigung of a year for every certifiable gift of money of the donor (by
    email address, or by name and postcode for a donor without one: Donation.donor_key)."""
    period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    payments = Payment.objects.filter(donation__donor_key=donor, paid_at__year=year)
    return issue(payments.filter(kind=Payment.Kind.MONEY), Kind.COLLECTIVE, period=period)


def issue_year(year, email=None):
    """The collective receipts of a year: for the donor with this address, or for every donor
    who asked for one. Returns the receipts issued and (donor, reason) for those refused."""
    issued, refused = [], []
    for address in [email.lower()] if email else list(donors_awaiting(year)):
        try:
            issued.append(issue_collective(address, year))
        except ReceiptRefused as refusal:
            refused.append((address, str(refusal)))
        except Exception:  # one donor's failure must not stop the others' receipts
            logger.exception("The %s receipt of one donor could not be made", year)
            refused.append((address, _("The receipt could not be made; the error is logged.")))
    return issued, refused


def donors_awaiting(year):
    """The donors (Donation.donor_key) who asked for a receipt and have certifiable gifts of
    money in the year."""
    return (
        certifiable()
        .filter(paid_at__year=year, donation__wants_receipt=True, kind=Payment.Kind.MONEY)
        .order_by("donation__donor_key")
        .values_list("donation__donor_key", flat=True)
        .distinct()
    )
