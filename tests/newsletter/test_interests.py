"""Interests: a visitor chooses topics when subscribing, the proof of consent keeps each topic as
shown; the subscriber's own page (linked from every issue) changes name and topics with a new
proof, or unsubscribes, and a GET there changes nothing; the welcome mail goes once, if the
office turned it on."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from newsletter.emails import send_welcome
from newsletter.models import ConsentRecord, Interest, Subscriber
from tests.factories import subscription_entries

Status = Subscriber.Status


@pytest.fixture
def interests(db):
    return {interest.name: interest for interest in Interest.objects.all()}


def confirm(client, django_capture_on_commit_callbacks):
    (message,) = [m for m in mail.outbox if "bestaetigen" in m.body]
    path = urlsplit(re.search(r"https?://\S+/newsletter/bestaetigen/\S+/", message.body)[0]).path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, HTTP_USER_AGENT="Firefox/140")


def test_the_proof_keeps_each_chosen_interest_as_shown(
    submit_form, newsletter_page, interests, client, django_capture_on_commit_callbacks
):
    chosen = [interests["Veranstaltungen"].pk, interests["Förderfristen"].pk]
    submit_form(newsletter_page.url, subscription_entries(interests=chosen))
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Status.PENDING
    assert {i.name for i in subscriber.interests.all()} == {"Veranstaltungen", "Förderfristen"}

    confirm(client, django_capture_on_commit_callbacks)
    record = ConsentRecord.objects.get()
    assert record.kind == ConsentRecord.Kind.OPT_IN
    assert record.interests == [
        {
            "name": "Veranstaltungen",
            "description": "Einladungen zu Werkstattgesprächen, Treffen und Aktionstagen",
        },
        {"name": "Förderfristen", "description": "Förderprogramme und ihre Fristen"},
    ]
    # Renaming a topic later leaves the proof as the subscriber saw it.
    interests["Veranstaltungen"].name = "Termine"
    interests["Veranstaltungen"].save()
    record.refresh_from_db()
    assert record.interests[0]["name"] == "Veranstaltungen"


def test_none_chosen_means_every_issue(submit_form, newsletter_page, interests):
    submit_form(newsletter_page.url, subscription_entries())
    assert not Subscriber.objects.get().interests.exists()


def test_the_office_may_ask_for_at_least_one_topic(submit_form, newsletter_page, interests):
    newsletter_page.choose_interests = True
    newsletter_page.save_revision().publish()
    answer = submit_form(newsletter_page.url, subscription_entries())  # as the footer posts
    assert answer.status_code == 200 and not Subscriber.objects.exists()
    assert answer.context["form"].errors["interests"] == ["Bitte wählen Sie mindestens ein Thema."]
    chosen = subscription_entries(interests=[interests["Quartiere"].pk])
    assert submit_form(newsletter_page.url, chosen).status_code == 302
    assert list(Subscriber.objects.get().interests.all()) == [interests["Quartiere"]]


def test_a_retired_interest_is_not_offered_nor_taken(submit_form, newsletter_page, interests):
    retired = interests["Quartiere"]
    retired.active = False
    retired.save()
    answer = submit_form(newsletter_page.url, subscription_entries(interests=[retired.pk]))
    assert answer.status_code == 200 and "interests" in answer.context["form"].errors
    assert not Subscriber.objects.exists()
    page = BeautifulSoup(answer.content, "html.parser")
    assert "Quartiere" not in page.select_one("#abonnieren fieldset").get_text()


def test_recipients_of_an_interest(db, interests):
    events, districts = interests["Veranstaltungen"], interests["Quartiere"]
    people = {
        name: Subscriber.objects.create(email=f"{name}@example.org", status=Status.CONFIRMED)
        for name in ("all", "events", "districts", "both")
    }
    people["events"].interests.set([events])
    people["districts"].interests.set([districts])
    people["both"].interests.set([events, districts])
    Subscriber.objects.create(email="pending@example.org").interests.set([events])

    def reached(*chosen):
        return {s.email.split("@")[0] for s in Subscriber.objects.recipients(chosen)}

    assert reached() == {"all", "events", "districts", "both"}
    assert reached(events) == {"all", "events", "both"}
    assert reached(events, districts) == {"all", "events", "districts", "both"}
    assert Subscriber.objects.recipients([events]).count() == 3  # each person once


@pytest.fixture
def subscriber(db, interests):
    subscriber = Subscriber.objects.create(
        email="maria@example.org",
        name="Maria",
        status=Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    subscriber.interests.set([interests["Veranstaltungen"]])
    return subscriber


def test_the_preference_page_changes_nothing_on_a_get(client, subscriber, interests):
    page = client.get(subscriber.preferences_path())
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    soup = BeautifulSoup(page.content, "html.parser")
    checked = [box.parent.get_text(strip=True) for box in soup.select("input:checked")]
    events = interests["Veranstaltungen"]
    assert checked == [f"Veranstaltungen: {events.description}"]
    assert soup.select_one("input[name=name]")["value"] == "Maria"
    assert "maria@example.org" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED and not ConsentRecord.objects.exists()


def test_changing_topics_is_a_new_proof_and_a_name_change_is_not(client, subscriber, interests):
    url = subscriber.preferences_path()
    client.get(url)  # the CSRF cookie, as a browser has it
    answer = client.post(url, {"name": "Maria K.", "interests": [interests["Veranstaltungen"].pk]})
    assert answer.status_code == 200 and "gespeichert" in answer.content.decode()
    assert not ConsentRecord.objects.exists()  # same topics: no new consent
    client.post(url, {"name": "Maria K.", "interests": [interests["Förderfristen"].pk]},
                HTTP_USER_AGENT="Safari/18")  # fmt: skip
    subscriber.refresh_from_db()
    assert subscriber.name == "Maria K."
    assert list(subscriber.interests.all()) == [interests["Förderfristen"]]
    record = ConsentRecord.objects.get()
    assert record.kind == ConsentRecord.Kind.PREFERENCES
    assert record.interests == [interests["Förderfristen"].as_shown()]
    assert record.consent_text.startswith("Ich möchte den Newsletter")  # shown on the page
    assert record.confirm_user_agent == "Safari/18"
    client.post(url, {"name": "", "interests": []})  # none: every issue again
    assert not subscriber.interests.exists() and ConsentRecord.objects.count() == 2


def test_the_preference_page_unsubscribes_by_its_button(client, subscriber):
    url = subscriber.preferences_path()
    client.get(url)
    client.post(url, {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    page = client.get(url).content.decode()
    assert "erhält unseren Newsletter nicht mehr" in page
    client.post(url, {"name": "Wieder da", "interests": []})  # no way back in but opt-in
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED and subscriber.name == "Maria"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: token.replace(token.split(":")[0], "eyJzIjoyLCJ0IjoieCJ9"),  # the data
        lambda token: "x",
        lambda token: token + ":extra",
    ],
)
def test_a_tampered_link_opens_nothing(client, subscriber, tamper):
    token = subscriber.preferences_path().split("/")[-2]
    page = client.get(f"/newsletter/einstellungen/{tamper(token)}/")
    assert page.status_code == 404 and "maria@example.org" not in page.content.decode()
    assert client.post(f"/newsletter/einstellungen/{tamper(token)}/", {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED


def test_a_new_token_ends_old_links(client, subscriber):
    url = subscriber.preferences_path()
    subscriber.token = "renewed-" + subscriber.token
    subscriber.save()
    assert client.get(url).status_code == 404


def test_the_welcome_mail_goes_once_when_the_office_turned_it_on(
    submit_form, newsletter_page, client, django_capture_on_commit_callbacks
):
    submit_form(newsletter_page.url, subscription_entries(email="ohne@example.org"))
    confirm(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # off by default: the confirmation only
    newsletter_page.welcome_mail = True
    newsletter_page.welcome_text = "schön, dass Sie dabei sind!"
    newsletter_page.save_revision().publish()
    mail.outbox.clear()
    submit_form(newsletter_page.url, subscription_entries(email="mit@example.org", name="Łukasz"))
    confirm(client, django_capture_on_commit_callbacks)
    welcome = mail.outbox[-1]
    assert len(mail.outbox) == 2  # the confirmation, then the welcome
    assert welcome.to == ["mit@example.org"] and welcome.subject == newsletter_page.welcome_subject
    assert welcome.body.startswith("Hallo Łukasz,\n\nschön, dass Sie dabei sind!")
    subscriber = Subscriber.objects.get(email="mit@example.org")
    assert f"http://testserver{subscriber.preferences_path()}" in welcome.body
    assert subscriber.welcomed_at is not None

    send_welcome.call(subscriber.pk)  # a task run again sends nothing
    assert len(mail.outbox) == 2
