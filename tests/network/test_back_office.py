"""The office works through applications and sign-ups in the Wagtail admin; others cannot."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network.models import (
    InitiativeIndexPage,
    InitiativePage,
    ManufakturPage,
    ManufakturSignup,
    PartnerApplication,
)
from organisations.models import Organisation
from tests.demo_records import MANUFAKTUR
from tests.helpers import sign_in

LIST = "partner_applications:index"
EDIT = "partner_applications:edit"


@pytest.fixture
def application(db):
    return PartnerApplication.objects.create(
        organisation_name="Repair Café Sendling",
        sector="civil_society",
        district="06",
        contact_name="Jonas Beispiel",
        email="jonas@example.org",
        offers="Reparaturtreffen",
        wants="Kontakte",
        consented_at=timezone.now(),
    )


@pytest.fixture
def signup(db):
    return ManufakturSignup.objects.create(
        manufaktur=ManufakturPage.objects.get(slug=MANUFAKTUR),
        name="Maria Beispiel",
        email="maria@example.org",
        contribution="Kuchen",
        consented_at=timezone.now(),
    )


def test_office_lists_filters_and_searches(office, application):
    response = office.get(reverse(LIST))
    assert response.status_code == 200
    assert "Repair Café Sendling" in response.content.decode()
    assert "Repair Café" not in office.get(reverse(LIST), {"status": "accepted"}).content.decode()
    assert "Repair Café" in office.get(reverse(LIST), {"q": "sendling"}).content.decode()
    assert "Repair Café" not in office.get(reverse(LIST), {"q": "xylophon"}).content.decode()


def test_office_moves_the_status_forward_and_keeps_notes(office, application):
    url = reverse(EDIT, args=[application.pk])
    response = office.post(url, {"status": "in_review", "notes": "Rückruf am Montag"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.notes) == ("in_review", "Rückruf am Montag")


def test_a_decision_is_final(office, application):
    application.status = "declined"
    application.save()
    response = office.post(reverse(EDIT, args=[application.pk]), {"status": "new", "notes": ""})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "declined"


def test_office_exports_csv_and_xlsx(office, application, signup):
    csv = office.get(reverse(LIST), {"export": "csv"})
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert "bewerbungen.csv" in csv["Content-Disposition"]
    body = b"".join(csv.streaming_content).decode()
    assert "Repair Café Sendling" in body and "jonas@example.org" in body
    assert ",Neu,Repair Café Sendling,Zivilgesellschaft," in body  # choices by their names

    xlsx = office.get(reverse(LIST), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    signups = office.get(reverse("manufaktur_signups:index"), {"export": "csv"})
    assert "maria@example.org" in b"".join(signups.streaming_content).decode()


def test_nobody_creates_submissions_in_the_admin(client, db):
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    sign_in(client, superuser)
    assert client.get(reverse("partner_applications:add")).status_code in (302, 403)
    listing = client.get(reverse(LIST)).content.decode()
    assert reverse("partner_applications:add") not in listing


@pytest.mark.parametrize(
    "url",
    [
        lambda a: reverse(LIST),
        lambda a: reverse(LIST) + "?export=csv",
        lambda a: reverse(EDIT, args=[a.pk]),
        lambda a: reverse("manufaktur_signups:index"),
    ],
    ids=["list", "export", "edit", "signups"],
)
def test_staff_outside_the_office_cannot_see_change_or_export(outside_office, application, url):
    response = outside_office.get(url(application))
    assert response.status_code in (302, 403)
    response = outside_office.post(reverse(EDIT, args=[application.pk]), {"status": "accepted"})
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "new"


@pytest.fixture
def decide(office, application, django_capture_on_commit_callbacks):
    def decide(status, notes=""):
        with django_capture_on_commit_callbacks(execute=True):
            response = office.post(
                reverse(EDIT, args=[application.pk]), {"status": status, "notes": notes}
            )
        assert response.status_code == 302
        application.refresh_from_db()
        return application

    return decide


def test_accepting_creates_organisation_and_draft_profile_and_tells_the_applicant(decide):
    decide("accepted")
    organisation = Organisation.objects.get(name="Repair Café Sendling")
    assert organisation.kind == Organisation.Kind.ASSOCIATION
    profile = InitiativePage.objects.get(organisation=organisation)
    assert not profile.live
    assert profile.has_unpublished_changes
    assert profile.district == "06"
    assert profile.teaser == "Reparaturtreffen"
    assert profile.get_parent().specific_class is InitiativeIndexPage

    message, _invitation = mail.outbox  # the account: tests/network/test_partner_accounts.py
    assert message.to == ["jonas@example.org"]
    assert message.subject == "Willkommen im Bündnis: Repair Café Sendling"


def test_saving_a_decided_application_again_does_nothing_more(decide):
    decide("accepted")
    decide("accepted", notes="Profil mit Jonas abstimmen")
    assert InitiativePage.objects.filter(organisation__name="Repair Café Sendling").count() == 1
    assert len(mail.outbox) == 2  # the decision and the partner account's invitation


def test_declining_tells_the_applicant_and_creates_nothing(decide):
    decide("in_review")
    assert mail.outbox == []
    decide("declined")
    assert not Organisation.objects.filter(name="Repair Café Sendling").exists()
    (message,) = mail.outbox
    assert "leider nicht" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_the_decision_screen_shows_the_application(office, application):
    PartnerApplication.objects.filter(pk=application.pk).update(
        consented_at=datetime.datetime(2026, 11, 30, 13, 5, tzinfo=datetime.UTC)
    )
    page = BeautifulSoup(office.get(reverse(EDIT, args=[application.pk])).content, "html.parser")
    shown = page.select_one("[aria-labelledby=submission-heading]").get_text(" ", strip=True)
    for text in ("Repair Café Sendling", "Jonas Beispiel", "Reparaturtreffen", "Kontakte"):
        assert text in shown
    assert "30.11.2026 14:05" in shown  # local time, German
    assert "None" not in shown
    assert page.select_one("form#w-editor-form [name=status]")


def test_inspecting_shows_local_german_times_and_no_none(office, application):
    application.phone = ""
    application.save()
    PartnerApplication.objects.filter(pk=application.pk).update(
        consented_at=datetime.datetime(2026, 7, 1, 8, 30, tzinfo=datetime.UTC)
    )
    page = office.get(reverse("partner_applications:inspect", args=[application.pk]))
    text = BeautifulSoup(page.content, "html.parser").select_one("main dl").get_text(" ")
    assert "01.07.2026 10:30" in text  # summer time in Munich
    assert "None" not in text
    assert "–" in text
