"""Service messages through the newsletter's machinery: the office writes to an event's
registrants (all, registered, waiting list), a Manufaktur's sign-ups or the accepted partners;
one delivery per person, never twice, addresses that bounced or complained left out, and each
message says why the person gets it (no unsubscribe link: it is not the newsletter)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.audiences import audiences
from cms.models import ReviewStatus
from events.models import EventPage, Registration
from network.models import ManufakturPage, ManufakturSignup, PartnerApplication
from newsletter.models import Delivery, Message, Sending, Subscriber
from newsletter.sending import run
from tests.demo_records import EVENT_WITH_REGISTRATION, MANUFAKTUR
from tests.helpers import staff
from tests.mailbox import recipients

Status = Registration.Status


@pytest.fixture
def office(client, db):
    staff(client, "buero", Group.objects.get(name="Office"))
    return client


@pytest.fixture
def event(db):
    """Two registered (one of whose address bounced before), one waiting, one cancelled."""
    event = EventPage.objects.get(slug=EVENT_WITH_REGISTRATION)
    for name, email, status in [
        ("Zofia Łukasiewicz", "zofia@example.org", Status.CONFIRMED),
        ("Weg", "prallte@example.org", Status.CONFIRMED),
        ("Wartend", "wartet@example.org", Status.WAITLISTED),
        ("Abgesagt", "abgesagt@example.org", Status.CANCELLED),
    ]:
        Registration.objects.create(
            event=event, name=name, email=email, status=status, consented_at=timezone.now()
        )
    Subscriber.objects.create(email="prallte@example.org", status=Subscriber.Status.BOUNCED)
    return event


def write(client, audience, subject="Raumänderung", body="Wir treffen uns im Saal 2."):
    answer = client.post(
        reverse("newsletter_messages:index"),
        {"audience": audience, "subject": subject, "body": body},
    )
    assert answer.status_code == 302, answer.context["form"].errors
    return Message.objects.get(pk=answer["Location"].rstrip("/").rsplit("/", 1)[1])


def test_the_office_writes_to_an_events_registrants_who_learn_why(
    office, event, django_capture_on_commit_callbacks
):
    key = f"event:{event.pk}:confirmed"
    assert key in {a.key for a in audiences()}
    message = write(office, key)
    url = reverse("newsletter_messages:detail", args=[message.pk])
    page = office.get(url)
    assert page.context["count"] == 1  # the bounced address is left out
    assert "Guten Tag," in page.content.decode() and "Saal 2" in page.content.decode()
    office.post(url, {"shown": 1})  # not confirmed
    assert not Sending.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(url, {"shown": 1, "confirm": "yes"})
        office.post(url, {"shown": 1, "confirm": "yes"})  # a double click sends nothing twice
    assert recipients() == ["zofia@example.org"]
    (sent,) = mail.outbox
    assert sent.subject == "Raumänderung" and sent.tags == ["service"]
    assert sent.merge_data["zofia@example.org"] == {"greeting": "Hallo Zofia Łukasiewicz,"}
    assert "List-Unsubscribe" not in sent.extra_headers
    assert "merge_headers" not in sent.anymail_test_params
    assert "weil Sie sich zur Veranstaltung „" in sent.body and event.title in sent.body
    delivery = Delivery.objects.get()
    assert (delivery.email, delivery.name, delivery.subscriber) == (
        "zofia@example.org", "Zofia Łukasiewicz", None
    )  # fmt: skip
    report = dict(office.get(url).context["report"])
    assert report["Empfänger*innen"] == 1 and "Danach abgemeldet" not in report


@pytest.mark.parametrize(
    "which, expected",
    [("all", ["wartet@example.org", "zofia@example.org"]), ("waitlist", ["wartet@example.org"])],
)
def test_the_waiting_list_and_everyone_holding_a_place(
    office, event, which, expected, django_capture_on_commit_callbacks
):
    message = write(office, f"event:{event.pk}:{which}")
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            reverse("newsletter_messages:detail", args=[message.pk]),
            {"shown": len(expected), "confirm": "yes"},
        )
    assert recipients() == expected


def test_a_manufakturs_sign_ups_and_the_accepted_partners(office, db):
    manufaktur = ManufakturPage.objects.get(slug=MANUFAKTUR)
    signups = {"a": ReviewStatus.NEW, "b": ReviewStatus.ACCEPTED, "c": ReviewStatus.DECLINED}
    for person, status in signups.items():
        ManufakturSignup.objects.create(
            manufaktur=manufaktur, name="X", email=f"{person}@example.org", contribution="Ja",
            status=status, consented_at=timezone.now(),
        )  # fmt: skip
    PartnerApplication.objects.create(
        organisation_name="Verein", sector="civil", contact_name="Kim", email="kim@example.org",
        offers="Räume", status=ReviewStatus.ACCEPTED, consented_at=timezone.now(),
    )  # fmt: skip
    offered = {a.key: a for a in audiences()}
    assert sorted(e for e, _n in offered[f"manufaktur:{manufaktur.pk}"].recipients()) == [
        "a@example.org", "b@example.org"
    ]  # fmt: skip
    assert list(offered["partners:accepted"].recipients()) == [("kim@example.org", "Kim")]
    message = write(office, "partners:accepted")
    assert "Ansprechperson einer Bündnispartnerin" in message.reason


def test_a_message_run_again_sends_nobody_anything_twice(office, event, settings):
    settings.NEWSLETTER_BATCH_SIZE = 1
    message = write(office, f"event:{event.pk}:all")
    sending = Sending.objects.create(message=message)
    run(sending.pk)
    Sending.objects.filter(pk=sending.pk).update(status=Sending.Status.SENDING)  # as if crashed
    run(sending.pk)
    assert recipients() == ["wartet@example.org", "zofia@example.org"]


@pytest.mark.django_db(transaction=True)
def test_in_production_the_worker_sends_a_message(demo_site, office, event, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    message = write(office, f"event:{event.pk}:all")
    office.post(
        reverse("newsletter_messages:detail", args=[message.pk]), {"shown": 2, "confirm": "yes"}
    )
    assert mail.outbox == []  # queued, not sent in the request
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert Sending.objects.get().status == Sending.Status.DONE
    assert recipients() == ["wartet@example.org", "zofia@example.org"]


def test_only_the_office_writes_to_participants(client, event):
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    answer = client.post(
        reverse("newsletter_messages:index"),
        {"audience": f"event:{event.pk}:all", "subject": "x", "body": "y"},
    )
    assert answer.status_code in (302, 403) and not Message.objects.exists()


def test_an_audience_no_longer_offered_is_refused(office, db):
    answer = office.post(
        reverse("newsletter_messages:index"),
        {"audience": "event:999999:all", "subject": "x", "body": "y"},
    )
    assert answer.status_code == 400 and answer.context["form"].errors["audience"]
