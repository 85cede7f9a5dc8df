"""A questionnaire built in the admin's form builder, answered in a browser on a phone, and
the answer read in the admin."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cms.pages import german
from home.models import ContentPage
from questionnaires.models import QuestionnaireSubmission
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_an_editor_builds_a_questionnaire_and_a_visitor_answers_it(
    web, site, settings, browser, sign_in_to_admin
):
    settings.FORM_MIN_FILL_SECONDS = 0
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "geheim-123")
    sign_in_to_admin(web, user, "geheim-123")
    expect(web.get_by_role("heading", level=1)).to_contain_text("Münchner Initiative")

    parent = german(ContentPage.objects).get(slug="mitmachen")
    web.goto(f"{site}/admin/pages/add/questionnaires/questionnairepage/{parent.pk}/")
    web.locator("#id_title").fill("Wie war das Straßenfest?")
    questions = [
        ("Was hat Ihnen gefallen?", "checkboxes", "Musik\nEssen\nNachbarn"),
        ("Was wünschen Sie sich?", "multiline", ""),
    ]
    for number, (label, field_type, choices) in enumerate(questions):
        web.get_by_role("button", name="Frage hinzufügen").first.click()
        web.locator(f"#id_form_fields-{number}-label").fill(label)
        web.locator(f"#id_form_fields-{number}-field_type").select_option(field_type)
        if choices:
            web.locator(f"#id_form_fields-{number}-choices").fill(choices)
    web.locator("#id_form_fields-1-required").uncheck()
    web.locator("#id_ask_email").select_option("optional")
    web.locator("#id_retention_days").fill("90")
    web.locator("footer [data-w-dropdown-target='toggle']").first.click()
    web.locator("button[name='action-publish']").click()
    expect(web.locator(".messages")).to_contain_text("veröffentlicht")

    visitor = browser.new_context(locale="de-DE", viewport=PHONE)
    page = visitor.new_page()
    page.goto(f"{site}/mitmachen/wie-war-das-strassenfest/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie war das Straßenfest?")
    page.get_by_label("Musik").check()
    page.get_by_label("Nachbarn").check()
    page.get_by_label("Was wünschen Sie sich?").fill("=1+1 mehr Bänke")
    page.get_by_role("button", name="Antworten senden").click()
    consent = page.get_by_label("Ich bin einverstanden")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Ihre Antworten werden nach 90 Tagen gelöscht.")).to_be_visible()
    expect(page.get_by_label("Musik")).to_be_checked()
    assert_accessible(page)
    consent.check()
    page.get_by_role("button", name="Antworten senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke")
    visitor.close()

    submission = QuestionnaireSubmission.objects.get()
    assert submission.form_data == {
        "was_hat_ihnen_gefallen": ["Musik", "Nachbarn"],
        "was_wunschen_sie_sich": "=1+1 mehr Bänke",
    }
    web.goto(f"{site}/admin/forms/submissions/{submission.page_id}/")
    expect(web.locator("table.listing")).to_contain_text("Musik, Nachbarn")
    expect(web.locator("table.listing")).to_contain_text("=1+1 mehr Bänke")
