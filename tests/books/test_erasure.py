"""Erasing a regular donor: the subscription is cancelled at Stripe first (against the fake
Stripe over real HTTP), or nothing is erased."""

import datetime
import socket

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from books.models import BankEntry
from books.offline import Import
from books.statements import read_statement
from cms import privacy
from cms.privacy import ErasureRefused
from donations.models import Donation, Payment
from tests.helpers import staff

from . import camt

EMAIL = "maria@example.org"


@pytest.fixture
def monthly(new_donation, stripe_server):
    donation = new_donation(amount="10", interval="monthly", status="active",
                            customer_id="cus_m", subscription_id="sub_m")  # fmt: skip
    stripe_server.subscriptions["sub_m"] = "active"
    return donation


def test_erasing_a_monthly_donor_cancels_the_subscription_first(client, monthly, stripe_server):
    staff(client, "buero", Group.objects.get(name="Office"))
    client.post(
        reverse("privacy_requests"),
        {"email": EMAIL, "kind": "erase", "confirm": "on", "received_on": timezone.localdate()},
    )
    assert ("DELETE", "/v1/subscriptions/sub_m", None, {}) in stripe_server.requests
    assert stripe_server.subscriptions["sub_m"] == "canceled"
    monthly.refresh_from_db()
    assert (monthly.status, monthly.name, monthly.email, monthly.customer_id) == (
        Donation.Status.ENDED, "(anonymisiert)", "", "",
    )  # fmt: skip


def test_a_subscription_cancelled_already_does_not_stop_the_erasure(monthly, stripe_server):
    stripe_server.subscriptions["sub_m"] = "canceled"  # "No such subscription" to Stripe
    privacy.erase(EMAIL)
    assert not Donation.objects.filter(email=EMAIL).exists()


def test_while_stripe_cannot_be_reached_nothing_is_erased(client, monthly, settings):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{free.getsockname()[1]}"
    with pytest.raises(ErasureRefused):
        privacy.erase(EMAIL)
    staff(client, "buero", Group.objects.get(name="Office"))
    response = client.post(
        reverse("privacy_requests"),
        {"email": EMAIL, "kind": "erase", "confirm": "on", "received_on": timezone.localdate()},
        follow=True,
    )
    assert "nichts gelöscht" in response.content.decode()
    monthly.refresh_from_db()
    assert (monthly.email, monthly.status) == (EMAIL, Donation.Status.ACTIVE)


def test_the_bank_lines_of_a_donor_are_exported_anonymised_and_purged_after_ten_years(
    new_donation,
):
    donor = new_donation(amount="40", public_name="Maria B.")
    lines = [
        camt.credit("40.00", "Maria Beispiel", "DE75512108001245126199",
                    f"Spende {donor.transfer_reference}", "2026-01-05", end_to_end="E2E-1"),
        camt.credit("40.00", "Maria Beispiel", "DE75512108001245126199", "RUECKLASTSCHRIFT",
                    "2026-01-09", debit=True, reversal=True, end_to_end="E2E-1"),
    ]  # fmt: skip
    Import(read_statement(camt.upload(camt.statement(lines)))).run()
    assert len(privacy.export(EMAIL)["records"]["donations.bank_entries"]) == 1
    privacy.erase(EMAIL)
    assert set(BankEntry.objects.values_list("name", "iban", "text")) == {
        ("(anonymisiert)", "", ""),
        ("Maria Beispiel", "DE75512108001245126199", "RUECKLASTSCHRIFT"),  # not her gift's
    }
    assert Donation.objects.filter(wants_receipt=True, email="").count() == 0
    ten_years = timezone.now() + datetime.timedelta(days=10 * 366 + 1)
    counts = privacy.purge(ten_years)
    assert counts["donations.bank_entries"] == 2 and counts["donations.payments"] == 1
    assert not BankEntry.objects.exists() and not Payment.objects.exists()
