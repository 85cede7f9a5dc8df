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

from .emails import send_receipt
from .models import Payment, Receipt, ReceiptSettings
from .receipt_pdf import render

Kind = Receipt.Kind
logger = logging.getLogger(__name__)


class ReceiptRefused(Exception):
    """No receipt may be issued; the message says why, for the treasurer."""


def certifiable():
    """Payments a receipt may still certify: paid, not (wholly) refunded, not disputed unless
    the dispute was won, and not certified before."""
    return (
        Payment.objects.filter(status=Payment.Status.PAID, receipt=None)
        .filter(amount__gt=F("amount_refunded"))
        .exclude(dispute__in=[Payment.Dispute.OPEN, Payment.Dispute.LOST])
    )


def receipt_settings():
    return ReceiptSettings.for_site(Site.objects.get(is_default_site=True))


@transaction.atomic
def issue(payments, kind, period=None):
    """A receipt for those of `payments` that are certifiable, emailed to the donor once the
    transaction commits. The payments stay locked while it is made, so two treasurers
    clicking at once do not certify a donation twice."""
    legal = receipt_settings()
    problem = legal.problem(timezone.localdate())
    if problem:
        raise ReceiptRefused(problem)
    chosen = list(
        certifiable()
        .filter(pk__in=payments.values("pk"))
        .select_for_update(of=("self",))
        .select_related("donation")
        .order_by("paid_at")
    )
    if not chosen:
        raise ReceiptRefused(_("There is no paid donation left that a receipt may certify."))
    donor = chosen[-1].donation
    if not (donor.street and donor.postcode and donor.city):
        raise ReceiptRefused(_("A receipt needs the donor's postal address."))
    first, last = (timezone.localdate(p.paid_at) for p in (chosen[0], chosen[-1]))
    receipt = Receipt.objects.create(
        kind=kind,
        name=donor.name,
        address=f"{donor.street}\n{donor.postcode} {donor.city}",
        email=donor.email,
        total=sum(p.net_amount for p in chosen),
        period_start=period[0] if period else first,
        period_end=period[1] if period else last,
        issued_at=timezone.now(),
        pdf=b"",
    )
    receipt.pdf = render(receipt, chosen, legal)
    receipt.save(update_fields=["pdf"])
    Payment.objects.filter(pk__in=[p.pk for p in chosen]).update(receipt=receipt)
    transaction.on_commit(lambda: send_receipt.enqueue(receipt.pk))
    return receipt


def issue_single(payment):
    return issue(Payment.objects.filter(pk=payment.pk), Kind.SINGLE)


def issue_collective(email, year):
    """The Sammelbestätigung of a year for every certifiable payment of the donor (by email)."""
    period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    payments = Payment.objects.filter(donation__email__iexact=email, paid_at__year=year)
    return issue(payments, Kind.COLLECTIVE, period=period)


def issue_year(year, email=None):
    """The collective receipts of a year: for the donor with this address, or for every donor
    who asked for one. Returns the receipts issued and (address, reason) for those refused."""
    issued, refused = [], []
    for address in [email] if email else list(donors_awaiting(year)):
        try:
            issued.append(issue_collective(address, year))
        except ReceiptRefused as refusal:
            refused.append((address, str(refusal)))
        except Exception:  # one donor's failure must not stop the others' receipts
            logger.exception("The %s receipt of one donor could not be made", year)
            refused.append((address, _("The receipt could not be made; the error is logged.")))
    return issued, refused


def donors_awaiting(year):
    """Emails of donors who asked for a receipt and have certifiable payments in the year."""
    return (
        certifiable()
        .filter(paid_at__year=year, donation__wants_receipt=True)
        .order_by("donation__email")
        .values_list("donation__email", flat=True)
        .distinct()
    )
