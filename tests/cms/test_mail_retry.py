"""The email provider failing loses nothing: what the visitor sent is stored, the visitor is
answered as usual, and the task queue tries the mail again until it goes out, once."""

import pytest
from anymail.backends.test import EmailBackend
from django.core import mail

from cms.pages import german
from newsletter.models import NewsletterIndexPage, Subscriber


@pytest.fixture
def flaky_provider(monkeypatch):
    """The provider's API fails the first `failures` sends."""
    state = {"failures": 0, "calls": 0}
    send = EmailBackend.send_messages

    def send_messages(self, messages):
        state["calls"] += 1
        if state["calls"] <= state["failures"]:
            raise ConnectionError("provider unreachable")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def subscribe(submit_form):
    page = german(NewsletterIndexPage.objects).get()
    return submit_form(page.url, {"email": "lena@example.org", "name": "", "consent": "on"})


def test_a_mail_the_provider_refuses_is_sent_on_a_later_attempt(
    submit_form, home, flaky_provider, caplog
):
    flaky_provider["failures"] = 2
    response = subscribe(submit_form)
    assert response.status_code == 302
    assert Subscriber.objects.get().email == "lena@example.org"
    assert flaky_provider["calls"] == 3
    assert len(mail.outbox) == 1  # once, however often it was tried
    assert "trying again" in caplog.text


def test_when_the_provider_stays_down_the_record_is_kept(
    submit_form, home, flaky_provider, settings, caplog
):
    flaky_provider["failures"] = 100
    response = subscribe(submit_form)
    assert response.status_code == 302
    assert Subscriber.objects.get().confirmation_mail_version == ""  # free for a later send
    assert flaky_provider["calls"] == settings.MAIL_ATTEMPTS
    assert mail.outbox == []
    assert "given up" in caplog.text
