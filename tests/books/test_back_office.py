"""Only the Finance group sees the donations; nobody changes them in the admin."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from books.models import Receipt
from donations.models import Donation, Payment
from tests.helpers import sign_in, staff

INDEX = "donations:index"


@pytest.fixture
def donations(donation_page):
    now = timezone.now()
    return [
        Donation.objects.create(
            uuid=f"00000000-0000-4000-8000-00000000000{n}",
            page=donation_page,
            amount=Decimal(amount),
            interval=interval,
            name=name,
            email=f"{name.lower()}@example.org",
            purpose=purpose,
            consented_at=now,
        )
        for n, (amount, interval, name, purpose) in enumerate(
            [
                ("25.50", "once", "Annabell", "Manufakturen"),
                ("10", "monthly", "Zacharias", ""),
            ]
        )
    ]


@pytest.fixture
def finance(client, db):
    return staff(client, "kasse", Group.objects.get(name="Finance"))


def test_finance_lists_filters_searches_and_exports(finance, donations):
    index = reverse(INDEX)
    content = finance.get(index).content.decode()
    assert "Annabell" in content and "Zacharias" in content
    assert "Zacharias" not in finance.get(index, {"interval": "once"}).content.decode()
    assert "Annabell" not in finance.get(index, {"q": "zacharias@"}).content.decode()
    today = timezone.localdate().isoformat()
    assert "Annabell" in finance.get(index, {"created_at_from": today}).content.decode()
    assert "Annabell" not in finance.get(index, {"created_at_to": "2020-01-01"}).content.decode()
    csv = finance.get(index, {"export": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert (
        ",Wartet auf die Zahlung,25.50,Einmalig,Manufakturen,Annabell,annabell@example.org," in body
    )


def test_nobody_adds_or_changes_donations(client, donations, django_user_model):
    sign_in(client, django_user_model.objects.create_superuser("chef", "c@example.org", "pw"))
    donation = donations[0]
    assert client.get(reverse("donations:inspect", args=[donation.pk])).status_code == 200
    for url in (
        reverse("donations:add"),
        reverse("donations:edit", args=[donation.pk]),
        reverse("donations:delete", args=[donation.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url


@pytest.mark.parametrize("group", ["Office", None])
def test_others_see_no_donations(client, donations, group):
    staff(client, "jemand", *([Group.objects.get(name=group)] if group else []))
    assert client.get(reverse(INDEX)).status_code in (302, 403)


@pytest.fixture
def ledger(donations):
    """Three payments: two months of Zacharias's monthly donation, Annabell's refunded in part."""
    now = timezone.now()
    annabell, zacharias = donations
    for donation in donations:
        donation.street, donation.postcode, donation.city = "Marienplatz 8", "80331", "München"
        donation.save()
    return [
        Payment.objects.create(
            donation=annabell,
            stripe_id="pi_annabell",
            payment_intent="pi_annabell",
            status="paid",
            amount=Decimal("25.50"),
            amount_refunded=Decimal("5.50"),
            paid_at=now,
        ),
        *[
            Payment.objects.create(
                donation=zacharias,
                stripe_id=f"in_zacharias_{month}",
                status="paid",
                amount=Decimal(10),
                paid_at=now - datetime.timedelta(days=40 * month),
            )
            for month in (0, 1)
        ],
    ]


def test_finance_sees_the_ledger_and_exports_it_for_accounting(finance, ledger):
    index = reverse("payments:index")
    content = finance.get(index).content.decode()
    assert "Annabell" in content and "Zacharias" in content
    assert "Annabell" not in finance.get(index, {"interval": "monthly"}).content.decode()
    assert "Zacharias" not in finance.get(index, {"purpose": "manufakturen"}).content.decode()
    assert "Annabell" not in finance.get(index, {"q": "in_zacharias"}).content.decode()
    body = b"".join(finance.get(index, {"export": "csv"}).streaming_content).decode()
    header, *rows = body.splitlines()
    assert header.startswith("Bezahlt am,Quelle,Art,Stripe-Referenz,Stripe-Zahlung,Status,Betrag")
    annabell = ",Stripe,Geld,pi_annabell,pi_annabell,Bezahlt,25.50,5.50,20.00,"
    assert any(annabell in row for row in rows)


def test_finance_issues_a_receipt_and_downloads_it(finance, ledger, mailoutbox):
    payment = ledger[0]
    url = reverse("payments:issue_receipt", args=[payment.pk])
    assert "Bestätigung ausstellen" in finance.get(reverse("payments:index")).content.decode()
    assert "20,00 €" in finance.get(url).content.decode()
    response = finance.post(url, follow=True)
    receipt = Receipt.objects.get()
    assert f"Bestätigung {receipt.number} ausgestellt" in response.content.decode()
    pdf = finance.get(reverse("receipts:pdf", args=[receipt.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(receipt.pdf)
    again = finance.post(url, follow=True).content.decode()
    assert "keine bezahlte Spende mehr" in again
    assert Receipt.objects.count() == 1


def test_finance_issues_the_collective_receipts_of_a_year(finance, ledger):
    Donation.objects.update(wants_receipt=True)
    url = reverse("receipts:collective")
    year = timezone.localdate().year
    page = finance.get(url, {"year": year}).content.decode()
    assert "Sammelbestätigungen ausstellen" in page
    finance.post(url, {"year": year, "email": ""})
    issued = dict(Receipt.objects.values_list("email", "total"))
    expected_zacharias = sum(
        p.amount for p in ledger[1:] if timezone.localtime(p.paid_at).year == year
    )
    assert issued == {"annabell@example.org": 20, "zacharias@example.org": expected_zacharias}
    response = finance.post(url, {"year": "nineteen"})
    assert response.status_code == 200 and Receipt.objects.count() == 2


def test_the_dashboard_shows_this_months_and_this_years_donations(finance, ledger):
    page = finance.get(reverse("wagtailadmin_home")).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    panel = soup.select_one("[aria-labelledby=donation-totals-heading]")
    counts = [c.get_text() for c in panel.select(".w-summary__count")]
    assert counts[0] == "30,00 €"  # Annabell's 20 € after the refund, Zacharias's 10 €
    chart = panel.select_one("svg[role=img]")
    assert len(chart.select("rect")) == 12
    assert chart.select("rect")[-1]["height"] == "80.0"  # the highest month fills the chart
    month = timezone.localdate().strftime("%Y")
    assert month in panel.select_one("figcaption table").get_text()
    assert "cdn" not in page.lower()


@pytest.mark.parametrize("group", ["Office", "Editors", None])
def test_only_finance_reaches_ledger_receipts_and_their_settings(client, ledger, group):
    groups = [Group.objects.get(name=group)] if group and Group.objects.filter(name=group) else []
    staff(client, "jemand", *groups)
    receipt_url = reverse("payments:issue_receipt", args=[ledger[0].pk])
    for url in (
        reverse("payments:index"),
        reverse("receipts:index"),
        reverse("receipts:collective"),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(receipt_url).status_code in (302, 403)
    assert Receipt.objects.count() == 0
    assert not User.objects.get(username="jemand").has_perm("donations.change_receiptsettings")
    assert (
        "donation-totals-heading" not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
