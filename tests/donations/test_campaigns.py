"""A campaign's goal, period and progress: paid gifts of money, online and offline, net of
refunds, shown on the cached page and counted again by the webhook; the donor wall, off by
default, with names as donors wrote them; the total right under concurrent webhooks."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from books.offline import record_gift
from cms.pages import german
from donations.models import CampaignTotal, DonationPage, Payment
from donations.webhooks import apply_event

from .stripe_events import refund_event, session_event


@pytest.fixture
def campaign(donation_page, settings):
    settings.PAGE_CACHE_SECONDS = 300  # as in production: the page is served from the cache
    today = timezone.localdate()
    donation_page.goal = Decimal(1000)
    donation_page.campaign_start = today - datetime.timedelta(days=10)
    donation_page.campaign_end = today + datetime.timedelta(days=20)
    donation_page.save_revision().publish()
    return german(DonationPage.objects).get()


def progress(client, page):
    response = client.get(page.url)
    html = response.content.decode()
    return response["X-Page-Cache"], html


def test_the_page_shows_the_progress_the_webhook_counted(campaign, client, deliver, new_donation):
    assert '<progress class="campaign__bar" max="100" value="0"' in progress(client, campaign)[1]
    assert progress(client, campaign)[0] == "hit"
    donation = new_donation(amount="250")
    deliver(session_event(donation))
    state, html = progress(client, campaign)
    assert state == "miss"  # the count made a new version of the page
    assert "<strong>250 €</strong> von 1.000 €" in html and 'value="25"' in html
    deliver(refund_event(donation.payments.get().payment_intent, 25000, 5000))
    assert "<strong>200 €</strong> von 1.000 €" in progress(client, campaign)[1]


def test_gifts_by_bank_and_by_hand_count_and_gifts_in_kind_or_outside_the_period_do_not(
    campaign, client, deliver, new_donation, django_user_model
):
    today = timezone.localdate()
    gift = {"name": "Anna", "amount": Decimal(100), "kind": "money", "date": today}
    record_gift(gift, None)
    record_gift({**gift, "kind": "in_kind", "in_kind_description": "Werkzeug",
                 "value_basis": "private"}, None)  # fmt: skip
    record_gift({**gift, "date": today - datetime.timedelta(days=30)}, None)
    total = CampaignTotal.objects.get()
    assert (total.raised, total.gifts) == (Decimal(100), 1)
    assert "1 Spende vom" in progress(client, campaign)[1]


def test_the_donor_wall_names_only_those_who_asked_as_they_wrote_it(
    campaign, client, deliver, new_donation, stripe_server
):
    assert 'name="public_name"' not in progress(client, campaign)[1]  # off by default
    for name, public in (("Anna", "Anna & Ben <3"), ("Bert", ""), ("Cem", "Familie Yılmaz")):
        deliver(session_event(new_donation(name=name, public_name=public)))
    assert "Familie Yılmaz" not in progress(client, campaign)[1]  # no wall: no names
    campaign.donor_wall = True
    campaign.save_revision().publish()
    html = progress(client, campaign)[1]
    assert 'name="public_name"' in html
    assert "Anna &amp; Ben &lt;3" in html and "Familie Yılmaz" in html and "Bert" not in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
def test_the_total_is_right_when_webhooks_arrive_at_once(demo_site, new_donation_factory):
    page = german(DonationPage.objects).get()
    today = timezone.localdate()
    page.goal, page.campaign_start, page.campaign_end = Decimal(5000), today, today
    page.save_revision().publish()
    donations = [new_donation_factory(amount=str(10 + n)) for n in range(8)]
    events = [session_event(d) for d in donations]
    start = threading.Barrier(len(events))
    errors = []

    def deliver(event):
        try:
            start.wait()
            apply_event(event)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(event,)) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    paid = sum(Payment.objects.values_list("amount", flat=True))
    total = CampaignTotal.objects.get()
    assert (total.raised, total.gifts) == (paid, 8) == (Decimal(sum(10 + n for n in range(8))), 8)
