"""Stripe's signed events move the ledger: once each, forward only, in any order."""

import json
import time
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from donations.models import Donation, Payment, StripeEvent
from tests.helpers import staff

from .stripe_events import (
    WEBHOOK_SECRET,
    dispute_event,
    event,
    invoice_event,
    refund_event,
    session_event,
    signature,
    subscription_deleted,
)

Status = Donation.Status
Paid = Payment.Status


def test_a_card_payment_is_paid_at_once_and_thanked_once(deliver, new_donation, client):
    donation = new_donation()
    completed = session_event(donation)
    assert deliver(completed).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Status.PAID
    (payment,) = donation.payments.all()
    assert (payment.stripe_id, payment.status, payment.amount) == (
        f"pi_{str(donation.uuid)[:8]}",
        Paid.PAID,
        Decimal("25.50"),
    )
    assert payment.paid_at.timestamp() == completed["created"]
    (thanks,) = mail.outbox
    assert thanks.to == ["maria@example.org"]
    assert "Spende von 25,50 €" in thanks.body
    assert "genügt dem Finanzamt als Nachweis Ihr Kontoauszug" in thanks.body
    page = client.get(f"{donation.page.url}danke/?spende={donation.uuid}").content.decode()
    assert "Herzlichen Dank für Ihre Spende!" in page

    assert deliver(completed).status_code == 200  # Stripe delivers it again
    assert Payment.objects.count() == 1
    assert len(mail.outbox) == 1


def test_above_300_euros_the_mail_does_not_offer_the_bank_statement(deliver, new_donation):
    deliver(session_event(new_donation(amount="300.01")))
    assert "Kontoauszug" not in mail.outbox[0].body


def test_at_300_euros_the_mail_names_the_exemption_notice(deliver, new_donation):
    deliver(session_event(new_donation(amount="300")))
    body = mail.outbox[0].body
    assert "Kontoauszug" in body
    assert "nach dem Freistellungsbescheid des Finanzamts München" in body


def test_sepa_processing_then_succeeded(deliver, new_donation, client):
    donation = new_donation()
    assert deliver(session_event(donation, payment_status="unpaid")).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Status.PROCESSING
    assert donation.payments.get().status == Paid.PROCESSING
    assert mail.outbox == []
    thanks_page = f"{donation.page.url}danke/?spende={donation.uuid}"
    assert "Ihre Lastschrift wird bearbeitet" in client.get(thanks_page).content.decode()

    succeeded = session_event(donation, "checkout.session.async_payment_succeeded")
    assert deliver(succeeded).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Status.PAID
    payment = donation.payments.get()
    assert payment.status == Paid.PAID
    assert payment.paid_at.timestamp() == succeeded["created"]
    assert len(mail.outbox) == 1


def test_sepa_processing_then_failed(deliver, new_donation, client):
    donation = new_donation()
    deliver(session_event(donation, payment_status="unpaid"))
    deliver(session_event(donation, "checkout.session.async_payment_failed"))
    donation.refresh_from_db()
    assert donation.status == Status.FAILED
    assert donation.payments.get().status == Paid.FAILED
    assert mail.outbox == []
    thanks_page = f"{donation.page.url}danke/?spende={donation.uuid}"
    assert "Die Zahlung ist nicht gelungen" in client.get(thanks_page).content.decode()


def test_sepa_events_in_reverse_order_end_in_the_same_state(deliver, new_donation):
    donation = new_donation()
    deliver(session_event(donation, "checkout.session.async_payment_succeeded"))
    deliver(session_event(donation, payment_status="unpaid"))  # late
    donation.refresh_from_db()
    assert donation.status == Status.PAID
    assert donation.payments.get().status == Paid.PAID


def test_a_monthly_donation_from_checkout_to_cancellation(
    deliver, new_donation, client, stripe_server
):
    donation = new_donation(amount="25", interval="monthly")
    deliver(session_event(donation))
    donation.refresh_from_db()
    assert donation.status == Status.ACTIVE
    reference = str(donation.uuid)[:8]
    assert (donation.customer_id, donation.subscription_id) == (
        f"cus_{reference}",
        f"sub_{reference}",
    )

    for month in (1, 2, 3):
        assert deliver(invoice_event(donation, month)).status_code == 200
    payments = donation.payments.order_by("stripe_id")
    assert [p.stripe_id for p in payments] == [f"in_{reference}_{n}" for n in (1, 2, 3)]
    assert {(p.status, p.amount) for p in payments} == {(Paid.PAID, Decimal(25))}

    (thanks,) = mail.outbox  # for the first payment, not every month
    assert "monatliche Spende von 25 €" in thanks.body
    manage_url = next(line for line in thanks.body.splitlines() if "/spende-verwalten/" in line)
    manage_page = client.get(manage_url)
    assert "Bei Stripe ändern oder beenden" in manage_page.content.decode()
    assert stripe_server.requests == []  # opening the link asks Stripe nothing
    to_portal = client.post(manage_url, {"action": "portal", "donation": donation.uuid})
    assert to_portal.status_code == 303
    assert to_portal["Location"].startswith(f"{stripe_server.url}/portal/bps_")
    (_method, path, _key, params) = stripe_server.requests[-1]
    assert path == "/v1/billing_portal/sessions"
    assert params["customer"] == f"cus_{reference}"
    assert params["return_url"].endswith(urlsplit(manage_url).path)  # back to the donor's page

    deliver(subscription_deleted(donation))
    deliver(session_event(donation))  # a late, repeated delivery
    donation.refresh_from_db()
    assert donation.status == Status.ENDED


def test_a_failed_monthly_payment_paid_on_a_later_attempt(deliver, new_donation):
    donation = new_donation(amount="10", interval="monthly")
    deliver(session_event(donation))
    deliver(invoice_event(donation, 2, kind="invoice.payment_failed"))
    assert donation.payments.get().status == Paid.FAILED
    deliver(invoice_event(donation, 2))
    assert donation.payments.get().status == Paid.PAID
    deliver(invoice_event(donation, 2, kind="invoice.payment_failed"))  # late
    assert donation.payments.get().status == Paid.PAID


@pytest.mark.parametrize(
    "signing",
    [
        {"secret": "whsec_someone_else"},
        {"timestamp": int(time.time()) - 301},  # replayed later than Stripe's tolerance
    ],
)
def test_a_bad_signature_changes_nothing(deliver, new_donation, signing):
    response = deliver(session_event(new_donation()), **signing)
    assert response.status_code == 400
    assert (StripeEvent.objects.count(), Payment.objects.count(), len(mail.outbox)) == (0, 0, 0)
    assert Donation.objects.get().status == Status.PENDING


def test_a_missing_or_tampered_signature_changes_nothing(client, settings, new_donation):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    body = json.dumps(session_event(new_donation())).encode()
    post = lambda body, **headers: client.post(  # noqa: E731
        "/stripe/webhook/", body, content_type="application/json", **headers
    )
    assert post(body).status_code == 400
    tampered = body.replace(b'"amount_total": 2550', b'"amount_total": 1')
    assert post(tampered, HTTP_STRIPE_SIGNATURE=signature(body)).status_code == 400
    assert post(b"not json", HTTP_STRIPE_SIGNATURE=signature(b"not json")).status_code == 400
    assert (StripeEvent.objects.count(), Payment.objects.count()) == (0, 0)


def test_without_a_webhook_secret_nothing_is_accepted(client, settings, new_donation):
    settings.STRIPE_WEBHOOK_SECRET = ""  # else anyone could sign with the empty key
    body = json.dumps(session_event(new_donation())).encode()
    response = client.post(
        "/stripe/webhook/",
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(body, secret=""),
    )
    assert response.status_code == 400
    assert Payment.objects.count() == 0


def test_unknown_event_types_are_acknowledged_and_ignored(deliver):
    response = deliver(event("checkout.session.completed", "customer.created", id="cus_123"))
    assert response.status_code == 200
    assert Payment.objects.count() == 0


def test_refunds_keep_stripes_running_total_whatever_the_order(deliver, new_donation):
    donation = new_donation(amount="100")
    deliver(session_event(donation))
    intent = donation.payments.get().payment_intent
    full, partial = refund_event(intent, 10000, 10000), refund_event(intent, 10000, 4000)
    deliver(partial)
    assert donation.payments.get().amount_refunded == Decimal(40)
    deliver(full)
    deliver(partial)  # delivered again, late: the total does not go back
    payment = donation.payments.get()
    assert (payment.amount_refunded, payment.net_amount) == (Decimal(100), Decimal(0))


def test_a_refund_of_a_monthly_payment_is_found_through_its_invoice(
    deliver, new_donation, stripe_server
):
    donation = new_donation(amount="20", interval="monthly")
    deliver(invoice_event(donation, 1))
    invoice = f"in_{str(donation.uuid)[:8]}_1"
    stripe_server.invoice_payments["pi_monthly1"] = invoice
    assert deliver(refund_event("pi_monthly1", 2000, 2000)).status_code == 200
    payment = Payment.objects.get(stripe_id=invoice)
    assert (payment.amount_refunded, payment.payment_intent) == (Decimal(20), "pi_monthly1")


def test_a_refund_before_its_payment_waits_and_is_applied_when_the_payment_comes(
    deliver, new_donation, stripe_server
):
    donation = new_donation()
    refund = refund_event(f"pi_{str(donation.uuid)[:8]}", 2550, 2550)
    refund["created"] -= 3 * 24 * 3600  # days before: Stripe keeps no order
    assert deliver(refund).status_code == 200  # kept, so Stripe need not retry
    waiting = StripeEvent.objects.get(id=refund["id"])
    assert waiting.waiting_for == f"pi_{str(donation.uuid)[:8]}"
    assert deliver(refund).status_code == 200  # delivered again: still one event
    deliver(session_event(donation))
    payment = donation.payments.get()
    assert payment.amount_refunded == Decimal("25.50")
    assert not StripeEvent.objects.get(id=refund["id"]).waiting_for


def test_a_dispute_for_a_monthly_payment_waits_for_its_invoice(
    deliver, new_donation, stripe_server
):
    donation = new_donation(amount="20", interval="monthly")
    invoice = f"in_{str(donation.uuid)[:8]}_1"
    stripe_server.invoice_payments["pi_monthly1"] = invoice
    deliver(dispute_event("pi_monthly1", 2000))
    assert StripeEvent.objects.get(waiting_for="pi_monthly1").waiting_for_invoice == invoice
    deliver(invoice_event(donation, 1))
    assert Payment.objects.get(stripe_id=invoice).dispute == Payment.Dispute.OPEN


def test_a_refund_of_no_donation_waits_and_finance_sees_it(
    deliver, stripe_server, client, new_donation
):
    applied = session_event(new_donation())
    deliver(applied)
    assert deliver(refund_event("pi_from_the_shop", 900, 900)).status_code == 200
    assert StripeEvent.objects.get(waiting_for__gt="").waiting_for == "pi_from_the_shop"
    assert Payment.objects.count() == 1
    staff(client, "kasse", Group.objects.get(name="Finance"))
    listing = client.get(reverse("waiting_stripe_events:index")).content.decode()
    assert "pi_from_the_shop" in listing
    assert applied["id"] not in listing


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"id": "evt_1", "type": "charge.refunded", "created": 1764063421},
        {"id": "evt_1", "type": "x", "created": "1764063421", "data": {"object": {}}},
        {"id": "evt_1", "type": "x", "created": 10**20, "data": {"object": {}}},
        {"id": "e" * 300, "type": "x", "created": 1764063421, "data": {"object": {}}},
        {"id": "evt_1", "type": "x", "created": 1764063421, "data": {"object": []}},
    ],
    ids=["array", "no-data", "created-text", "created-huge", "long-id", "object-list"],
)
def test_a_signed_but_malformed_body_is_a_bad_request(deliver, body):
    assert deliver(body).status_code == 400
    assert StripeEvent.objects.count() == 0


def test_a_dispute_flags_the_payment_until_it_is_decided(deliver, new_donation):
    donation = new_donation()
    deliver(session_event(donation))
    intent = donation.payments.get().payment_intent
    deliver(dispute_event(intent, 2550))
    assert donation.payments.get().dispute == Payment.Dispute.OPEN
    deliver(dispute_event(intent, 2550, kind="charge.dispute.closed", status="won"))
    deliver(dispute_event(intent, 2550))  # late
    assert donation.payments.get().dispute == Payment.Dispute.WON


@pytest.mark.parametrize(
    "reference", ["plink_1Q2w3E4r", "", "12345", "{'x': 1}"], ids=["link", "empty", "int", "text"]
)
def test_a_session_that_is_not_ours_is_acknowledged(deliver, new_donation, reference):
    """A Payment Link or another integration on the same Stripe account."""
    donation = new_donation()
    foreign = session_event(donation)
    foreign["data"]["object"].update(
        id="cs_live_foreign", client_reference_id=reference, metadata={"donation": reference}
    )
    assert deliver(foreign).status_code == 200
    assert deliver(foreign).status_code == 200
    assert Payment.objects.count() == 0


def test_only_the_donations_own_checkout_session_pays_it(deliver, new_donation):
    """A Payment Link carrying a donation's reference does not mark that donation paid."""
    donation = new_donation()
    payment_link = session_event(donation)
    payment_link["data"]["object"]["id"] = "cs_test_payment_link"
    assert deliver(payment_link).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Status.PENDING
    assert Payment.objects.count() == 0
    deliver(session_event(donation))
    donation.refresh_from_db()
    assert donation.status == Status.PAID
