"""Partners propose events: the public form ("Veranstaltung vorschlagen") makes a draft event in
the Office's moderation workflow; nothing goes live by itself; the Office approves (the event
is published and the partner told) or declines with a comment (the partner is told why)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import WorkflowState

from cms.models import ReviewStatus
from events.models import EventPage, EventSubmission, EventSubmissionPage
from tests.factories import proposal_entries
from tests.helpers import staff


@pytest.fixture
def proposal_page(db):
    return EventSubmissionPage.objects.get()


@pytest.fixture
def proposed(submit_form, proposal_page):
    answer = submit_form(proposal_page.url, proposal_entries())
    assert answer.status_code == 302
    return EventSubmission.objects.get()


@pytest.fixture
def office_user(db):
    user = get_user_model().objects.create_user("buero", "buero@example.org", "pw")
    user.groups.add(Group.objects.get(name="Office"))
    return user


def task_state(submission):
    return WorkflowState.objects.get(object_id=str(submission.event_id)).current_task_state


def test_a_proposal_is_a_draft_in_the_offices_workflow(client, proposed, event_index):
    event = EventPage.objects.get(pk=proposed.event_id)
    assert not event.live and event.get_parent().pk == event_index.pk
    assert event.title == "Kleidertausch im Westend" and event.venue == "Stadtteilladen Westend"
    assert "<p>Für alle &lt;offen&gt;.</p>" in str(event.get_latest_revision_as_object().body)
    state = WorkflowState.objects.get(object_id=str(event.pk))
    assert state.status == "in_progress" and state.workflow.name == "Veranstaltungsvorschlag prüfen"
    assert (proposed.status, proposed.email, proposed.contact_name) == (
        ReviewStatus.NEW, "lucja@example.org", "Łucja Nowak"
    )  # fmt: skip
    (received,) = mail.outbox
    assert received.to == ["lucja@example.org"] and "prüft ihn" in received.body
    assert client.get(event.url or f"{event_index.url}{event.slug}/").status_code == 404
    assert event.title not in client.get(event_index.url).content.decode()


def test_the_office_is_told_and_approving_publishes_and_tells_the_partner(
    client, proposed, office_user, django_capture_on_commit_callbacks
):
    staff(client, "buero2", Group.objects.get(name="Office"))
    start = client.get("/admin/").content.decode()
    assert "Veranstaltungsvorschläge" in start
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_state(proposed).approve(user=office_user)
    event = EventPage.objects.get(pk=proposed.event_id)
    proposed.refresh_from_db()
    assert event.live and proposed.status == ReviewStatus.ACCEPTED
    (told,) = mail.outbox
    assert told.subject == "Im Kalender: Kleidertausch im Westend" and event.full_url in told.body
    assert client.get(event.url).status_code == 200


def test_declining_with_a_comment_tells_the_partner_why(
    proposed, office_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_state(proposed).reject(user=office_user, comment="Das Thema passt nicht zu MIN.")
    proposed.refresh_from_db()
    assert proposed.status == ReviewStatus.DECLINED
    assert not EventPage.objects.get(pk=proposed.event_id).live
    (told,) = mail.outbox
    assert "nicht in unseren Kalender aufnehmen" in told.body
    assert "Das Thema passt nicht zu MIN." in told.body


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"end": "2030-05-04T13:00"}, "end"),
        ({"start": "2020-05-04T14:00", "end": "2020-05-04T17:00"}, "start"),
        ({"venue": "", "street": "", "online_url": ""}, "venue"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"title": "x" * 256}, "title"),
    ],
)
def test_bad_entries_come_back_and_nothing_is_stored(submit_form, proposal_page, bad, field):
    answer = submit_form(proposal_page.url, proposal_entries(**bad))
    assert answer.status_code == 200 and field in answer.context["form"].errors
    assert not EventSubmission.objects.exists()
    assert not EventPage.objects.filter(title__startswith="Kleidertausch").exists()


def test_the_office_gets_wagtails_review_mail_for_a_new_proposal(
    submit_form, proposal_page, office_user
):
    submit_form(proposal_page.url, proposal_entries())
    to_office = [m for m in mail.outbox if m.to == [office_user.email]]
    assert len(to_office) == 1 and "Kleidertausch im Westend" in to_office[0].subject
