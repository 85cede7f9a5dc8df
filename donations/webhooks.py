"""Stripe's events, the ledger's source of truth.

Stripe delivers each event at least once, retries for days and keeps no order. So each event is
stored by its id in the same transaction as its effect (a second delivery finds the id taken and
changes nothing), and every effect only moves a state forward. A refund or dispute whose
payment is not in the ledger yet is kept, waiting, and applied when that payment is recorded
(never dropped, however late). Any other error rolls the transaction back whole and the
endpoint answers with an error: Stripe delivers the event again later.
"""

import datetime
import logging
import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from cms.formats import euros

from .campaigns import recount
from .emails import send_thanks
from .models import Donation, Payment, StripeEvent
from .signals import money_kept, money_returned
from .stripe_api import stripe_client

logger = logging.getLogger(__name__)

DonationStatus = Donation.Status
PaymentStatus = Payment.Status


class NotYetKnown(Exception):
    """The event refers to a payment that is not in the ledger (yet)."""

    def __init__(self, payment_intent, invoice=None):
        super().__init__(payment_intent)
        self.payment_intent = payment_intent
        self.invoice = invoice or ""


def well_formed(event):
    """Whether a verified body has the shape of a Stripe event (a signed body can still be
    anything: a list, text for a number, an id longer than the ledger keeps)."""
    return (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and 0 < len(event["id"]) <= 255
        and isinstance(event.get("type"), str)
        and len(event["type"]) <= 100
        and type(event.get("created")) is int
        and 0 <= event["created"] < 2**33  # seconds: until the year 2242
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    )


def apply_event(event):
    """Apply a verified, well-formed event (as a dict) once; True if it was new."""
    with transaction.atomic():
        stored, new = StripeEvent.objects.get_or_create(
            id=event["id"],
            defaults={"type": event["type"], "created": moment(event["created"])},
        )
        if new:
            apply_stored(stored, event)
    return new


def apply_stored(stored, event):
    """Apply the event, or keep it waiting for the payment it concerns."""
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return
    try:
        with transaction.atomic():
            handler(event["data"]["object"], event)
            recount()
    except NotYetKnown as unknown:
        stored.waiting_for = unknown.payment_intent
        stored.waiting_for_invoice = unknown.invoice
        stored.payload = event
        stored.save(update_fields=["waiting_for", "waiting_for_invoice", "payload"])
        logger.info("%s waits for payment %s", event["id"], unknown.payment_intent)


def apply_waiting(payment):
    """The events that waited for this payment, now that it is in the ledger, oldest first."""
    waiting = StripeEvent.objects.select_for_update().filter(
        Q(waiting_for=payment.payment_intent, waiting_for__gt="")
        | Q(waiting_for_invoice=payment.stripe_id)
    )
    for stored in waiting.order_by("created"):
        event = stored.payload
        stored.waiting_for = stored.waiting_for_invoice = ""
        stored.payload = None
        stored.save(update_fields=["waiting_for", "waiting_for_invoice", "payload"])
        apply_stored(stored, event)


def moment(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def from_cents(cents):
    return Decimal(cents) / 100


def reference_of(value):
    """A donation's UUID as Stripe carries it back, or None for anything else: a Payment Link
    or another integration on the same account sets references of its own."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def locked_donation(reference=None, subscription=None):
    """The donation, locked until the transaction ends: events about the same donation are
    applied one after the other."""
    donations = Donation.objects.select_for_update()
    reference = reference_of(reference) if reference else None
    if reference:
        return donations.filter(uuid=reference).first()
    if subscription:
        return donations.filter(subscription_id=subscription).first()
    return None


def donation_of_session(session):
    reference = (session.get("metadata") or {}).get("donation") or session.get(
        "client_reference_id"
    )
    donation = locked_donation(reference)
    if donation is None or donation.checkout_session_id != session.get("id"):
        # Not the session the donation form opened (a Payment Link that copied a donation's
        # reference must not mark it paid): acknowledged as not ours.
        logger.info("Checkout session %s is not one of our donations", session.get("id"))
        return None
    return donation


def donation_of_invoice(invoice):
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return locked_donation(
        (details.get("metadata") or {}).get("donation"), details.get("subscription")
    )


def record_payment(donation, stripe_id, status, amount, at, payment_intent=""):
    """The ledger entry stripe_id, created or moved forward to status."""
    payment, created = Payment.objects.select_for_update().get_or_create(
        stripe_id=stripe_id,
        defaults={
            "donation": donation,
            "status": status,
            "amount": amount,
            "payment_intent": payment_intent or "",
            "paid_at": at if status == PaymentStatus.PAID else None,
        },
    )
    if created:
        apply_waiting(payment)
    else:
        if not payment.advance(status):
            return payment
        if status == PaymentStatus.PAID:
            payment.paid_at = at
            payment.save(update_fields=["paid_at"])
    if status == PaymentStatus.PAID and donation.thanked_at is None:
        transaction.on_commit(lambda: send_thanks.enqueue(donation.pk))
    return payment


def session_payment(session, event, status):
    donation = donation_of_session(session)
    if donation is None or session.get("mode") != "payment":
        return
    record_payment(
        donation,
        session["payment_intent"],
        status,
        from_cents(session["amount_total"]),
        moment(event["created"]),
        payment_intent=session["payment_intent"],
    )
    donation.advance(
        {
            PaymentStatus.PROCESSING: DonationStatus.PROCESSING,
            PaymentStatus.PAID: DonationStatus.PAID,
            PaymentStatus.FAILED: DonationStatus.FAILED,
        }[status]
    )


def session_completed(session, event):
    """Card payments are paid now; a SEPA debit is only on its way ("unpaid" until the
    async events); a subscription starts."""
    if session.get("mode") == "subscription":
        donation = donation_of_session(session)
        if donation is None:
            return
        donation.customer_id = session.get("customer") or donation.customer_id
        donation.subscription_id = session.get("subscription") or donation.subscription_id
        donation.save(update_fields=["customer_id", "subscription_id"])
        donation.advance(DonationStatus.ACTIVE)
        return
    paid = session.get("payment_status") in ("paid", "no_payment_required")
    session_payment(session, event, PaymentStatus.PAID if paid else PaymentStatus.PROCESSING)


def invoice_event(status):
    def apply(invoice, event):
        donation = donation_of_invoice(invoice)
        if donation is None:
            return
        paid = status == PaymentStatus.PAID
        if paid and not invoice.get("amount_paid"):
            return  # nothing moved (e.g. a zero invoice)
        paid_at = ((invoice.get("status_transitions") or {}).get("paid_at")) or event["created"]
        record_payment(
            donation,
            invoice["id"],
            status,
            from_cents(invoice["amount_paid"] if paid else invoice["amount_due"]),
            moment(paid_at),
        )
        if paid:
            donation.customer_id = donation.customer_id or invoice.get("customer") or ""
            donation.save(update_fields=["customer_id"])
            donation.advance(DonationStatus.ACTIVE)

    return apply


def subscription_deleted(subscription, event):
    donation = locked_donation(
        (subscription.get("metadata") or {}).get("donation"), subscription["id"]
    )
    if donation is not None:
        donation.advance(DonationStatus.ENDED)


def payment_of(payment_intent):
    """The ledger entry a charge belongs to: a one-time payment by its payment intent, a
    monthly one through the invoice Stripe paid with it (asked once, then remembered). None
    for a payment that is not a donation."""
    payments = Payment.objects.select_for_update()
    payment = payments.filter(payment_intent=payment_intent).first()
    if payment is None:
        found = stripe_client().v1.invoice_payments.list(
            {"payment": {"type": "payment_intent", "payment_intent": payment_intent}, "limit": 1}
        )
        invoice = found.data[0].invoice if found.data else None
        payment = payments.filter(stripe_id=invoice).first() if invoice else None
        if payment is None:
            raise NotYetKnown(payment_intent or "", invoice)
        payment.payment_intent = payment_intent
        payment.save(update_fields=["payment_intent"])
    return payment


def charge_refunded(charge, event):
    """amount_refunded is Stripe's running total over partial refunds: the highest seen wins."""
    payment = payment_of(charge.get("payment_intent"))
    refunded = from_cents(charge["amount_refunded"])
    if refunded > payment.amount_refunded:
        payment.amount_refunded = refunded
        payment.save(update_fields=["amount_refunded"])
        reason = f"Erstattung von {euros(refunded, cents=True)} bei Stripe"
        money_returned.send(Payment, payment=payment, reason=reason)


def dispute_event(dispute, event):
    """A dispute flags the payment (no receipt for it) until the bank decides; lost, it stays
    blocked."""
    payment = payment_of(dispute.get("payment_intent"))
    state = {"won": "won", "warning_closed": "won", "lost": "lost"}.get(dispute["status"], "open")
    if not payment.advance(state, "dispute"):
        return
    if state == "won":  # the money stayed: the receipt is right after all
        money_kept.send(Payment, payment=payment, reason=DISPUTED)
    else:
        money_returned.send(Payment, payment=payment, reason=DISPUTED)


DISPUTED = "Zahlung bei Stripe angefochten (Dispute)"


HANDLERS = {
    "checkout.session.completed": session_completed,
    "checkout.session.async_payment_succeeded": lambda session, event: session_payment(
        session, event, PaymentStatus.PAID
    ),
    "checkout.session.async_payment_failed": lambda session, event: session_payment(
        session, event, PaymentStatus.FAILED
    ),
    "invoice.paid": invoice_event(PaymentStatus.PAID),
    "invoice.payment_failed": invoice_event(PaymentStatus.FAILED),
    "customer.subscription.deleted": subscription_deleted,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_event,
    "charge.dispute.closed": dispute_event,
}
