"""Gifts that do not come through Stripe: recorded by Finance by hand, or read from the bank's
statements. Either way they become payments of a donation, in the same ledger, dashboard,
exports and receipts as online gifts.

A credit in a statement is booked to the donor it matches: by the donor's own reference in
the remittance text ("MIN-7K3M9Q"), or by an IBAN Finance has booked to that donor before.
Never by a guess: a name is anyone's to type (into the donation form, say, then leave the
checkout) and namesakes are many, so a credit with neither waits in Finance's review queue,
where donors of that name who have paid before are offered; what Finance decides there
confirms the IBAN for the next statement. A return (a direct debit the donor's bank sent
back) undoes the credit it returns, and flags its receipt if one was issued. Each line is kept
once by its key, so a statement imported twice changes nothing.
"""

import datetime
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.pages import german
from donations.campaigns import recount
from donations.girocode import valid_iban
from donations.models import REFERENCE_PATTERN, Donation, DonationPage, Interval, Payment

from .models import BankEntry
from .receipts import flag_receipt

Status = BankEntry.Status
MatchedBy = BankEntry.MatchedBy
DONOR_FIELDS = ["name", "email", "street", "postcode", "city", "wants_receipt"]


def booking_time(day):
    """A day of the bank's as a moment of the ledger: noon, so it stays that day anywhere."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def record_gift(data, user):
    """A gift Finance records by hand (cash at a stand, a cheque, a gift in kind)."""
    donation = Donation.objects.create(
        channel=Donation.Channel.RECORDED,
        page=german(DonationPage.objects).first(),
        amount=data["amount"],
        interval=Interval.ONCE,
        status=Donation.Status.PAID,
        purpose=data.get("purpose", ""),
        thanked_at=timezone.now(),  # thanked in person, not by the site
        **{name: data.get(name) or Donation._meta.get_field(name).get_default()
           for name in DONOR_FIELDS},
    )  # fmt: skip
    payment = Payment.objects.create(
        donation=donation,
        source=Payment.Source.HAND,
        status=Payment.Status.PAID,
        amount=data["amount"],
        paid_at=booking_time(data["date"]),
        kind=data["kind"],
        in_kind_description=data.get("in_kind_description", ""),
        value_basis=data.get("value_basis", ""),
        valuation_documents=data.get("valuation_documents", ""),
        recorded_by=user,
    )
    recount()
    return payment


class Import:
    """One statement read into the ledger; the counts are shown to Finance afterwards."""

    def __init__(self, statement):
        self.statement = statement
        self.counts = Counter()
        self.rejected = []  # (line, reason)
        lines = statement.lines
        self.by_reference = {
            d.transfer_reference: d
            for d in Donation.objects.filter(
                transfer_reference__in={
                    f"MIN-{code.upper()}"
                    for line in lines
                    for code in REFERENCE_PATTERN.findall(line.text)
                }
            )
        }
        self.by_iban = {}
        for donation in Donation.objects.filter(
            channel=Donation.Channel.TRANSFER,
            iban_confirmed=True,
            iban__in={valid_iban(line.iban) for line in lines} - {""},
        ).order_by("created_at"):
            self.by_iban[donation.iban] = donation  # the newest wins

    def run(self):
        """All lines in one transaction, the payments and entries inserted in bulk. Another
        import of the same lines committing meanwhile makes a key clash: then once more, and
        they are known."""
        try:
            with transaction.atomic():
                self.book_lines()
        except IntegrityError:
            self.counts.clear()
            self.rejected.clear()
            with transaction.atomic():
                self.book_lines()
        return self

    def book_lines(self):
        lines = self.statement.lines
        known = set(
            BankEntry.objects.filter(key__in={line.key for line in lines}).values_list(
                "key", flat=True
            )
        )
        credits, returns = [], []
        for line in lines:
            if line.currency != "EUR":
                self.rejected.append(
                    (
                        line,
                        _("in %(currency)s: only euros are booked") % {"currency": line.currency},
                    )
                )
            elif line.amount <= 0 or line.credit == line.is_return:
                self.counts["other"] += 1  # the alliance's own payments, and their returns
            elif line.key in known:
                self.counts["known"] += 1  # imported before
            else:
                known.add(line.key)
                entry = self.entry(line)
                if entry.is_return:
                    returns.append(entry)
                else:
                    self.counts[self.book_credit(entry)] += 1
                    credits.append(entry)
        Payment.objects.bulk_create([entry.payment for entry in credits if entry.payment])
        for entry in credits:
            entry.payment = entry.payment  # its id, now that it has one
        BankEntry.objects.bulk_create(credits, batch_size=1000)
        for entry in returns:  # after the credits, which they may return
            entry.save()
            self.counts[book_return(entry)] += 1
        recount()

    def entry(self, line):
        return BankEntry(
            key=line.key,
            statement=self.statement.name[:200],
            booked_on=line.booked_on,
            amount=line.amount,
            name=line.name[:140],
            iban=line.iban[:34],
            text=line.text,
            end_to_end_id=line.end_to_end_id[:140],
            is_return=line.is_return,
            status=Status.REVIEW,
        )

    def book_credit(self, entry):
        donation, rule = self.match(entry)
        if donation is None:
            return Status.REVIEW
        transfer_payment(entry, donation, rule)
        return Status.MATCHED

    def match(self, entry):
        for code in REFERENCE_PATTERN.findall(entry.text):
            donation = self.by_reference.get(f"MIN-{code.upper()}")
            if donation is not None:
                return donation, MatchedBy.REFERENCE
        donation = self.by_iban.get(valid_iban(entry.iban))
        if donation is not None:
            return donation, MatchedBy.IBAN
        return None, None


def transfer_payment(entry, donation, rule):
    """The entry as a payment (not saved yet) of the donor's transfers: the donation that
    holds the donor's transfers from this IBAN, made from the matched donation's details on
    the first. Finance booking it confirms the IBAN. Returns that donation."""
    iban = valid_iban(entry.iban)
    confirmed = rule == MatchedBy.HAND and bool(iban)
    if donation.channel == Donation.Channel.TRANSFER and donation.iban == iban:
        if confirmed and not donation.iban_confirmed:
            donation.iban_confirmed = True
            donation.save(update_fields=["iban_confirmed"])
    else:
        donation = Donation.objects.create(
            channel=Donation.Channel.TRANSFER,
            page=donation.page,
            amount=entry.amount,
            interval=Interval.ONCE,
            status=Donation.Status.PAID,
            iban=iban,
            iban_confirmed=confirmed,
            purpose=donation.purpose,
            thanked_at=timezone.now(),
            **{name: getattr(donation, name) for name in DONOR_FIELDS},
        )
    entry.payment = Payment(
        donation=donation,
        source=Payment.Source.BANK,
        status=Payment.Status.PAID,
        amount=entry.amount,
        paid_at=booking_time(entry.booked_on),
    )
    entry.status, entry.matched_by = Status.MATCHED, rule
    return donation


def book_return(entry):
    """A credit that went back: its payment counts as refunded, and a receipt that certified
    it is flagged. A return whose credit is not in the ledger waits for review."""
    credits = BankEntry.objects.select_for_update(of=("self",)).filter(
        status=Status.MATCHED, is_return=False, returned_by=None, amount=entry.amount
    )
    original = (
        credits.filter(end_to_end_id=entry.end_to_end_id).first() if entry.end_to_end_id else None
    ) or (credits.filter(iban=entry.iban).order_by("-booked_on").first() if entry.iban else None)
    if original is None:
        return Status.REVIEW
    payment = original.payment
    payment.amount_refunded = payment.amount
    payment.save(update_fields=["amount_refunded"])
    flag_receipt(payment, f"Rücklastschrift der Gutschrift vom {original.booked_on:%d.%m.%Y}")
    entry.status, entry.returns = Status.RETURN, original
    entry.save(update_fields=["status", "returns"])
    return Status.RETURN


@transaction.atomic
def assign(entry_id, donation, user):
    """Finance books a reviewed credit to a donor; the IBAN is known from then on."""
    entry = BankEntry.objects.select_for_update().get(pk=entry_id)
    if entry.status != Status.REVIEW or entry.is_return:
        return False
    transfer_payment(entry, donation, MatchedBy.HAND)
    entry.payment.recorded_by = user
    entry.payment.save()
    entry.payment = entry.payment  # its id, now that it has one
    entry.save(update_fields=["payment", "status", "matched_by"])
    recount()
    return True


@transaction.atomic
def new_donor(entry_id, data, user):
    """Finance books a reviewed credit to a donor the ledger did not know."""
    donor = Donation(
        channel=Donation.Channel.RECORDED,
        **{name: data.get(name) or Donation._meta.get_field(name).get_default()
           for name in DONOR_FIELDS},
    )  # fmt: skip
    return assign(entry_id, donor, user)


def set_aside(entry_id):
    """Not a donation (a membership fee, a grant, a refund to the alliance)."""
    return bool(
        BankEntry.objects.filter(pk=entry_id, status=Status.REVIEW).update(
            status=Status.NOT_DONATION
        )
    )
