"""The office sees the registrations of each event in the admin, exports them and cancels one
when someone calls; staff outside the office cannot."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.services import register
from tests.factories import make_event
from tests.helpers import sign_in

LIST = "registrations:index"
EDIT = "registrations:edit"
Status = Registration.Status


@pytest.fixture
def event(event_index):
    return make_event(event_index, "Werkstattgespräch", registration_required=True, capacity=1)


@pytest.fixture
def registrations(event, event_index):
    other = make_event(event_index, "Reparatur-Café", registration_required=True)
    return [
        register(event, {"name": "Anna Beispiel", "email": "anna@example.org"})[0],
        register(event, {"name": "Ben Muster", "email": "ben@example.org", "organisation": "FöBE"})[
            0
        ],
        register(other, {"name": "Carla Test", "email": "carla@example.org"})[0],
    ]


def names(response):
    content = response.content.decode()
    return [name for name in ("Anna Beispiel", "Ben Muster", "Carla Test") if name in content]


def test_office_lists_per_event_filters_by_status_and_searches(office, event, registrations):
    assert names(office.get(reverse(LIST))) == ["Anna Beispiel", "Ben Muster", "Carla Test"]
    assert names(office.get(reverse(LIST), {"event": event.pk})) == ["Anna Beispiel", "Ben Muster"]
    assert names(office.get(reverse(LIST), {"status": "waitlisted"})) == ["Ben Muster"]
    assert names(office.get(reverse(LIST), {"q": "föbe"})) == ["Ben Muster"]
    assert names(office.get(reverse(LIST), {"q": "carla@"})) == ["Carla Test"]


def test_office_exports_csv_and_xlsx(office, event, registrations):
    csv = office.get(reverse(LIST), {"export": "csv", "event": event.pk})
    assert csv.status_code == 200
    assert "veranstaltungs-anmeldungen.csv" in csv["Content-Disposition"]
    rows = b"".join(csv.streaming_content).decode().splitlines()
    assert rows[0].split(",")[:4] == [
        "Eingegangen",
        "Status",
        "Veranstaltung",
        "Beginn der Veranstaltung",
    ]
    assert len(rows) == 3
    start = timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M")  # local, as people read it
    assert any("anna@example.org" in row and ",Angemeldet," in row and start in row for row in rows)
    assert any("ben@example.org" in row and ",Auf der Warteliste," in row for row in rows)
    xlsx = office.get(reverse(LIST), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_office_cancels_and_the_waiting_list_moves_up(
    office, registrations, django_capture_on_commit_callbacks
):
    anna, ben, _carla = registrations
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse(EDIT, args=[anna.pk]), {"status": "cancelled", "notes": "Hat angerufen"}
        )
    assert response.status_code == 302
    anna.refresh_from_db()
    ben.refresh_from_db()
    assert (anna.status, anna.notes) == (Status.CANCELLED, "Hat angerufen")
    assert anna.cancelled_at is not None
    assert ben.status == Status.CONFIRMED
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]


def test_office_only_cancels_and_a_cancellation_is_final(office, registrations):
    _anna, ben, _carla = registrations
    response = office.post(reverse(EDIT, args=[ben.pk]), {"status": "confirmed", "notes": ""})
    assert response.status_code == 200
    ben.refresh_from_db()
    assert ben.status == Status.WAITLISTED
    ben.status = Status.CANCELLED
    ben.save()
    office.post(reverse(EDIT, args=[ben.pk]), {"status": "waitlisted", "notes": ""})
    ben.refresh_from_db()
    assert ben.status == Status.CANCELLED


def test_nobody_adds_registrations_in_the_admin(client, db):
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    sign_in(client, superuser)
    assert client.get(reverse("registrations:add")).status_code in (302, 403)


def test_the_page_tree_leads_from_an_event_to_its_registrations(office, client, event):
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    sign_in(client, superuser)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert f"{reverse(LIST)}?event={event.pk}" in edit
    listing = client.get(reverse("wagtailadmin_explore", args=[event.get_parent().pk]))
    assert f"{reverse(LIST)}?event={event.pk}" in listing.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda r: reverse(LIST),
        lambda r: reverse(LIST) + "?export=csv",
        lambda r: reverse(EDIT, args=[r.pk]),
    ],
    ids=["list", "export", "edit"],
)
def test_staff_outside_the_office_cannot_see_change_or_export(outside_office, registrations, url):
    anna = registrations[0]
    assert outside_office.get(url(anna)).status_code in (302, 403)
    response = outside_office.post(reverse(EDIT, args=[anna.pk]), {"status": "cancelled"})
    assert response.status_code in (302, 403)
    anna.refresh_from_db()
    assert anna.status == Status.CONFIRMED
