"""Double opt-in: a request sends one confirmation mail, only its link subscribes, confirming
writes a proof that is never edited, and nothing tells a stranger who is subscribed."""

import re
import time
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsletter.models import ConsentRecord, Subscriber
from tests.factories import subscription_entries as valid_data

Status = Subscriber.Status


@pytest.fixture
def subscribe(submit_form, newsletter_page):
    return lambda **overrides: submit_form(newsletter_page.url, valid_data(**overrides))


def confirm_path(message):
    return urlsplit(
        re.search(r"https?://\S+/newsletter/bestaetigen/\S+/", message.body).group()
    ).path


def test_the_form_on_the_newsletter_page_and_in_every_footer(get_soup, newsletter_page, home):
    form = get_soup(newsletter_page.url).select_one("#abonnieren form")
    labels = [label.get_text(strip=True) for label in form.select(".form-field label")]
    assert labels == [
        "E-Mail-Adresse",
        "Name (freiwillig)",
        "Veranstaltungen: Einladungen zu Werkstattgesprächen, Treffen und Aktionstagen",
        "Quartiere: Neues aus den Quartiersinitiativen und dritten Orten",
        "Förderfristen: Förderprogramme und ihre Fristen",
        newsletter_page.consent_text,
    ]
    assert form.select_one("fieldset legend").get_text(strip=True) == "Themen"
    assert get_soup(newsletter_page.url).select_one("form.footer-newsletter") is None

    footer = get_soup(home.url).select_one("footer form.footer-newsletter")
    assert footer["action"] == f"{newsletter_page.url}#abonnieren"
    assert footer.select_one("input[name=source]")["value"] == home.url
    assert footer.select_one("input[name=shown_at]")
    assert footer.select_one("label[for=footer-consent]").get_text() == newsletter_page.consent_text


def test_a_request_stays_pending_and_sends_exactly_one_mail(subscribe, client, newsletter_page):
    response = subscribe()
    assert response.status_code == 302
    assert response["Location"] == f"{newsletter_page.url}danke/"
    assert "Bitte öffnen Sie den Link" in client.get(response["Location"]).content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "maria@example.org"
    assert subscriber.status == Status.PENDING
    assert subscriber.source_url == "http://testserver/berichte/"
    assert subscriber.consent_text == newsletter_page.consent_text
    assert subscriber.ip_address == "127.0.0.1"
    assert subscriber.requested_at is not None

    (message,) = mail.outbox
    assert message.to == ["maria@example.org"]
    assert message.subject == "Bitte bestätigen Sie Ihr Newsletter-Abonnement"
    assert "Guten Tag," in message.body
    assert "Maria" not in message.body  # the address is not verified yet: no typed text
    # Nothing but the link: no advertising in the double opt-in mail.
    html = BeautifulSoup(message.alternatives[0].content, "html.parser")
    assert {a["href"] for a in html.select("a")} == {f"http://testserver{confirm_path(message)}"}
    assert (
        len(
            subscriber.confirmation_mail_version
            or Subscriber.objects.get().confirmation_mail_version
        )
        == 12
    )


def test_the_link_asks_and_only_the_button_confirms(subscribe, client):
    subscribe()
    page = client.get(confirm_path(mail.outbox[0]))  # as a mail scanner opens it
    assert page.status_code == 200
    button = BeautifulSoup(page.content, "html.parser").select_one("main form[method=post] button")
    assert button.get_text(strip=True) == "Ja, abonnieren"
    assert "maria@example.org" in page.content.decode()
    assert Subscriber.objects.get().status == Status.PENDING
    assert not ConsentRecord.objects.exists()


def test_confirming_subscribes_and_writes_the_proof(subscribe, client):
    subscribe()
    (message,) = mail.outbox
    response = client.post(confirm_path(message), HTTP_USER_AGENT="Firefox/140")
    assert response.status_code == 200
    assert "Ihr Abonnement ist bestätigt" in response.content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.CONFIRMED
    record = ConsentRecord.objects.get()
    assert record.subscriber == subscriber
    assert record.email == "maria@example.org"
    assert record.requested_at == subscriber.requested_at
    assert record.confirmed_at == subscriber.confirmed_at
    assert record.source_url == "http://testserver/berichte/"
    assert record.consent_text == subscriber.consent_text
    assert len(record.consent_text_version) == 12
    assert record.confirmation_mail_version == subscriber.confirmation_mail_version
    assert record.confirm_user_agent == "Firefox/140"
    assert record.confirm_ip_address == "127.0.0.1"
    with pytest.raises(ValueError, match="never changed"):
        record.save()


def test_a_confirmation_link_works_once(subscribe, client):
    subscribe()
    path = confirm_path(mail.outbox[0])
    assert client.post(path).status_code == 200
    again = client.get(path)
    assert again.status_code == 400
    assert "Dieser Link funktioniert nicht mehr" in again.content.decode()
    assert ConsentRecord.objects.count() == 1


def test_an_expired_link_fails(subscribe, client, monkeypatch):
    subscribe()
    path = confirm_path(mail.outbox[0])
    later = time.time() + 7 * 24 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert Subscriber.objects.get().status == Status.PENDING


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-3] + "abc",
        lambda token: signing.dumps({"s": 1, "n": ""}, salt="newsletter.confirm"),
        lambda token: "kaputt",
    ],
    ids=["signature", "no-nonce", "garbage"],
)
def test_a_tampered_link_fails(subscribe, client, tamper):
    subscribe()
    token = confirm_path(mail.outbox[0]).split("/")[-2]
    assert client.get(f"/newsletter/bestaetigen/{tamper(token)}/").status_code == 400
    assert client.post(f"/newsletter/bestaetigen/{tamper(token)}/").status_code == 400
    assert Subscriber.objects.get().status == Status.PENDING


def test_asking_again_resends_at_most_every_few_minutes(subscribe, client):
    subscribe()
    subscribe()
    assert len(mail.outbox) == 1
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=6))
    subscribe()
    first, second = mail.outbox
    assert confirm_path(first) != confirm_path(second)
    assert client.post(confirm_path(first)).status_code == 400  # only the latest link works
    assert client.post(confirm_path(second)).status_code == 200


def test_the_answer_never_tells_whether_an_address_is_subscribed(subscribe, client):
    def answer(email):
        response = subscribe(email=email)
        thanks = client.get(response["Location"]).content.decode()
        return response.status_code, response["Location"], thanks

    fresh = answer("neu@example.org")
    Subscriber.objects.create(email="dabei@example.org", status=Status.CONFIRMED)
    mail.outbox.clear()
    assert answer("dabei@example.org") == fresh
    assert mail.outbox == []  # a subscribed address gets nothing


def test_one_click_unsubscribe_by_post_without_session_or_csrf(db):
    subscriber = Subscriber.objects.create(email="a@example.org", status=Status.CONFIRMED)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        subscriber.unsubscribe_path(),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response.cookies == {}
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_the_unsubscribe_link_shows_a_page_and_a_get_changes_nothing(client, db):
    subscriber = Subscriber.objects.create(email="a@example.org", status=Status.CONFIRMED)
    page = client.get(subscriber.unsubscribe_path())
    assert page.status_code == 200
    assert "a@example.org" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED

    response = client.post(subscriber.unsubscribe_path())
    assert response.status_code == 302
    after = client.get(response["Location"]).content.decode()
    assert "a@example.org erhält unseren Newsletter nicht mehr." in after
    assert client.get("/newsletter/abmelden/unbekannt/").status_code == 404


def test_subscribing_again_after_unsubscribing_needs_a_new_confirmation(subscribe, client):
    subscribe()
    client.post(confirm_path(mail.outbox[0]))
    subscriber = Subscriber.objects.get()
    client.post(
        subscriber.unsubscribe_path(), "List-Unsubscribe=One-Click", content_type="text/plain"
    )
    subscribe()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING
    assert len(mail.outbox) == 2
    client.post(confirm_path(mail.outbox[1]))
    assert ConsentRecord.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "keine-adresse"}, "email", "Bitte gültige E-Mail-Adresse eingeben."),
        ({"consent": ""}, "consent", "Bitte stimmen Sie zu, damit wir Ihnen den Newsletter"),
    ],
)
def test_errors_stand_next_to_their_field_and_nothing_is_stored(
    subscribe, overrides, field, message
):
    response = subscribe(**overrides)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#abonnieren [name={field}]")["aria-invalid"] == "true"
    assert message in soup.find(id=f"id_{field}_error").get_text()
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_a_foreign_source_address_is_not_stored(subscribe):
    subscribe(source="https://evil.example/")
    assert Subscriber.objects.get().source_url.startswith("http://testserver/")


def test_unconfirmed_requests_are_deleted_after_30_days(db):
    old = timezone.now() - timedelta(days=31)
    Subscriber.objects.create(email="alt@example.org", requested_at=old)
    Subscriber.objects.create(email="neu@example.org", requested_at=timezone.now())
    Subscriber.objects.create(email="dabei@example.org", status=Status.CONFIRMED, requested_at=old)
    call_command("purge_unconfirmed_subscribers", stdout=StringIO())
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "dabei@example.org",
        "neu@example.org",
    ]
