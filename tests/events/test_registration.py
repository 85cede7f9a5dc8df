"""Registering for an event: a seat or the waiting list, a confirmation with the event attached,
a signed link to cancel, and the waiting list moving up."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cms.forms import form_token
from events.emails import send_registration_email
from events.models import Registration
from events.services import cancel, register
from tests.factories import make_event
from tests.factories import registration_entries as valid_data

Status = Registration.Status


@pytest.fixture
def event(event_index):
    return make_event(
        event_index,
        "Werkstattgespräch & Austausch",
        registration_required=True,
        capacity=2,
        online_url="https://example.org/raum",
    )


@pytest.fixture
def emails_sent(django_capture_on_commit_callbacks):
    """Run what the services queue for after the commit (the emails), as a request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def post(submit_form, event):
    return lambda **overrides: submit_form(event.url, valid_data(**overrides))


def fill(event, *names):
    """Registrations made directly, as earlier visitors would have made them."""
    return [
        register(event, {"name": name, "email": f"{name.lower()}@example.org"})[0] for name in names
    ]


def path_of(url):
    return urlsplit(url).path


def test_form_on_the_event_page(get_soup, event):
    soup = get_soup(event.url)
    form = soup.select_one("#anmeldung form")
    assert form["method"] == "post"
    assert [label.get_text(strip=True) for label in form.select(".form-field label")] == [
        "Name",
        "E-Mail-Adresse",
        "Organisation oder Initiative (freiwillig)",
        "Ich bin einverstanden, dass MIN meine Angaben zur Organisation dieser Veranstaltung "
        "speichert.",
    ]
    assert "Noch 2 von 2 Plätzen frei." in soup.select_one("#anmeldung").get_text()
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Anmelden"


def test_registering_gives_a_seat_and_a_confirmation_with_the_event(post, client, event):
    response = post()
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}danke/?platz=sitzplatz"
    assert "Sie haben einen Platz." in client.get(response["Location"]).content.decode()

    registration = Registration.objects.get()
    assert (registration.event, registration.status) == (event, Status.CONFIRMED)
    assert registration.email == "maria@example.org"
    assert registration.organisation == "Trudering im Wandel"
    assert registration.consented_at is not None

    (message,) = mail.outbox
    assert message.to == ["maria@example.org"]
    assert message.subject == "Anmeldung bestätigt: Werkstattgespräch & Austausch"
    assert "Sie sind angemeldet" in message.body
    assert "Werkstattgespräch & Austausch" in message.body  # plain text is not HTML-escaped
    assert "Online teilnehmen: https://example.org/raum" in message.body
    assert registration.cancel_url() in message.body
    assert registration.cancel_url() in message.alternatives[0].content
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"{event.slug}.ics", "text/calendar")
    (component,) = Calendar.from_ical(content).events
    assert component["UID"] == str(event.translation_key)


def test_when_the_seats_are_taken_the_waiting_list(post, get_soup, client, event):
    fill(event, "Anna", "Ben")
    section = get_soup(event.url).select_one("#anmeldung")
    assert "Alle Plätze sind vergeben." in section.get_text()
    assert section.select_one("button[type=submit]").get_text(strip=True) == "Auf die Warteliste"

    response = post()
    assert response["Location"] == f"{event.url}danke/?platz=warteliste"
    assert "Sie stehen auf der Warteliste" in client.get(response["Location"]).content.decode()
    registration = Registration.objects.get(email="maria@example.org")
    assert registration.status == Status.WAITLISTED
    (message,) = mail.outbox
    assert message.subject == "Warteliste: Werkstattgespräch & Austausch"
    assert message.attachments == []
    assert "https://example.org/raum" not in message.body
    assert registration.cancel_url() in message.body


def test_full_without_waiting_list_refuses_with_a_message(post, event):
    event.waitlist = False
    event.save_revision().publish()
    fill(event, "Anna", "Ben")
    response = post()
    assert response.status_code == 200
    assert "ausgebucht" in response.content.decode()
    assert not Registration.objects.filter(email="maria@example.org").exists()
    assert mail.outbox == []


def test_after_the_deadline_registration_is_closed(post, get_soup, event):
    event.registration_deadline = timezone.now() - timedelta(minutes=1)
    event.save_revision().publish()
    section = get_soup(event.url).select_one("#anmeldung")
    assert "Die Anmeldung ist geschlossen." in section.get_text()
    assert section.select_one("form") is None
    response = post()
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_events_without_registration_take_none(post, get_soup, event):
    event.registration_required = False
    event.save_revision().publish()
    assert get_soup(event.url).select_one("#anmeldung") is None
    assert post().status_code == 200
    assert Registration.objects.count() == 0


def test_registering_twice_gives_one_registration_and_one_email(post):
    assert post().status_code == 302
    assert post(name="Maria B.", email="maria@example.org").status_code == 302
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_emails_are_sent_once_even_if_the_task_runs_again(post):
    post()
    send_registration_email.enqueue(Registration.objects.get().pk)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Dieses Feld muss ausgefüllt werden."),
        ({"email": "keine-adresse"}, "email", "Bitte gültige E-Mail-Adresse eingeben."),
        ({"consent": ""}, "consent", "Bitte stimmen Sie zu, damit wir Sie anmelden können."),
        ({"organisation": "x" * 201}, "organisation", "höchstens 200 Zeichen"),
    ],
)
def test_errors_stand_next_to_their_field_and_nothing_is_stored(post, overrides, field, message):
    response = post(**overrides)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"[name={field}]")["aria-invalid"] == "true"
    assert message in soup.find(id=f"id_{field}_error").get_text()
    if field != "name":
        assert soup.select_one("[name=name]")["value"] == "Maria Beispiel"
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_the_cancel_link_shows_a_page_and_changes_nothing(client, event):
    (registration,) = fill(event, "Anna")
    response = client.get(path_of(registration.cancel_url()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna, Sie sind für diese Veranstaltung angemeldet" in page
    assert 'name="robots" content="noindex"' in page
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancelling_frees_the_seat_for_the_first_on_the_waiting_list(client, event, emails_sent):
    _anna, ben, carla, dora = fill(event, "Anna", "Ben", "Carla", "Dora")
    assert [r.status for r in (carla, dora)] == [Status.WAITLISTED] * 2

    url = path_of(ben.cancel_url())
    with emails_sent():
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert "Ihre Anmeldung ist storniert, Ben." in client.get(url).content.decode()

    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "Anna": Status.CONFIRMED,
        "Ben": Status.CANCELLED,
        "Carla": Status.CONFIRMED,  # first come, first served
        "Dora": Status.WAITLISTED,
    }
    cancelled, promoted = sorted(mail.outbox, key=lambda m: m.to)
    assert cancelled.to == ["ben@example.org"]
    assert cancelled.subject == "Abgesagt: Werkstattgespräch & Austausch"
    assert promoted.to == ["carla@example.org"]
    assert promoted.subject == "Ein Platz ist frei geworden: Werkstattgespräch & Austausch"
    assert "Online teilnehmen: https://example.org/raum" in promoted.body
    assert promoted.attachments[0][0] == f"{event.slug}.ics"

    # Cancelling again (a second click) changes and sends nothing more.
    with emails_sent():
        client.post(url)
    assert len(mail.outbox) == 2
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 2


def test_cancelling_from_the_waiting_list_promotes_nobody(event):
    fill(event, "Anna", "Ben", "Carla", "Dora")
    cancel(Registration.objects.get(name="Carla"))
    assert Registration.objects.get(name="Dora").status == Status.WAITLISTED


def test_after_cancelling_one_can_register_again(post, event):
    post()
    cancel(Registration.objects.get())
    assert post().status_code == 302
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 1
    assert Registration.objects.count() == 2


def test_more_seats_published_move_the_waiting_list_up(event, emails_sent):
    fill(event, "Anna", "Ben", "Carla", "Dora", "Emil")
    event.capacity = 4
    with emails_sent():
        event.save_revision().publish()
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert [statuses[n] for n in ("Carla", "Dora", "Emil")] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["carla@example.org", "dora@example.org"]


@pytest.mark.parametrize(
    "token",
    [
        lambda anna, ben: "kaputt",
        # Anna's signature with Ben's number: the signature does not match.
        lambda anna, ben: f"{ben.pk}-" + anna.cancel_url().split("/")[-2].split("-", 1)[1],
    ],
    ids=["garbage", "tampered"],
)
def test_a_bad_cancel_link_is_refused_with_a_message(client, event, token):
    anna, ben = fill(event, "Anna", "Ben")
    response = client.post(f"{event.url}absagen/{token(anna, ben)}/")
    assert response.status_code == 400
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 2


def test_a_cancel_link_works_only_for_its_own_event(client, event, event_index):
    (registration,) = fill(event, "Anna")
    other = make_event(event_index, "Anderes Treffen", registration_required=True)
    token = registration.cancel_url().split("/")[-2]
    assert client.post(f"{other.url}absagen/{token}/").status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_no_cancelling_once_the_event_is_over(client, event):
    (registration,) = fill(event, "Anna")
    event.start = timezone.now() - timedelta(days=2)
    event.end = event.start + timedelta(hours=2)
    event.save_revision().publish()
    url = path_of(registration.cancel_url())
    assert client.post(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert "Diese Veranstaltung hat bereits stattgefunden." in client.get(url).content.decode()


def test_registering_an_address_again_tells_nothing_about_its_registration(post, client, event):
    post()
    again = post()  # someone who types the same address
    assert again["Location"] == f"{event.url}danke/"
    page = client.get(again["Location"]).content.decode()
    assert "Sie haben einen Platz." not in page
    assert "Sie sagt, ob Sie einen Platz haben" in page


def test_one_connection_cannot_take_every_seat(client, event_index, settings, emails_sent):
    """30 seats, 30 strangers' addresses, one IPv6 /64 hopping between its addresses: it gets
    EVENT_REGISTRATIONS_PER_CLIENT seats and mails, everyone else the rest."""
    settings.FORM_RATE_LIMIT = 100
    event = make_event(event_index, "Volles Haus", registration_required=True, capacity=30)
    for number in range(30):
        data = valid_data(email=f"fremd{number}@example.org")
        data.update(homepage="", shown_at=form_token(time.time() - 30))
        with emails_sent():
            client.post(event.url, data, REMOTE_ADDR=f"2001:db8:1:2::{number + 1}")
    assert event.registrations.count() == settings.EVENT_REGISTRATIONS_PER_CLIENT == 3
    assert len(mail.outbox) == 3
    data = valid_data(homepage="", shown_at=form_token(time.time() - 30))
    assert client.post(event.url, data, REMOTE_ADDR="198.51.100.9").status_code == 302
    assert event.registrations.count() == 4
