"""From the donation form to Stripe Checkout, through the SDK's real HTTP requests."""

import time
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from cms.formats import parse_euros
from cms.forms import form_token
from donations.models import Donation
from tests.factories import donation_entries as valid_data

from .stripe_events import session_event

Status = Donation.Status


@pytest.fixture
def donate(submit_form, donation_page):
    return lambda **overrides: submit_form(donation_page.url, valid_data(**overrides))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("25", Decimal("25")),
        ("25,50", Decimal("25.50")),
        ("25,5", Decimal("25.5")),
        (" 1.234,56 € ", Decimal("1234.56")),
        ("1.234", Decimal("1234")),
        ("25.50", Decimal("25.50")),
        ("EUR 10", Decimal("10")),
        ("", None),
        ("zehn", None),
        ("25,555", None),
        ("-5", None),
        ("1e3", None),
    ],
)
def test_amounts_as_people_type_them(text, amount):
    assert parse_euros(text) == amount


def test_the_form(get_soup, donation_page, stripe_server):
    soup = get_soup(donation_page.url)
    form = soup.select_one("#spende form")
    amounts = [label.get_text(strip=True) for label in form.select("#id_amount label")]
    assert amounts == ["10 €", "25 €", "50 €", "100 €", "Anderer Betrag"]
    assert form.select_one("input[name=interval][value=once]").has_attr("checked")
    purposes = [o.get_text(strip=True) for o in form.select("select[name=purpose] option")]
    assert purposes == [
        "Wo am nötigsten",
        "Werkstattgespräche mit der Stadt",
        "Manufakturen",
        "Newsletter",
    ]
    assert not form.select_one("input[name=reference]")  # made when the form is sent
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Weiter zur Zahlung"


def test_a_one_time_donation_goes_to_checkout(donate, stripe_server, donation_page):
    response = donate(purpose="Manufakturen")
    assert response.status_code == 303
    donation = Donation.objects.get()
    assert donation.status == Status.PENDING
    assert (donation.amount, donation.interval) == (Decimal("25.50"), "once")
    assert donation.email == "maria@example.org"
    assert response["Location"] == donation.checkout_url
    assert donation.checkout_url.startswith(f"{stripe_server.url}/checkout/cs_test_")

    (method, path, key, params) = stripe_server.requests[0]
    assert (method, path) == ("POST", "/v1/checkout/sessions")
    assert key == f"donation-{donation.uuid}-checkout"
    assert params["mode"] == "payment"
    assert params["line_items[0][price_data][currency]"] == "eur"
    assert params["line_items[0][price_data][unit_amount]"] == "2550"
    assert params["line_items[0][price_data][product_data][name]"] == "Spende an MIN – Manufakturen"
    assert params["client_reference_id"] == str(donation.uuid)
    assert params["metadata[donation]"] == str(donation.uuid)
    assert params["payment_intent_data[metadata][donation]"] == str(donation.uuid)
    assert params["submit_type"] == "donate"
    assert params["customer_email"] == "maria@example.org"
    assert params["success_url"] == f"{donation_page.full_url}danke/?spende={donation.uuid}"
    assert params["cancel_url"] == f"{donation_page.full_url}?abgebrochen={donation.uuid}"
    # Payment methods come from the Stripe dashboard, so SEPA Direct Debit works.
    assert not any(name.startswith("payment_method_types") for name in params)


def test_a_monthly_donation_is_a_subscription(donate, stripe_server):
    assert donate(amount="25", interval="monthly").status_code == 303
    donation = Donation.objects.get()
    ((_m, _p, _k, params),) = stripe_server.requests
    assert params["mode"] == "subscription"
    assert params["line_items[0][price_data][unit_amount]"] == "2500"
    assert params["line_items[0][price_data][recurring][interval]"] == "month"
    assert params["subscription_data[metadata][donation]"] == str(donation.uuid)
    assert "submit_type" not in params


@pytest.mark.parametrize(
    ("interval", "recurring"),
    [("quarterly", {"interval": "month", "interval_count": "3"}), ("yearly", {"interval": "year"})],
)
def test_quarterly_and_yearly_donations_are_subscriptions_of_their_interval(
    donate, stripe_server, interval, recurring
):
    assert donate(amount="25", interval=interval).status_code == 303
    ((_m, _p, _k, params),) = stripe_server.requests
    assert params["mode"] == "subscription"
    prefix = "line_items[0][price_data][recurring]"
    assert {k[len(prefix) + 1 : -1]: v for k, v in params.items() if k.startswith(prefix)} == (
        recurring
    )


def test_the_same_form_sent_twice_is_one_donation_and_one_session(donate, stripe_server):
    shown_at = form_token(time.time() - 30)
    first = donate(shown_at=shown_at)
    second = donate(shown_at=shown_at)  # a double click
    assert first["Location"] == second["Location"]
    assert Donation.objects.count() == 1
    assert len(stripe_server.checkout_sessions()) == 1


def test_other_values_with_a_used_form_time_ask_to_send_again(donate, stripe_server):
    shown_at = form_token(time.time() - 30)
    donate(shown_at=shown_at)
    again = donate(shown_at=shown_at, other_amount="30")  # back in the browser, another amount
    assert "wurde bereits gesendet" in again.content.decode()
    assert Donation.objects.count() == 1
    donate(shown_at=form_token(time.time() - 30), other_amount="30")  # the form shown anew
    assert sorted(Donation.objects.values_list("amount", flat=True)) == [25.5, 30]


def test_two_donors_on_one_cached_page_make_two_donations(
    donation_page, stripe_server, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FORM_MIN_FILL_SECONDS = 0
    donors = [Client(), Client()]
    pages = [donor.get(donation_page.url) for donor in donors]
    assert pages[1]["X-Page-Cache"] == "hit"
    assert pages[0].content == pages[1].content
    for number, donor in enumerate(donors):
        token = donor.get(reverse("form_token")).json()["shown_at"]
        data = valid_data(name=f"Spender {number}", email=f"s{number}@example.org")
        response = donor.post(donation_page.url, {**data, "homepage": "", "shown_at": token})
        assert response.status_code == 303
    assert Donation.objects.count() == 2
    assert len(stripe_server.checkout_sessions()) == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"other_amount": "2"},
            "other_amount",
            "Bitte geben Sie einen Betrag zwischen 5 € und 10.000 € an.",
        ),
        ({"other_amount": "20000"}, "other_amount", "zwischen 5 € und 10.000 €"),
        ({"other_amount": "viel"}, "other_amount", "Bitte geben Sie einen Betrag in Euro ein"),
        ({"amount": "7"}, "amount", "Bitte eine gültige Auswahl treffen"),
        ({"wants_receipt": "on"}, "street", "Für die Zuwendungsbestätigung nötig."),
        ({"consent": ""}, "consent", "Bitte stimmen Sie zu"),
    ],
)
def test_errors_stand_next_to_their_field(donate, stripe_server, overrides, field, message):
    response = donate(**overrides)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert message in soup.find(id=f"id_{field}_error").get_text()
    assert soup.select_one("[name=name]")["value"] == "Maria Beispiel"
    assert Donation.objects.count() == 0
    assert stripe_server.requests == []


def test_back_from_a_cancelled_checkout_the_values_are_kept(donate, stripe_server, get_soup):
    donate(wants_receipt="on", street="Marienplatz 8", postcode="80331", city="München")
    donation = Donation.objects.get()
    soup = get_soup(f"{donation.page.url}?abgebrochen={donation.uuid}")
    form = soup.select_one("#spende form")
    assert form.select_one("input[name=amount][value=other]").has_attr("checked")
    assert form.select_one("[name=other_amount]")["value"] == "25,50"
    assert form.select_one("[name=name]")["value"] == "Maria Beispiel"
    assert form.select_one("[name=street]")["value"] == "Marienplatz 8"
    assert form.select_one("[name=wants_receipt]").has_attr("checked")
    assert not form.select_one("[name=shown_at]").get("value")  # a new form, a new donation


def test_a_cancelled_checkout_shows_the_entries_only_to_their_browser(
    donate, stripe_server, donation_page
):
    donate(street="Marienplatz 8")
    donation = Donation.objects.get()
    stranger = Client()
    page = stranger.get(f"{donation_page.url}?abgebrochen={donation.uuid}")
    assert page.status_code == 200
    assert "Maria Beispiel" not in page.content.decode()
    assert "no-cache" in page["Cache-Control"]


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (Status.PENDING, "Wir warten darauf, dass Stripe Ihre Zahlung bestätigt"),
        (Status.PROCESSING, "Ihre Lastschrift wird bearbeitet"),
        (Status.PAID, "Herzlichen Dank für Ihre Spende!"),
        (Status.FAILED, "Die Zahlung ist nicht gelungen"),
    ],
)
def test_the_thank_you_page_shows_the_recorded_state(donate, stripe_server, client, status, text):
    donate()
    donation = Donation.objects.get()
    Donation.objects.update(status=status)
    page = client.get(f"{donation.page.url}danke/?spende={donation.uuid}").content.decode()
    assert text in page


def test_without_stripe_keys_the_page_explains_and_takes_nothing(
    client, donation_page, settings, submit_form
):
    settings.STRIPE_SECRET_KEY = ""
    page = client.get(donation_page.url).content.decode()
    assert "Online-Spenden sind gerade nicht möglich" in page
    assert "STRIPE_SECRET_KEY" not in page  # that note is for staff
    assert submit_form(donation_page.url, valid_data()).status_code == 200
    assert Donation.objects.count() == 0


def test_staff_are_told_what_is_missing(client, donation_page, settings, django_user_model):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(django_user_model.objects.create_user("s", is_staff=True))
    assert "STRIPE_SECRET_KEY" in client.get(donation_page.url).content.decode()


def test_when_stripe_cannot_be_reached_the_form_says_so(donate, stripe_server, settings, caplog):
    settings.STRIPE_SECRET_KEY = "sk_test_revoked"  # the server refuses it
    response = donate()
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Die Zahlungsseite ist gerade nicht erreichbar" in soup.select_one(".form-errors").text
    assert soup.select_one("[name=name]")["value"] == "Maria Beispiel"
    assert "Stripe Checkout for donation" in caplog.text
    # Sending the form again, once Stripe answers, goes on with the same donation.
    settings.STRIPE_SECRET_KEY = "sk_test_fake_min"
    form = {tag["name"]: tag.get("value", "") for tag in soup.select("#spende input[type=hidden]")}
    assert donate(shown_at=form["shown_at"]).status_code == 303
    assert Donation.objects.count() == 1


def test_back_from_checkout_a_suggested_amount_is_chosen_again(donate, stripe_server, get_soup):
    donate(amount="100", other_amount="")
    donation = Donation.objects.get()
    form = get_soup(f"{donation.page.url}?abgebrochen={donation.uuid}").select_one("#spende form")
    assert form.select_one("input[name=amount][value='100']").has_attr("checked")
    assert form.select_one("[name=other_amount]").get("value", "") == ""


def test_after_a_one_time_gift_the_thanks_page_may_invite_a_regular_one(
    client, donation_page, new_donation, deliver
):
    once, monthly = new_donation(), new_donation(interval="monthly")
    deliver(session_event(once))
    deliver(session_event(monthly))

    def thanks(donation):
        return client.get(f"{donation_page.url}danke/", {"spende": donation.uuid}).content.decode()

    assert "Regelmäßig spenden?" not in thanks(once)  # off by default
    donation_page.monthly_invitation = "Mit 5 € im Monat planen wir die Manufakturen sicher."
    donation_page.save_revision().publish()
    assert "Mit 5 € im Monat planen wir" in thanks(once)
    assert f'href="{donation_page.url}#spende"' in thanks(once)
    assert "Regelmäßig spenden?" not in thanks(monthly)
