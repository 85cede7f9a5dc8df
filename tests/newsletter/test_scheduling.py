"""Whom an issue goes to and when: everyone or chosen interests, with the count confirmed before
sending; at a set time, started by the scheduler's minute task once and only once, cancelled
before it starts; and the issue's report afterwards."""

import datetime
import threading

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from newsletter.models import Delivery, Interest, Sending, Subscriber
from newsletter.sending import start, start_due
from newsletter.services import unsubscribe
from newsletter.tasks import start_scheduled_sendings
from tests.helpers import staff
from tests.mailbox import recipients

TOMORROW_8 = (timezone.localtime() + datetime.timedelta(days=1)).replace(
    hour=8, minute=0, second=0, microsecond=0
)


@pytest.fixture
def editor(client, db):
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    return client


@pytest.fixture
def events(db):
    return Interest.objects.get(name="Veranstaltungen")


@pytest.fixture
def audience(subscribers, events):
    """Of the five confirmed subscribers, two chose other topics only: an issue to
    'Veranstaltungen' reaches three."""
    districts = Interest.objects.get(name="Quartiere")
    for subscriber in subscribers[:2]:
        subscriber.interests.set([districts])
    subscribers[2].interests.set([events, districts])
    return subscribers


def post(client, issue, **data):
    return client.post(reverse("newsletter_send", args=[issue.pk]), data)


def shown_count(page):
    return BeautifulSoup(page.content, "html.parser").select_one(".newsletter-count strong").text


def test_the_count_is_shown_for_the_choice_and_confirmed_for_it(
    editor, issue, audience, events, django_capture_on_commit_callbacks
):
    url = reverse("newsletter_send", args=[issue.pk])
    assert shown_count(editor.get(url)) == "5 Empfänger*innen"
    counted = post(editor, issue, action="count", interests=[events.pk])
    assert shown_count(counted) == "3 Empfänger*innen"
    assert counted.context["form"].initial["shown"] == 3
    # Confirmed for everyone (5), sent with the choice: counted again, not sent.
    answer = post(editor, issue, action="send", interests=[events.pk], shown=5, confirm="on")
    assert shown_count(answer) == "3 Empfänger*innen" and not Sending.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        post(editor, issue, action="send", interests=[events.pk], shown=3, confirm="on")
    sending = Sending.objects.get()
    assert list(sending.interests.all()) == [events]
    assert recipients() == sorted(s.email for s in audience[2:])


def test_a_scheduled_issue_goes_out_at_its_time_once(editor, issue, audience):
    send_at = TOMORROW_8.strftime("%Y-%m-%dT%H:%M")
    post(editor, issue, action="send", send_at=send_at, shown=5, confirm="on")
    sending = Sending.objects.get()
    assert (sending.status, sending.send_at) == (Sending.Status.SCHEDULED, TOMORROW_8)
    page = editor.get(reverse("newsletter_send", args=[issue.pk])).content.decode()
    assert "Die Ausgabe geht am" in page and "an alle bestätigten Abonnent*innen" in page
    start = editor.get("/admin/").content.decode()
    assert f"Eingeplant: {escape(issue.title)}" in start
    assert start_scheduled_sendings.call() == 0 and not mail.outbox

    with time_machine.travel(TOMORROW_8 - datetime.timedelta(minutes=1)):
        assert start_due() == 0
    with time_machine.travel(TOMORROW_8 + datetime.timedelta(seconds=30)):
        assert start_scheduled_sendings.call() == 1
        assert start_scheduled_sendings.call() == 0  # the next minute: nothing twice
    sending.refresh_from_db()
    assert sending.status == Sending.Status.DONE and len(recipients()) == 5


def test_a_scheduled_sending_is_cancelled_before_it_starts_and_not_after(editor, issue, audience):
    post(editor, issue, action="send", send_at=TOMORROW_8.strftime("%Y-%m-%dT%H:%M"), shown=5,
         confirm="on")  # fmt: skip
    post(editor, issue, action="cancel")
    assert not Sending.objects.exists()
    with time_machine.travel(TOMORROW_8 + datetime.timedelta(hours=1)):
        start_due()
    assert not mail.outbox
    # Scheduled again, and started: too late to cancel.
    start(issue, None, send_at=timezone.now() + datetime.timedelta(minutes=5))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        start_due()
    answer = post(editor, issue, action="cancel")
    assert Sending.objects.get().status == Sending.Status.DONE and len(recipients()) == 5
    assert "lässt sich nicht mehr absagen" in editor.get(answer["Location"]).content.decode()


def test_a_time_past_is_refused_and_an_unpublished_issue_waits(editor, issue, audience):
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    answer = post(editor, issue, action="send", send_at=past, shown=5, confirm="on")
    assert answer.status_code == 200 and answer.context["form"].errors["send_at"]
    assert not Sending.objects.exists()

    start(issue, None, send_at=TOMORROW_8)
    issue.unpublish()
    with time_machine.travel(TOMORROW_8 + datetime.timedelta(minutes=1)):
        assert start_due() == 0
        issue.save_revision().publish()
        assert start_due() == 1
    assert len(recipients()) == 5


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_start_a_sending_once(demo_site, issue, subscribers, settings):
    """Two scheduler runs (a restart, a second scheduler by mistake) look at the same minute:
    the sending is queued once, and the worker sends each issue once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start(issue, None, send_at=timezone.now() + datetime.timedelta(minutes=1))
    started, barrier = [], threading.Barrier(2)

    def scheduler():
        barrier.wait()
        started.append(start_due())
        connection.close()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=True):
        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(started) == [0, 1]
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert Sending.objects.get().status == Sending.Status.DONE
    assert recipients() == sorted(s.email for s in subscribers)


def test_the_report_counts_what_became_of_the_issue(
    editor, issue, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sending = start(issue, None)
    deliveries = list(sending.deliveries.order_by("pk"))
    outcomes = ["delivered", "delivered", "bounced", "complained"]
    for delivery, outcome in zip(deliveries, outcomes, strict=False):
        Delivery.objects.filter(pk=delivery.pk).update(status=outcome)
    unsubscribe(subscribers[0])  # by the link in this issue
    unsubscribe(Subscriber.objects.get(email="pending@example.org"))  # not a recipient
    page = editor.get(reverse("newsletter_send", args=[issue.pk]))
    rows = BeautifulSoup(page.content, "html.parser").select(".newsletter-report tr")
    report = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in rows}
    assert report == {
        "Empfänger*innen": "5",
        "An den Versanddienst übergeben": "5",
        "Zugestellt": "2",
        "Unzustellbar": "1",
        "Als Spam markiert": "1",
        "Fehlgeschlagen oder abgewiesen": "0",
        "Unbekannt (Versand wurde unterbrochen)": "0",
        "Danach abgemeldet": "1",
    }
    assert "nicht erfasst" in page.content.decode()  # no opens or clicks tracked
