"""Questionnaires built in the admin: the editor's questions on the site's form base (spam
defence and consent: tests/test_public_forms.py runs its checks on this form too), answers
stored once and without the form's own fields, the retention period, and exports that nothing
in them can run."""

import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.forms import form_token
from cms.pages import german
from cms.privacy import purge
from home.models import ContentPage
from questionnaires.models import QuestionnairePage, QuestionnaireSubmission
from tests.factories import BETTER, HELPFUL, TOPICS, questionnaire_entries
from tests.helpers import staff


@pytest.fixture
def questionnaire(db):
    return QuestionnairePage.objects.get()


def page_form(**overrides):
    data = {
        "title": "Wie war das Straßenfest?",
        "slug": "strassenfest-umfrage",
        "is_sample": "",
        "intro": rich_text("<p>Drei Fragen.</p>"),
        "form_fields": inline_formset(
            [
                {"label": "Wie alt sind Sie?", "field_type": "number", "required": "on"},
                {
                    "label": "Was hat gefallen?",
                    "field_type": "checkboxes",
                    "choices": "Musik\nEssen",
                    "required": "",
                },
            ]
        ),
        "ask_email": "",
        "consent_text": "Ich bin einverstanden.",
        "retention_days": "30",
        "thank_you": "Danke!",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_builds_a_questionnaire_and_people_answer_it(admin_client, submit_form, home):
    parent = german(ContentPage.objects).get(slug="mitmachen")
    url = reverse("wagtailadmin_pages:add", args=["questionnaires", "questionnairepage", parent.pk])
    response = admin_client.post(url, page_form())
    assert response.status_code == 302, response.context["form"].errors
    page = QuestionnairePage.objects.get(slug="strassenfest-umfrage")
    assert page.live
    form = page.form_class(request=None)
    assert list(form.fields) == [
        "homepage",
        "shown_at",
        "wie_alt_sind_sie",
        "was_hat_gefallen",
        "consent",
    ]  # anonymous: no address asked for
    assert form.fields["consent"].help_text == "Ihre Antworten werden nach 30 Tagen gelöscht."

    unagreed = submit_form(page.url, {"wie_alt_sind_sie": "41", "was_hat_gefallen": ["Musik"]})
    assert unagreed.status_code == 200
    assert "Bitte stimmen Sie zu" in unagreed.content.decode()
    assert not QuestionnaireSubmission.objects.exists()
    answered = submit_form(
        page.url, {"wie_alt_sind_sie": "41", "was_hat_gefallen": ["Musik"], "consent": "on"}
    )
    assert answered.status_code == 302
    assert "Danke!" in admin_client.get(answered["Location"]).content.decode()
    submission = QuestionnaireSubmission.objects.get(page=page)
    assert submission.form_data == {"wie_alt_sind_sie": "41", "was_hat_gefallen": ["Musik"]}
    assert submission.email == ""


@pytest.mark.parametrize("label", ["Email", "Consent", "homepage", "submit time", "Submit_Time"])
def test_a_question_may_not_take_the_name_of_the_forms_own_fields(admin_client, home, label):
    """Nor of the answers list's own columns (the time an answer came)."""
    parent = german(ContentPage.objects).get(slug="mitmachen")
    url = reverse("wagtailadmin_pages:add", args=["questionnaires", "questionnairepage", parent.pk])
    data = page_form(
        form_fields=inline_formset([{"label": label, "field_type": "singleline", "required": ""}])
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not QuestionnairePage.objects.filter(slug="strassenfest-umfrage").exists()
    assert "bitte benennen Sie die Frage anders" in response.content.decode()


def test_answers_are_stored_once_with_the_address_apart(client, questionnaire):
    data = {"homepage": "", "shown_at": form_token(timezone.now().timestamp() - 30)}
    data.update(questionnaire_entries())
    for _click in range(2):  # a double click
        assert client.post(questionnaire.url, data).status_code == 302
    submission = QuestionnaireSubmission.objects.get()
    assert submission.email == "maria@example.org"
    assert submission.form_data == {
        HELPFUL: "Hilfreich",
        TOPICS: ["Förderung", "Räume im Quartier"],
        BETTER: "Mehr Zeit für Fragen.\nUnd Kaffee.",
    }
    assert submission.consented_at is not None


def test_answers_are_deleted_after_the_pages_retention_period(submit_form, questionnaire):
    submit_form(questionnaire.url, questionnaire_entries(email=""))
    assert questionnaire.retention_days == 180
    with time_machine.travel(timezone.now() + datetime.timedelta(days=179)):
        assert "questionnaires.submissions" not in purge()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=181)):
        assert purge()["questionnaires.submissions"] == 1
    assert not QuestionnaireSubmission.objects.exists()


def test_the_export_runs_nothing_and_reads_like_the_form(admin_client, submit_form, questionnaire):
    submit_form(
        questionnaire.url,
        questionnaire_entries(**{BETTER: '=HYPERLINK("https://böse.example","Klick")'}),
    )
    url = reverse("wagtailforms:list_submissions", args=[questionnaire.pk])
    listing = admin_client.get(url)
    assert listing.status_code == 200
    assert "Förderung, Räume im Quartier" in listing.content.decode()

    exported = admin_client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert rows[0] == [
        "Einreichungsdatum",
        "E-Mail-Adresse",
        "Wie hilfreich war das Werkstattgespräch für Ihre Initiative?",
        "Welche Themen wünschen Sie sich für das nächste Treffen?",
        "Was sollen wir besser machen?",
    ]
    submitted, email, helpful, topics, better = rows[1]
    assert submitted == timezone.localtime(
        QuestionnaireSubmission.objects.get().submit_time
    ).strftime("%d.%m.%Y %H:%M")
    assert (email, helpful, topics) == (
        "maria@example.org",
        "Hilfreich",
        "Förderung, Räume im Quartier",
    )
    assert better == '\'=HYPERLINK("https://böse.example","Klick")'

    workbook = load_workbook(
        io.BytesIO(b"".join(admin_client.get(url, {"export": "xlsx"}).streaming_content))
    )
    cell = workbook.active["E2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_editors_who_write_questionnaires_read_the_answers(client, questionnaire):
    """Wagtail's rule: whoever may edit the form's page sees its answers."""
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    listing = client.get(reverse("wagtailforms:index"))
    assert listing.status_code == 200
    assert questionnaire.title in listing.content.decode()
    answers = reverse("wagtailforms:list_submissions", args=[questionnaire.pk])
    assert client.get(answers).status_code == 200
    staff(client, "buero", Group.objects.get(name="Office"))
    assert client.get(answers).status_code in (302, 403)


def test_the_editor_previews_questions_before_saving_them(admin_client, questionnaire):
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[questionnaire.pk])
    data = page_form(slug=questionnaire.slug)
    data.pop("action-publish")
    assert admin_client.post(preview, {**data, "comments-TOTAL_FORMS": 0}).json()["is_valid"]
    html = admin_client.get(preview).content.decode()
    assert "Wie alt sind Sie?" in html
    assert "Ihre Antworten werden nach 30 Tagen gelöscht." in html
    assert questionnaire.form_fields.count() == 3  # nothing saved
