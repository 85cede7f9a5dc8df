"""Check-in at the door: the Office in the admin, or a helper by the event's signed link, marks
who is here; an explicit state per tap, so two helpers agree; the count can become the report's
number of participants."""

import threading
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cms.pages import german
from events.models import Registration
from reports.models import ReportPage
from tests.factories import make_event
from tests.helpers import sign_in, staff

Status = Registration.Status


@pytest.fixture
def event(event_index, seed_report):
    event = make_event(event_index, "Werkstatt", registration_required=True, report=seed_report)
    people = {"Zofia Łukasiewicz": Status.CONFIRMED, "Ben": Status.CONFIRMED,
              "Wartend": Status.WAITLISTED, "Abgesagt": Status.CANCELLED}  # fmt: skip
    for name, status in people.items():
        Registration.objects.create(
            event=event, name=name, email=f"{name[:3].lower()}@example.org", status=status,
            organisation="Trudering im Wandel", consented_at=timezone.now(),
        )  # fmt: skip
    return event


def helper_url(event):
    return reverse("event_checkin", args=[event.checkin_token()])


def rows(page):
    soup = BeautifulSoup(page.content, "html.parser")
    return soup, [
        li.select_one(".checkin__name").contents[0].strip()
        for li in soup.select("#checkin-list li")
    ]


def test_a_helper_marks_who_is_here_and_undoes_a_slip(client, event):
    url = helper_url(event)
    page = client.get(url)
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    soup, names = rows(page)
    assert names == ["Ben", "Zofia Łukasiewicz"]  # seats only, by name
    assert "@example.org" not in page.content.decode()  # no addresses at the door
    assert soup.select_one(".checkin__count").get_text(strip=True) == "0 von 2 da"
    zofia = Registration.objects.get(name="Zofia Łukasiewicz")
    answer = client.post(url, {"registration": zofia.pk, "action": "arrived"})
    assert answer.status_code == 302 and answer["Location"] == f"{url}#r{zofia.pk}"
    client.post(url, {"registration": zofia.pk, "action": "arrived"})  # a second tap: still here
    soup, _names = rows(client.get(url))
    assert soup.select_one(".checkin__count").get_text(strip=True) == "1 von 2 da"
    assert soup.select_one(f"#r{zofia.pk}.is-here")
    client.post(url, {"registration": zofia.pk, "action": "undo"})
    assert Registration.objects.get(pk=zofia.pk).attended_at is None


def test_nobody_else_is_marked_through_the_list(client, event, event_index):
    other = make_event(event_index, "Andere", registration_required=True)
    stranger = Registration.objects.create(
        event=other, name="Fremd", email="f@example.org", status=Status.CONFIRMED,
        consented_at=timezone.now(),
    )  # fmt: skip
    waiting = Registration.objects.get(name="Wartend")
    for number in (stranger.pk, waiting.pk, "x", ""):
        client.post(helper_url(event), {"registration": number, "action": "arrived"})
    assert not Registration.objects.exclude(attended_at=None).exists()


def test_the_link_opens_only_its_event_and_not_for_long(client, event):
    token = event.checkin_token()
    for wrong in (token[:-2] + "xx", "x", token + ":y"):
        assert client.get(reverse("event_checkin", args=[wrong])).status_code == 404
    with time_machine.travel(event.end + timedelta(days=1, minutes=1)):
        assert client.get(helper_url(event)).status_code == 404
    event.unpublish()
    assert client.get(helper_url(event)).status_code == 404


def test_the_office_checks_in_from_the_admin_and_fills_the_reports_count(client, event):
    staff(client, "buero", Group.objects.get(name="Office"))
    url = reverse("event_checkin_admin", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["helper_url"].endswith(helper_url(event))
    for registration in event.registrations.filter(status=Status.CONFIRMED):
        client.post(url, {"registration": registration.pk, "action": "arrived"})
    filled = client.post(url, {"action": "report"})
    assert filled.status_code == 302, filled.content[:300]
    report = german(ReportPage.objects).get(pk=event.report_id)
    assert report.get_latest_revision_as_object().participant_count == 2
    assert report.participant_count == 35  # a draft: the Office does not publish reports
    assert "Entwurf des Berichts" in client.get(url).content.decode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert url in edit.content.decode() or edit.status_code in (302, 403)


def test_editors_and_strangers_get_no_admin_list(client, event):
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    url = reverse("event_checkin_admin", args=[event.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"action": "report"}).status_code in (302, 403)


@pytest.mark.django_db(transaction=True)
def test_two_helpers_marking_at_once_lose_nobody(demo_site, event_index):
    event = make_event(event_index, "Großes Treffen", registration_required=True)
    people = Registration.objects.bulk_create(
        Registration(event=event, name=f"Person {n}", email=f"p{n}@example.org",
                     status=Status.CONFIRMED, consented_at=timezone.now())
        for n in range(20)
    )  # fmt: skip
    url, barrier = helper_url(event), threading.Barrier(2)

    def helper(share):
        from django.test import Client

        door = Client()
        barrier.wait()
        for person in share:
            door.post(url, {"registration": person.pk, "action": "arrived"})
        connection.close()

    # Each helper marks half, and both mark the last five (the same person found twice).
    threads = [threading.Thread(target=helper, args=(people[:10] + people[15:],)),
               threading.Thread(target=helper, args=(people[10:],))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Registration.objects.filter(event=event).exclude(attended_at=None).count() == 20


def test_someone_who_may_publish_the_report_fills_it_at_once(client, event, django_user_model):
    sign_in(client, django_user_model.objects.create_superuser("chef", "chef@example.org", "pw"))
    url = reverse("event_checkin_admin", args=[event.pk])
    zofia = Registration.objects.get(name="Zofia Łukasiewicz")
    client.post(url, {"registration": zofia.pk, "action": "arrived"})
    client.post(url, {"action": "report"})
    report = german(ReportPage.objects).get(pk=event.report_id)
    assert report.participant_count == 1 and not report.has_unpublished_changes
