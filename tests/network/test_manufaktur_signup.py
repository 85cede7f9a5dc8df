"""Signing up for a Manufaktur: stored once, confirmed to the volunteer, the coordinator told."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from network.emails import send_signup_emails
from network.models import ManufakturPage, ManufakturSignup
from tests.demo_records import MANUFAKTUR
from tests.factories import signup_entries as valid_data


@pytest.fixture
def manufaktur(db):
    return ManufakturPage.objects.get(slug=MANUFAKTUR)


@pytest.fixture
def post(submit_form, manufaktur):
    return lambda **overrides: submit_form(manufaktur.url, valid_data(**overrides))


def test_page_shows_the_group_but_never_the_coordinators_address(client, manufaktur):
    html = client.get(manufaktur.url).content.decode()
    assert manufaktur.coordinator_name in html
    assert manufaktur.meeting_rhythm in html
    assert manufaktur.coordinator_email not in html
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("#anmeldung form")
    assert form["method"] == "post"
    assert form.select_one("input[name=shown_at][data-token-url]")  # filled by site.js
    assert [label.get_text(strip=True) for label in form.select(".form-field label")] == [
        "Name",
        "E-Mail-Adresse",
        "Was möchten Sie einbringen?",
        "Ich bin einverstanden, dass MIN meine Angaben zur Bearbeitung meiner Anmeldung "
        "speichert und an die Koordination der Manufaktur weitergibt.",
    ]


def test_sign_up_stores_confirms_and_notifies(post, client, manufaktur):
    response = post()
    assert response.status_code == 302
    assert response["Location"] == f"{manufaktur.url}danke/"
    thanks = client.get(response["Location"]).content.decode()
    assert manufaktur.thank_you in thanks

    signup = ManufakturSignup.objects.get()
    assert signup.manufaktur == manufaktur
    assert signup.email == "maria@example.org"
    assert signup.status == "new"
    assert signup.consented_at is not None

    confirmation, notification = mail.outbox
    assert confirmation.to == ["maria@example.org"]
    assert confirmation.subject == "Ihre Anmeldung für Manufaktur 2 – Westendkiez"
    assert "Ich kann gut organisieren" not in confirmation.body  # an address not verified
    assert confirmation.alternatives[0].mimetype == "text/html"
    assert "Ich kann gut organisieren<br>und backe Kuchen." in notification.alternatives[0].content
    assert notification.to == [manufaktur.coordinator_email]
    assert notification.reply_to == ["maria@example.org"]
    assert notification.subject == "Neue Anmeldung für Manufaktur 2 – Westendkiez: Maria Beispiel"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Dieses Feld muss ausgefüllt werden."),
        ({"email": "keine-adresse"}, "email", "Bitte gültige E-Mail-Adresse eingeben."),
        ({"contribution": ""}, "contribution", "Dieses Feld muss ausgefüllt werden."),
        ({"consent": ""}, "consent", "Bitte stimmen Sie zu, damit wir Ihre Anmeldung"),
        ({"contribution": "x" * 2001}, "contribution", "höchstens 2000 Zeichen"),
    ],
)
def test_errors_stand_next_to_their_field_and_nothing_is_stored(post, overrides, field, message):
    response = post(**overrides)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    widget = soup.select_one(f"[name={field}]")
    assert widget["aria-invalid"] == "true"
    error = soup.find(id=f"id_{field}_error")
    assert message in error.get_text()
    assert ManufakturSignup.objects.count() == 0
    assert mail.outbox == []


def test_entries_are_kept_after_an_error(post):
    soup = BeautifulSoup(post(consent="").content, "html.parser")
    assert soup.select_one("[name=name]")["value"] == "Maria Beispiel"
    assert "backe Kuchen" in soup.select_one("[name=contribution]").get_text()


def test_double_submit_stores_one_and_mails_once(post):
    assert post().status_code == 302
    assert post(name="Maria B.").status_code == 302
    assert ManufakturSignup.objects.count() == 1
    assert len(mail.outbox) == 2


def test_after_a_decision_the_same_person_can_sign_up_again(post):
    post()
    ManufakturSignup.objects.update(status="declined")
    post()
    assert ManufakturSignup.objects.count() == 2


def test_emails_are_sent_once_even_if_the_task_runs_again(post):
    post()
    send_signup_emails.enqueue(ManufakturSignup.objects.get().pk)
    assert len(mail.outbox) == 2
