"""Questions per event: editors add text, choice and yes/no questions, required or not; answers
are kept with the registration and exported. A question about health (access needs, diet: GDPR
Art. 9) is kept only with an explicit consent, seen by the Office only, and deleted by the
privacy purge once the event is over."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.privacy import purge
from events.models import EventQuestion, Registration
from tests.factories import make_event, registration_entries
from tests.helpers import staff


@pytest.fixture
def event(event_index):
    return make_event(
        event_index, "Kochwerkstatt", registration_required=True,
        questions=[
            EventQuestion(label="Was möchten Sie lernen?", kind="text", required=True),
            EventQuestion(label="Welcher Termin passt?", kind="choice",
                          choices="Vormittag\nNachmittag"),
            EventQuestion(label="Bringen Sie ein Messer mit?", kind="yes_no"),
            EventQuestion(label="Unverträglichkeiten", kind="text", health=True),
        ],
    )  # fmt: skip


def entries(**answers):
    return registration_entries() | answers


def field(event, label):
    return f"question_{event.questions.get(label=label).pk}"


def test_the_form_asks_the_events_questions_in_order(get_soup, event):
    form = get_soup(event.url).select_one("#anmeldung form")
    labels = [label.get_text(strip=True) for label in form.select(".form-field > label, legend")]
    assert labels[3:8] == [
        "Was möchten Sie lernen?", "Welcher Termin passt?", "Bringen Sie ein Messer mit?",
        "Unverträglichkeiten",
        labels[7],
    ]  # fmt: skip
    assert "Art. 9" in labels[7] and "„Unverträglichkeiten“" in labels[7]


def test_answers_are_kept_and_health_ones_only_with_consent(submit_form, event):
    data = entries(**{
        field(event, "Was möchten Sie lernen?"): "Brot backen",
        field(event, "Welcher Termin passt?"): "Nachmittag",
        field(event, "Bringen Sie ein Messer mit?"): "Ja",
        field(event, "Unverträglichkeiten"): "Keine Nüsse",
    })  # fmt: skip
    refused = submit_form(event.url, data)
    assert refused.status_code == 200 and not Registration.objects.exists()
    assert refused.context["form"].errors["health_consent"]
    assert submit_form(event.url, data | {"health_consent": "on"}).status_code == 302
    registration = Registration.objects.get()
    assert registration.answers == {
        "Was möchten Sie lernen?": "Brot backen",
        "Welcher Termin passt?": "Nachmittag",
        "Bringen Sie ein Messer mit?": "Ja",
    }
    assert registration.health_answers == {"Unverträglichkeiten": "Keine Nüsse"}
    assert registration.health_consent_at is not None


def test_without_a_health_answer_no_consent_is_asked_and_bad_answers_come_back(submit_form, event):
    learn, slot = field(event, "Was möchten Sie lernen?"), field(event, "Welcher Termin passt?")
    answer = submit_form(event.url, entries(**{learn: "", slot: "Mitternacht"}))
    assert set(answer.context["form"].errors) == {learn, slot}
    assert submit_form(event.url, entries(**{learn: "Suppe"})).status_code == 302
    registration = Registration.objects.get()
    assert registration.health_answers == {} and registration.health_consent_at is None


def test_editors_get_a_clear_message_for_a_question_that_cannot_work(event):
    with pytest.raises(ValidationError):
        EventQuestion(page=event, label="Wann?", kind="choice", choices="Nur eine").clean()
    with pytest.raises(ValidationError):
        EventQuestion(page=event, label="Diät", health=True, required=True).clean()


def test_the_office_exports_the_answers(client, submit_form, event):
    submit_form(event.url, entries(**{
        field(event, "Was möchten Sie lernen?"): "=HYPERLINK(\"x\")",
        field(event, "Unverträglichkeiten"): "Laktose", "health_consent": "on",
    }))  # fmt: skip
    staff(client, "buero", Group.objects.get(name="Office"))
    export = client.get(reverse("registrations:index"), {"export": "csv", "event": event.pk})
    text = b"".join(export.streaming_content).decode()
    assert "Antworten" in text and "Unverträglichkeiten: Laktose" in text
    # Each answer is named by its question: a cell never starts with what a visitor typed.
    assert '"Was möchten Sie lernen?: =HYPERLINK(""x"")"' in text


def test_health_answers_go_once_the_event_is_over(submit_form, event):
    submit_form(event.url, entries(**{
        field(event, "Was möchten Sie lernen?"): "Brot",
        field(event, "Unverträglichkeiten"): "Laktose", "health_consent": "on",
    }))  # fmt: skip
    with time_machine.travel(event.start + timedelta(hours=1)):
        purge()
    assert Registration.objects.get().health_answers  # still needed during the event
    with time_machine.travel(event.end + timedelta(minutes=1)):
        counts = purge()
    registration = Registration.objects.get()
    assert counts["events.health_answers"] == 1 and registration.health_answers == {}
    assert registration.answers == {"Was möchten Sie lernen?": "Brot"}


def test_the_check_in_list_shows_no_answers(client, submit_form, event):
    submit_form(event.url, entries(**{
        field(event, "Was möchten Sie lernen?"): "Brot",
        field(event, "Unverträglichkeiten"): "Laktose", "health_consent": "on",
    }))  # fmt: skip
    page = client.get(reverse("event_checkin", args=[event.checkin_token()]))
    assert "Laktose" not in page.content.decode() and "Brot" not in page.content.decode()
    assert BeautifulSoup(page.content, "html.parser").select("#checkin-list li")
