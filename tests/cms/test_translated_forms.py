"""A translation changes words, not rules (FormPageMixin.rules): every public form, sent from
its German page and from its English translation, stores one record on the German page; the
questions, health flags, retention periods and bank accounts are the German page's, and the
record keeps the consent it was given under."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.translations import translation_of
from events.models import EventQuestion, Registration
from questionnaires.models import QuestionnaireSubmission
from tests.factories import FORM_PAGES, PUBLIC_FORMS, questionnaire_entries, registration_entries

pytestmark = pytest.mark.django_db


def english(page):
    """The page's published English translation (made now if the demo has none)."""
    translated = translation_of(page, "en")
    if translated is None:
        locale = Locale.objects.get(language_code="en")
        translated = page.copy_for_translation(locale, copy_parents=True)
        translated.save_revision().publish()
    return translated.specific


def linked_pages(record):
    """The pages the record links to (the form's page, a proposal's draft event)."""
    ids = [
        getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.is_relation and issubclass(field.related_model, Page)
    ]
    return Page.objects.filter(pk__in=ids)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("form", FORM_PAGES)
def test_every_form_sent_in_either_language_stores_one_record_on_the_german_page(
    submit_form, stripe_server, form, language
):
    find_page, entries = FORM_PAGES[form]
    page = find_page()
    address = page.url
    if language == "en":
        english(page)
        address = "/en" + page.url
    model = PUBLIC_FORMS[form][1]
    before = set(model.objects.values_list("pk", flat=True))
    response = submit_form(address, entries(email=f"{form}@example.org"))
    assert response.status_code in (302, 303), response.content.decode()[:2000]
    (record,) = model.objects.exclude(pk__in=before)
    assert not linked_pages(record).exclude(locale=page.locale).exists()  # none English


def test_a_questionnaire_keeps_the_german_period_and_the_consent_shown(client, submit_form):
    find_page, _model = PUBLIC_FORMS["questionnaire"]
    german = find_page()
    german.retention_days = 180
    german.save_revision().publish()
    translated = english(german)
    translated.retention_days = 30  # a rule the translation cannot change
    translated.consent_text = "I agree that MIN stores and evaluates my answers."
    translated.save_revision().publish()

    address = "/en" + german.url  # (german.url follows the language of the last request)
    shown = client.get(address).content.decode()
    assert "180" in shown and "I agree that MIN stores" in shown
    sent = submit_form(address, questionnaire_entries())
    assert sent.status_code == 302, sent.content.decode()
    answer = QuestionnaireSubmission.objects.get()
    assert answer.page_id == german.pk
    assert (answer.retention_days, answer.consent_text) == (180, translated.consent_text)

    # The purge follows the period the answer was given under, not the page's later one.
    german.retention_days = 10
    german.save_revision().publish()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        call_command("privacy", "purge", stdout=io.StringIO())
    assert QuestionnaireSubmission.objects.exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=181)):
        call_command("privacy", "purge", stdout=io.StringIO())
    assert not QuestionnaireSubmission.objects.exists()


def test_a_health_question_stays_one_in_the_english_copy(submit_form):
    find_page, _model = PUBLIC_FORMS["event-registration"]
    event = find_page()
    event.questions.add(EventQuestion(label="Ernährung oder Zugang", health=True, sort_order=9))
    event.save_revision().publish()
    question = EventQuestion.objects.get(page=event, sort_order=9)
    translated = english(event)
    copied = EventQuestion.objects.get(page=translated, sort_order=9)
    copied.label, copied.health = "Diet or access", False  # as if the flag were lost
    copied.save()
    translated.save_revision().publish()

    address = "/en" + event.url
    entries = registration_entries(email="gast@example.org")
    entries[f"question_{question.pk}"] = "Zöliakie, Rollstuhl"
    refused = submit_form(address, entries)
    assert refused.status_code == 200  # health data only with its own consent
    assert "Diet or access" in refused.content.decode()
    assert not Registration.objects.filter(email="gast@example.org").exists()

    submit_form(address, {**entries, "health_consent": "on"})
    registration = Registration.objects.get(email="gast@example.org")
    assert registration.event_id == event.pk
    assert registration.health_answers == {question.label: "Zöliakie, Rollstuhl"}
    assert question.label not in (registration.answers or {})


def test_the_english_donation_page_shows_the_german_bank_account(client):
    find_page, _model = PUBLIC_FORMS["donation"]
    german = find_page()
    translated = english(german)
    translated.iban = "DE02120300000000202051"  # an old account left in the copy
    translated.save_revision().publish()
    shown = client.get("/en" + german.url).content.decode()
    assert german.iban_groups() in shown
    assert "DE02 1203" not in shown
