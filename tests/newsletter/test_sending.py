"""Sending an issue: batches through anymail with per-recipient merge data and headers, one
delivery per subscriber, resumable after a crash, never twice."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from newsletter import sending as sending_module
from newsletter.models import Delivery, Sending, Subscriber
from newsletter.sending import run, start
from tests.helpers import sign_in
from tests.mailbox import recipients

Status = Delivery.Status


@pytest.fixture
def batches(settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_MERGE_FIELD = "{{{{ params.{} }}}}"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Start sending as the admin does; the task runs when the transaction commits."""

    def send(issue, user=None):
        with django_capture_on_commit_callbacks(execute=True):
            return start(issue, user)

    return send


def test_sends_in_batches_with_merge_data_and_unsubscribe_headers(
    issue, subscribers, batches, send
):
    sending = send(issue)
    assert len(mail.outbox) == 3  # 5 confirmed subscribers, 2 per provider call
    assert sorted(recipients()) == sorted(s.email for s in subscribers)

    message = mail.outbox[0]
    params = message.anymail_test_params
    assert params["is_batch_send"]
    assert "{{ params.greeting }}" in params["text_body"]
    assert 'href="{{ params.unsubscribe_url }}"' in params["html_body"]
    merge_data = {}
    for sent in mail.outbox:
        merge_data.update(sent.anymail_test_params["merge_data"])
        for email in sent.to:
            unsubscribe = sent.anymail_test_params["merge_data"][email]["unsubscribe_url"]
            assert sent.anymail_test_params["merge_headers"][email] == {
                "List-Unsubscribe": f"<{unsubscribe}>"
            }
    nobody = Subscriber.objects.get(email="person0@example.org")
    preferences = merge_data["person0@example.org"].pop("preferences_url")
    assert merge_data["person0@example.org"] == {
        "greeting": "Guten Tag,",  # no name given
        "unsubscribe_url": f"http://testserver/newsletter/abmelden/{nobody.token}/",
    }
    token = preferences.removeprefix("http://testserver/newsletter/einstellungen/")[:-1]
    assert Subscriber.from_preferences_token(token) == nobody
    assert merge_data["person1@example.org"]["greeting"] == "Hallo Person 1,"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert params["tags"] == ["newsletter"]
    assert message.reply_to == ["buero@buergerstiftung-muenchen.de"]  # not a no-reply address

    sending.refresh_from_db()
    assert sending.status == Sending.Status.DONE
    assert sending.progress() == {"total": 5, "sent": 5}
    assert all(d.message_id and d.sent_at for d in sending.deliveries.all())


def test_an_issue_is_never_sent_twice(issue, subscribers, batches, send):
    assert send(issue) is not None
    assert send(issue) is None
    run(Sending.objects.get().pk)  # the task enqueued again
    assert len(mail.outbox) == 3
    assert sorted(recipients()) == sorted(s.email for s in subscribers)


def stale(sending):
    """As if its runner had shown no life for longer than the timeout."""
    sending.refresh_from_db()
    Sending.objects.filter(pk=sending.pk).update(
        heartbeat_at=sending.heartbeat_at - sending_module.runner_timeout()
    )


def dies_at_call(monkeypatch, name, number):
    """sending.<name> dies like a killed worker at its number-th call; returns the undo."""
    real, calls = getattr(sending_module, name), []

    def dying(*args):
        calls.append(args)
        if len(calls) == number:
            raise SystemExit("worker killed")
        return real(*args)

    monkeypatch.setattr(sending_module, name, dying)
    return lambda: monkeypatch.setattr(sending_module, name, real)


@pytest.mark.parametrize(
    ("backend", "dies_in", "at", "crashed", "resumed"),
    [
        # Through anymail, one call per batch of 2: the batch the provider had is unknown.
        (
            "anymail.backends.test.EmailBackend",
            "send_merged",
            2,
            {"sent": 2, "sending": 2, "queued": 1},
            {"sent": 3, "unknown": 2},
        ),
        # With a plain backend (SMTP) each message is recorded: one recipient is unknown.
        (
            "django.core.mail.backends.locmem.EmailBackend",
            "one_message",
            3,
            {"sent": 2, "sending": 1, "queued": 2},
            {"sent": 4, "unknown": 1},
        ),
    ],
    ids=["provider-call", "smtp-message"],
)
def test_resumes_after_a_crash_without_mailing_anyone_twice(
    issue, subscribers, batches, monkeypatch, settings, backend, dies_in, at, crashed, resumed
):
    settings.EMAIL_BACKEND = backend
    revive = dies_at_call(monkeypatch, dies_in, at)
    sending = Sending.objects.create(issue=issue)
    with pytest.raises(SystemExit):
        run(sending.pk)
    assert sending.progress() == {"total": 5, **crashed}

    revive()
    stale(sending)
    run(sending.pk)
    assert sending.progress() == {"total": 5, **resumed}
    assert len(recipients()) == len(set(recipients())) == resumed["sent"]


def test_a_stalled_sending_is_offered_to_resume_and_resumes(
    client, issue, subscribers, batches, monkeypatch, django_capture_on_commit_callbacks
):
    sending = Sending.objects.create(issue=issue)
    sending_module.freeze_recipients(sending)
    Sending.objects.filter(pk=sending.pk).update(runner="dead", heartbeat_at=sending.created_at)
    stale(sending)
    editor = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    sign_in(client, editor)
    page = client.get(reverse("newsletter_send", args=[issue.pk])).content.decode()
    assert "Versand fortsetzen" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter_send", args=[issue.pk]), {"action": "resume"})
    assert sending.progress() == {"total": 5, "sent": 5}
    assert (
        "Versand fortsetzen"
        not in client.get(reverse("newsletter_send", args=[issue.pk])).content.decode()
    )


def test_the_watch_takes_over_a_dead_run_and_looks_again_until_done(
    issue, subscribers, batches, monkeypatch
):
    watched = []
    monkeypatch.setattr(sending_module, "watch", watched.append)
    sending = Sending.objects.create(issue=issue, runner="alive")
    Sending.objects.filter(pk=sending.pk).update(heartbeat_at=sending.created_at)
    sending_module.look_after(sending.pk)  # a live runner has it: look again later
    assert (mail.outbox, watched) == ([], [sending.pk])
    stale(sending)
    sending_module.look_after(sending.pk)  # takes over, the next look queued first
    assert sending.progress() == {"total": 5, "sent": 5}
    assert watched == [sending.pk, sending.pk]
    sending_module.look_after(sending.pk)
    assert watched == [sending.pk, sending.pk]  # done: no more looks


def test_a_second_worker_leaves_a_running_sending_alone(issue, subscribers, batches):
    sending = Sending.objects.create(
        issue=issue, runner="other", heartbeat_at=issue.last_published_at
    )
    Sending.objects.update(heartbeat_at=sending.created_at)
    run(sending.pk)
    assert mail.outbox == []


def test_who_unsubscribes_meanwhile_is_skipped(issue, subscribers, batches, monkeypatch):
    sending = Sending.objects.create(issue=issue)
    sending_module.freeze_recipients(sending)
    Subscriber.objects.filter(email="person4@example.org").update(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    run(sending.pk)
    assert "person4@example.org" not in recipients()
    assert sending.progress() == {"total": 5, "sent": 4, "skipped": 1}


@pytest.fixture
def sender(client, db):
    user = get_user_model().objects.create_user(
        "redaktion", "redaktion@example.org", "pw", first_name="Kim", last_name="Muster"
    )
    group = Group.objects.create(name="Newsletter")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "send_newsletterpage"])
    )
    user.groups.add(group)
    sign_in(client, user)
    return client


def test_admin_previews_tests_and_sends_after_confirmation(
    sender, issue, subscribers, batches, django_capture_on_commit_callbacks
):
    url = reverse("newsletter_send", args=[issue.pk])
    page = sender.get(url)
    assert page.status_code == 200
    assert "5 Empfänger*innen" in page.content.decode()
    html = sender.get(url, {"preview": "html"})
    assert "Hallo Kim Muster," in html.content.decode()
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert sender.get(url, {"preview": "text"})["Content-Type"].startswith("text/plain")

    sender.post(url, {"action": "test"})
    (test_mail,) = mail.outbox
    assert test_mail.to == ["redaktion@example.org"]
    assert test_mail.subject == f"[Test] {issue.title}"

    sender.post(url, {"action": "send"})  # not confirmed
    assert not Sending.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sender.post(url, {"action": "send", "confirm": "yes", "shown": 4})  # not what it is
    assert not Sending.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sender.post(url, {"action": "send", "confirm": "yes", "shown": 5})
    assert Sending.objects.get().status == Sending.Status.DONE
    progress = sender.get(url).content.decode()
    assert "5 von 5 gesendet" in progress
    # Editors find the sending page from the issue.
    sign_in(sender, get_user_model().objects.create_superuser("chef", "chef@example.org", "pw"))
    edit = sender.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()
    assert url in edit


def test_only_people_with_the_permission_send(outside_office, issue):
    url = reverse("newsletter_send", args=[issue.pk])
    assert outside_office.get(url).status_code in (302, 403)
    assert outside_office.post(url, {"action": "send", "confirm": "yes"}).status_code in (302, 403)
    assert not Sending.objects.exists()


def test_an_unpublished_issue_is_not_sent(sender, issue, subscribers):
    issue.unpublish()
    sender.post(
        reverse("newsletter_send", args=[issue.pk]),
        {"action": "send", "confirm": "yes", "shown": 5},
    )
    assert not Sending.objects.exists()


def test_with_a_plain_backend_each_recipient_gets_their_own_message(
    issue, subscribers, batches, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sending = Sending.objects.create(issue=issue)
    run(sending.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = next(m for m in mail.outbox if m.to == ["person1@example.org"])
    person = Subscriber.objects.get(email="person1@example.org")
    unsubscribe = f"http://testserver/newsletter/abmelden/{person.token}/"
    assert "Hallo Person 1," in message.body
    assert f"Newsletter abbestellen: {unsubscribe}" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.reply_to == ["buero@buergerstiftung-muenchen.de"]
    assert sending.progress() == {"total": 5, "sent": 5}


@pytest.mark.django_db(transaction=True)
def test_in_production_a_worker_sends_from_the_database_queue(
    demo_site, sender, issue, subscribers, settings
):
    """The admin only queues the task; `manage.py db_worker` sends, outside any request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sender.post(
        reverse("newsletter_send", args=[issue.pk]),
        {"action": "send", "confirm": "yes", "shown": 5},
    )
    assert mail.outbox == []  # queued, not sent in the request
    assert Sending.objects.get().status == Sending.Status.QUEUED
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    assert Sending.objects.get().status == Sending.Status.DONE
    assert sorted(recipients()) == sorted(s.email for s in subscribers)
