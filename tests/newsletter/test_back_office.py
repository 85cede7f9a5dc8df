"""The office finds subscribers, exports them, unsubscribes someone who asks and reads the proofs
of consent, which nobody can change; the dashboard counts addresses per state."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from newsletter.models import ConsentRecord, Subscriber
from tests.helpers import sign_in

Status = Subscriber.Status


@pytest.fixture
def subscribers(db):
    now = timezone.now()
    anna = Subscriber.objects.create(
        email="anna@example.org", name="Anna", status=Status.CONFIRMED, confirmed_at=now
    )
    Subscriber.objects.create(email="ben@example.org", status=Status.PENDING, requested_at=now)
    Subscriber.objects.create(email="carla@example.org", status=Status.UNSUBSCRIBED)
    ConsentRecord.objects.create(
        subscriber=anna,
        email=anna.email,
        requested_at=now,
        confirmed_at=now,
        consent_text="Ja, bitte.",
        confirmation_mail_version="abc123def456",
    )
    return anna


def emails(response):
    content = response.content.decode()
    return [e for e in ("anna@", "ben@", "carla@") if e in content]


def test_office_lists_filters_searches_and_exports(office, subscribers):
    index = reverse("subscribers:index")
    assert emails(office.get(index)) == ["anna@", "ben@", "carla@"]
    assert emails(office.get(index, {"status": "confirmed"})) == ["anna@"]
    assert emails(office.get(index, {"q": "ben"})) == ["ben@"]
    csv = office.get(index, {"export": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert "anna@example.org,Anna,Abonniert," in body
    xlsx = office.get(index, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_office_unsubscribes_someone_who_asks(office, subscribers):
    response = office.post(
        reverse("subscribers:edit", args=[subscribers.pk]),
        {"status": "unsubscribed", "notes": "Per Telefon abgemeldet"},
    )
    assert response.status_code == 302
    subscribers.refresh_from_db()
    assert subscribers.status == Status.UNSUBSCRIBED
    assert subscribers.unsubscribed_at is not None
    assert subscribers.notes == "Per Telefon abgemeldet"


def test_office_cannot_confirm_for_someone(office, subscribers):
    pending = Subscriber.objects.get(email="ben@example.org")
    office.post(reverse("subscribers:edit", args=[pending.pk]), {"status": "confirmed"})
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_proofs_of_consent_are_read_only(client, subscribers):
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    sign_in(client, superuser)
    record = ConsentRecord.objects.get()
    assert client.get(reverse("consent_records:inspect", args=[record.pk])).status_code == 200
    for url in (
        reverse("consent_records:edit", args=[record.pk]),
        reverse("consent_records:delete", args=[record.pk]),
        reverse("consent_records:add"),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.get(reverse("subscribers:add")).status_code in (302, 403)


def test_dashboard_counts_subscribers_per_state(office, subscribers):
    dashboard = office.get(reverse("wagtailadmin_home")).content.decode()
    assert "Newsletter-Abonnent*innen" in dashboard
    assert f"{reverse('subscribers:index')}?status=confirmed" in dashboard


def test_staff_outside_the_office_see_nothing(outside_office, subscribers):
    assert outside_office.get(reverse("subscribers:index")).status_code in (302, 403)
    assert (
        "Newsletter-Abonnent*innen"
        not in outside_office.get(reverse("wagtailadmin_home")).content.decode()
    )
