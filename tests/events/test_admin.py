"""Editors write events in the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventPage
from events.services import register
from organisations.models import Organisation
from tests.factories import make_event
from tests.helpers import sign_in


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    sign_in(client, user)
    return client


def event_form(**overrides):
    organisation = Organisation.objects.get(name="Stadtteilladen Giesing")
    data = {
        "title": "Kleidertausch",
        "slug": "kleidertausch",
        "start": "2030-05-04 14:00",
        "end": "2030-05-04 17:00",
        "teaser": "Tauschen statt kaufen.",
        "body": streamfield(
            [("paragraph", rich_text("<p>Bringen Sie mit, was Sie nicht mehr tragen.</p>"))]
        ),
        "status": "scheduled",
        "status_message": "",
        "repeat": "",
        "repeat_interval": "1",
        "repeat_until": "",
        "repeat_count": "",
        "exceptions": inline_formset([]),
        "venue": "Stadtteilladen Giesing",
        "street": "",
        "postcode": "",
        "city": "München",
        "online_url": "",
        "topics": "Teilen, Kleidung",
        "organiser_links": inline_formset([{"organisation": organisation.pk}]),
        "capacity": "",
        "registration_deadline": "",
        "waitlist": "on",
        "reminder_hours": "24",
        "questions": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editing_views_open(editor, event_index, seed_report):
    event = seed_report.follow_up_page
    for url in [
        reverse("wagtailadmin_pages:edit", args=[event_index.pk]),
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk]),
        reverse("registrations:index"),
    ]:
        assert editor.get(url).status_code == 200, url


def test_editor_publishes_an_event(editor, event_index):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    response = editor.post(url, event_form())
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="kleidertausch")
    assert event.live
    assert event.when() == "Samstag, 4. Mai 2030, 14:00–17:00 Uhr"
    assert sorted(t.name for t in event.topics.all()) == ["Kleidung", "Teilen"]
    assert [o.name for o in event.organisers] == ["Stadtteilladen Giesing"]


def test_an_event_that_ends_before_it_starts_is_an_error_not_a_crash(editor, event_index):
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index.pk])
    response = editor.post(url, event_form(end="2030-05-04 12:00"))
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert not EventPage.objects.filter(slug="kleidertausch").exists()


def test_an_event_with_registrations_cannot_be_deleted_but_says_why(editor, event_index):
    event = make_event(event_index, "Mit Anmeldungen", registration_required=True)
    register(event, {"name": "Anna", "email": "anna@example.org"})
    for url in (
        reverse("wagtailadmin_pages:delete", args=[event.pk]),
        reverse("wagtailadmin_pages:delete", args=[event_index.pk]),
    ):
        response = editor.post(url, follow=True)
        assert response.status_code == 200
        message = "kann nicht gelöscht werden: Anmeldungen (1) beziehen sich darauf"
        assert message in response.content.decode()
    assert EventPage.objects.filter(pk=event.pk).exists()


def test_an_event_without_registrations_can_be_deleted(editor, event_index):
    event = make_event(event_index, "Ohne Anmeldungen")
    response = editor.post(reverse("wagtailadmin_pages:delete", args=[event.pk]))
    assert response.status_code == 302
    assert not EventPage.objects.filter(pk=event.pk).exists()
