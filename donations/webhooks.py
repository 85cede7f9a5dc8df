"""Stripe's events, the ledger's source of truth.

Stripe delivers each event at least once, retries for days and keeps no order. So each event is
stored by its id in the same transaction as its effect (a second delivery finds the id taken and
changes nothing), and every effect only moves a state forward. An effect that cannot be applied
yet raises, the transaction rolls back whole and the endpoint answers with an error: Stripe
delivers the event again later.
"""

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import Donation, Payment, StripeEvent
from .services import stripe_client
from .tasks import send_thanks

logger = logging.getLogger(__name__)

DonationStatus = Donation.Status
PaymentStatus = Payment.Status


# How long a charge event waits (through Stripe's retries) for the payment it refers to; after
# that it is taken to concern a payment made elsewhere on the same Stripe account.
WAIT_FOR_PAYMENT = datetime.timedelta(hours=24)


class NotYetKnown(Exception):
    """The event refers to a payment whose own event has not arrived yet."""


def apply_event(event):
    """Apply a verified event (as a dict) once; True if it was new."""
    with transaction.atomic():
        _stored, new = StripeEvent.objects.get_or_create(
            id=event["id"],
            defaults={"type": event["type"], "created": moment(event["created"])},
        )
        handler = HANDLERS.get(event["type"])
        if new and handler:
            handler(event["data"]["object"], event)
    return new


def moment(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def euros(cents):
    return Decimal(cents) / 100


def locked_donation(reference=None, subscription=None):
    """The donation, locked until the transaction ends: events about the same donation are
    applied one after the other."""
    donations = Donation.objects.select_for_update()
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
    if donation is None:
        logger.info("Checkout session %s is not one of our donations", session["id"])
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
    if not created:
        if not payment.advance(status):
            return payment
        if status == PaymentStatus.PAID:
            payment.paid_at = at
        payment.save(update_fields=["status", "paid_at"])
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
        euros(session["amount_total"]),
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
            euros(invoice["amount_paid"] if paid else invoice["amount_due"]),
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


def payment_of(payment_intent, event):
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
            if timezone.now() - moment(event["created"]) < WAIT_FOR_PAYMENT:
                raise NotYetKnown(payment_intent)
            logger.warning("%s concerns no donation; ignored", event["id"])
            return None
        payment.payment_intent = payment_intent
        payment.save(update_fields=["payment_intent"])
    return payment


def charge_refunded(charge, event):
    """amount_refunded is Stripe's running total over partial refunds: the highest seen wins."""
    payment = payment_of(charge["payment_intent"], event)
    if payment is None:
        return
    refunded = euros(charge["amount_refunded"])
    if refunded > payment.amount_refunded:
        payment.amount_refunded = refunded
        payment.save(update_fields=["amount_refunded"])


def dispute_event(dispute, event):
    """A dispute flags the payment (no receipt for it) until the bank decides; lost, it stays
    blocked."""
    payment = payment_of(dispute["payment_intent"], event)
    if payment is None:
        return
    state = {"won": "won", "warning_closed": "won", "lost": "lost"}.get(dispute["status"], "open")
    if payment.advance_dispute(state):
        payment.save(update_fields=["dispute"])


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
