"""Stripe events for the tests: recorded payloads (events/*.json, API version
2026-10-28.endive) with this test's ids filled in, and signed exactly as Stripe signs them."""

import copy
import hashlib
import hmac
import json
import secrets
import time
from functools import cache
from pathlib import Path

WEBHOOK_SECRET = "whsec_test_min_0123456789abcdef"
RECORDED = Path(__file__).parent / "events"


@cache
def recorded(name):
    return json.loads((RECORDED / f"{name}.json").read_text())


def event(recording, kind=None, created=None, **fields):
    """A new event from a recording: its own id, now, and the data object's fields replaced."""
    data = copy.deepcopy(recorded(recording))
    data["id"] = f"evt_{secrets.token_hex(12)}"
    data["type"] = kind or data["type"]
    data["created"] = created or int(time.time())
    data["data"]["object"].update(fields)
    return data


def session_event(donation, kind="checkout.session.completed", payment_status="paid", **fields):
    reference = str(donation.uuid)
    monthly = donation.interval == "monthly"
    return event(
        "checkout.session.completed",
        kind,
        id=donation.checkout_session_id or f"cs_test_{reference[:8]}",
        client_reference_id=reference,
        metadata={"donation": reference},
        amount_total=donation.amount_cents,
        amount_subtotal=donation.amount_cents,
        customer_email=donation.email,
        mode="subscription" if monthly else "payment",
        payment_intent=None if monthly else f"pi_{reference[:8]}",
        payment_status=payment_status,
        customer=f"cus_{reference[:8]}" if monthly else None,
        subscription=f"sub_{reference[:8]}" if monthly else None,
        **fields,
    )


def invoice_event(donation, number, kind="invoice.paid", paid_at=None):
    """The invoice of the monthly donation's month `number` (1 is the first)."""
    reference = str(donation.uuid)
    paid_at = paid_at or int(time.time())
    return event(
        "invoice.paid",
        kind,
        created=paid_at,
        id=f"in_{reference[:8]}_{number}",
        amount_due=donation.amount_cents,
        amount_paid=donation.amount_cents if kind == "invoice.paid" else 0,
        amount_remaining=0 if kind == "invoice.paid" else donation.amount_cents,
        status="paid" if kind == "invoice.paid" else "open",
        billing_reason="subscription_create" if number == 1 else "subscription_cycle",
        customer=f"cus_{reference[:8]}",
        customer_email=donation.email,
        parent={
            "quote_details": None,
            "subscription_details": {
                "metadata": {"donation": reference},
                "subscription": f"sub_{reference[:8]}",
            },
            "type": "subscription_details",
        },
        status_transitions={
            "finalized_at": paid_at,
            "marked_uncollectible_at": None,
            "paid_at": paid_at if kind == "invoice.paid" else None,
            "voided_at": None,
        },
    )


def subscription_deleted(donation):
    reference = str(donation.uuid)
    return event(
        "customer.subscription.deleted",
        id=f"sub_{reference[:8]}",
        customer=f"cus_{reference[:8]}",
        metadata={"donation": reference},
    )


def refund_event(payment_intent, amount, amount_refunded):
    return event(
        "charge.refunded",
        id=f"ch_{payment_intent[3:]}",
        payment_intent=payment_intent,
        amount=amount,
        amount_captured=amount,
        amount_refunded=amount_refunded,
        refunded=amount_refunded == amount,
    )


def dispute_event(payment_intent, amount, kind="charge.dispute.created", status=None):
    return event(
        "charge.dispute.created",
        kind,
        id=f"du_{payment_intent[3:]}",
        charge=f"ch_{payment_intent[3:]}",
        payment_intent=payment_intent,
        amount=amount,
        status=status or "needs_response",
    )


def signature(body, secret=WEBHOOK_SECRET, timestamp=None):
    """The Stripe-Signature header: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<body>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
