"""Stripe keeps no order and delivers at least once: 100 deliveries of 70 events, shuffled,
30 of them repeats, end in exactly the ledger the events describe."""

import random
from decimal import Decimal

from django.core import mail

from donations.models import Donation, Payment, StripeEvent

from .stripe_events import (
    dispute_event,
    invoice_event,
    refund_event,
    session_event,
    subscription_deleted,
)

Status = Donation.Status
Paid = Payment.Status


def test_a_shuffled_replay_with_duplicates_yields_the_exact_ledger(
    deliver, new_donation, stripe_server
):
    events, expected_donations, expected_payments = [], {}, {}

    def expect(stripe_id, status, amount, refunded="0", dispute=""):
        expected_payments[stripe_id] = (status, Decimal(amount), Decimal(refunded), dispute)

    for n in range(12):  # card payments: two refunded, one disputed and lost
        donation = new_donation(amount=f"{10 + n}.50", email=f"card{n}@example.org")
        events.append(session_event(donation))
        intent, cents = f"pi_{str(donation.uuid)[:8]}", donation.amount_cents
        expected_donations[donation.pk] = Status.PAID
        if n < 2:  # a partial refund, then the rest
            events += [refund_event(intent, cents, 500), refund_event(intent, cents, cents)]
            expect(intent, Paid.PAID, donation.amount, refunded=donation.amount)
        elif n == 2:
            events += [
                dispute_event(intent, cents),
                dispute_event(intent, cents, kind="charge.dispute.closed", status="lost"),
            ]
            expect(intent, Paid.PAID, donation.amount, dispute="lost")
        else:
            expect(intent, Paid.PAID, donation.amount)
    for n in range(9):  # SEPA: six succeed, three fail
        donation = new_donation(amount="50", email=f"sepa{n}@example.org")
        outcome = "succeeded" if n < 6 else "failed"
        events += [
            session_event(donation, payment_status="unpaid"),
            session_event(donation, f"checkout.session.async_payment_{outcome}"),
        ]
        expected_donations[donation.pk] = Status.PAID if n < 6 else Status.FAILED
        expect(f"pi_{str(donation.uuid)[:8]}", Paid.PAID if n < 6 else Paid.FAILED, "50")
    for n in range(4):  # monthly for six months; two donors end it, one month is refunded
        donation = new_donation(amount="15", interval="monthly", email=f"monthly{n}@example.org")
        events.append(session_event(donation))
        for month in range(1, 7):
            events.append(invoice_event(donation, month))
            expect(f"in_{str(donation.uuid)[:8]}_{month}", Paid.PAID, "15")
        if n < 2:
            events.append(subscription_deleted(donation))
        expected_donations[donation.pk] = Status.ENDED if n < 2 else Status.ACTIVE
        if n == 3:
            invoice = f"in_{str(donation.uuid)[:8]}_6"
            stripe_server.invoice_payments["pi_month6"] = invoice
            events.append(refund_event("pi_month6", 1500, 1500))
            expect(invoice, Paid.PAID, "15", refunded="15")
    donation = new_donation(amount="5", interval="monthly", email="retry@example.org")
    events += [  # the first debit fails, Stripe's next attempt succeeds
        session_event(donation),
        invoice_event(donation, 1, kind="invoice.payment_failed"),
        invoice_event(donation, 1),
    ]
    expected_donations[donation.pk] = Status.ACTIVE
    expect(f"in_{str(donation.uuid)[:8]}_1", Paid.PAID, "5")
    assert len(events) == 70

    rng = random.Random(20261125)
    deliveries = events + rng.sample(events, 30)
    rng.shuffle(deliveries)
    assert len(deliveries) == 100
    # What Stripe does: whatever was not answered with 2xx is delivered again later.
    for _attempt in range(5):
        deliveries = [e for e in deliveries if deliver(e).status_code != 200]
    assert deliveries == []

    assert StripeEvent.objects.count() == 70
    assert dict(Donation.objects.values_list("pk", "status")) == expected_donations
    ledger = {
        p.stripe_id: (p.status, p.amount, p.amount_refunded, p.dispute)
        for p in Payment.objects.all()
    }
    assert ledger == expected_payments
    thanked = Donation.objects.filter(payments__status=Paid.PAID).distinct()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d.email for d in thanked)
