"""Only the Finance group sees the donations; nobody changes them in the admin."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from donations.models import Donation
from tests.conftest import staff

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
    client.force_login(django_user_model.objects.create_superuser("chef", "c@example.org", "pw"))
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
