"""Seats are given out here and only here, each time under a lock on the event's row, so that
parallel registrations and cancellations never hand out more seats than the event has."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Workflow
from wagtail.rich_text import RichText

from cms.audiences import send_message
from cms.forms import client_key, count
from cms.models import ReviewStatus
from cms.pages import german, service
from cms.workflows import PROPOSAL_WORKFLOW

from .emails import (
    send_cancellation_email,
    send_promotion_email,
    send_proposal_decision,
    send_proposal_received,
    send_registration_email,
    send_reminder,
)
from .models import EventOrganiser, EventPage, EventSubmission, Registration
from .recurrence import exception_dates, rule_dates, times_on

Status = Registration.Status


def locked(event_id):
    """The event, its row locked until the transaction ends (on PostgreSQL)."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


@transaction.atomic
def register(event, data, client=""):
    """A seat, or a place on the waiting list when the seats are taken; (registration, created).

    Someone who registers again finds their registration: nothing is stored or sent twice.
    Raises ValidationError when registration has closed, the event is full without a waiting
    list, or one client (cms.forms.client_key) has registered EVENT_REGISTRATIONS_PER_CLIENT
    people for it already: one connection must not take every seat, nor make the site mail
    a list of strangers."""
    event = locked(event.pk)
    existing = event.registrations.filter(
        email=data["email"], status__in=Registration.ACTIVE_STATUSES
    ).first()
    if existing:
        return existing, False
    if not event.registration_open:
        raise ValidationError(_("Registration for this event has closed."), code="closed")
    if event.is_full and not event.waitlist:
        raise ValidationError(_("Sorry, this event is fully booked."), code="full")
    # Counted first, then compared: a refusal rolls the count back with the transaction.
    per_client = f"event-registrations:{event.pk}:{client}"
    window = settings.EVENT_REGISTRATION_CLIENT_WINDOW
    if client and count(per_client, window) > settings.EVENT_REGISTRATIONS_PER_CLIENT:
        raise ValidationError(
            _("From your connection, several people are registered for this event already. "
              "To register more, please write to us."),
            code="per_client",
        )  # fmt: skip
    answers, health = data.get("answers", ({}, {}))
    registration = event.registrations.create(
        name=data["name"],
        email=data["email"],
        organisation=data.get("organisation", ""),
        status=Status.WAITLISTED if event.is_full else Status.CONFIRMED,
        consented_at=timezone.now(),
        answers=answers,
        health_answers=health,
        health_consent_at=timezone.now() if health else None,
    )
    transaction.on_commit(lambda: send_registration_email.enqueue(registration.pk))
    return registration, True


def registration_submitted(event, form):
    """The registration form: the thank-you address says whether it is a seat."""
    data = {**form.cleaned_data, "answers": form.answers()}
    registration, created = register(event, data, client_key(form.request))
    if created:
        waitlisted = registration.status == Status.WAITLISTED
        return {"platz": "warteliste" if waitlisted else "sitzplatz"}
    return None


@transaction.atomic
def cancel(registration):
    """Cancel a registration; its seat goes to the first on the waiting list. Cancelling twice
    does nothing more."""
    event = locked(registration.event_id)
    registration = event.registrations.get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return False
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    transaction.on_commit(lambda: send_cancellation_email.enqueue(registration.pk))
    move_up(event)
    return True


@transaction.atomic
def fill_free_seats(event):
    """After an editor raised the seats (or removed the limit), the waiting list moves up."""
    move_up(locked(event.pk))


def move_up(event):
    """Give the free seats of a locked event to the waiting list, first come first served,
    until the event starts."""
    if event.start <= timezone.now() or event.status in event.CLOSED:
        return
    waiting = event.registrations.filter(status=Status.WAITLISTED).order_by("created_at", "pk")
    if event.seats_left is not None:
        waiting = waiting[: event.seats_left]
    for registration in waiting:
        registration.status = Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        transaction.on_commit(lambda pk=registration.pk: send_promotion_email.enqueue(pk))


def announce_change(event):
    """Tell everyone registered and on the waiting list what changed (a new date, online, off),
    once per change, through the sending machinery (cms.audiences.send_message); on every
    publish, so a change goes out however the page was published."""
    if not (event.changed and event.registration_required):
        return False
    context = {"event": event}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("events/email/change_subject.txt", context, using="text")
        body = render_to_string("events/email/change.txt", context, using="text")
    return send_message(f"event:{event.pk}:all", " ".join(subject.split()), body.strip(),
                        once=event.change_key())  # fmt: skip


def remind():
    """Queue the reminder of each registrant whose event is due for it (the scheduler calls
    this every ten minutes; a reminder goes once, whoever queues it twice). Whoever registered
    or moved up after the reminder time was told everything just then, and gets none."""
    now = timezone.now()
    events = (
        german(EventPage.objects.live())
        .filter(registration_required=True, start__gt=now, reminder_hours__gt=0)
        .filter(start__lte=now + timedelta(hours=336))
        .exclude(status__in=EventPage.CLOSED)
    )
    due = []
    for event in events:
        remind_at = event.start - timedelta(hours=event.reminder_hours)
        if remind_at <= now:
            due += event.registrations.filter(
                Q(promoted_at=None) | Q(promoted_at__lte=remind_at),
                status=Status.CONFIRMED, reminder_sent_at=None, created_at__lte=remind_at,
            ).values_list("pk", flat=True)  # fmt: skip
    for pk in due:
        send_reminder.enqueue(pk)
    return len(due)


# What the dates of a series take over from its first event on each publish (their status,
# seats taken and registrations are their own).
SERIES_FIELDS = [
    "title", "teaser", "body", "all_day", "venue", "street", "postcode", "city", "online_url",
    "registration_required", "capacity", "waitlist", "reminder_hours", "image", "image_alt",
    "is_sample",
]  # fmt: skip
DROPPED = "Dieser Termin der Reihe entfällt."


@transaction.atomic
def sync_series(first_id):
    """Make the pages of a series' dates to come match its first event: a page for each date
    of the rule (at its moved time, if moved), content taken over from the first event; a date
    no longer in the series is unpublished, or, where people registered, cancelled (and they
    are told); a date moved where people registered is marked as moved (they are told). The
    past stays as it was. Returns the pages of the dates to come."""
    first = EventPage.objects.select_for_update(of=("self",)).get(pk=first_id)
    if first.series_id or not first.live:
        return []
    now = timezone.now()
    wanted = {}
    if first.repeat:
        exceptions = exception_dates(first)
        for day in rule_dates(first)[1:]:
            start, end = times_on(first, day)
            if day in exceptions:
                if exceptions[day] is None:
                    continue
                start, end = exceptions[day], exceptions[day] + (end - start)
            wanted[day] = (start, end)
    occurrences = german(EventPage.objects.filter(series=first))
    existing = {page.occurrence_date: page for page in occurrences}
    pages = []
    for day, (start, end) in wanted.items():
        page = existing.get(day)
        if end < now or (page and page.end < now):
            continue
        pages.append(take_over(first, page, day, start, end))
    for day, page in existing.items():
        if day not in wanted and page.end >= now and page.live:
            drop(page)
    return pages


def take_over(first, page, day, start, end):
    """The page of one date of the series, as its first event has it, published if changed."""
    if page is None:
        page = EventPage(series=first, occurrence_date=day, slug=f"{first.slug}-{day:%Y-%m-%d}")
        page.start, page.end = start, end
        copy_series_fields(first, page)
        first.get_parent().add_child(instance=page)
        page.save_revision().publish()
        return page
    moved = page.start != start
    before = [getattr(page, name) for name in SERIES_FIELDS] + [page.start, page.end]
    copy_series_fields(first, page)
    page.start, page.end = start, end
    if moved and page.registrations.filter(status__in=Registration.ACTIVE_STATUSES).exists():
        page.status = EventPage.Status.RESCHEDULED
        page.status_message = (
            f"Dieser Termin der Reihe findet zu einer anderen Zeit statt: {page.when()}."
        )
    after = [getattr(page, name) for name in SERIES_FIELDS] + [page.start, page.end]
    if before != after or not page.live:
        page.save_revision().publish()
    return page


def copy_series_fields(first, page):
    for name in SERIES_FIELDS:
        setattr(page, name, getattr(first, name))
    page.topics.clear()
    page.topics.add(*[topic.name for topic in first.topics.all()])
    page.organiser_links = [
        EventOrganiser(organisation_id=link.organisation_id) for link in first.organiser_links.all()
    ]


def drop(page):
    if page.registrations.filter(status__in=Registration.ACTIVE_STATUSES).exists():
        page.status, page.status_message = EventPage.Status.CANCELLED, DROPPED
        page.save_revision().publish()
    else:
        page.unpublish()


def series_published(event):
    """After the first event of a series (or one that was) is published, its dates follow, in
    the background: a series has up to 60 pages to bring up to date."""
    if event.series_id is None and (event.repeat or event.occurrences.exists()):
        transaction.on_commit(lambda: service(SYNC_SERIES).enqueue(event.pk))


SYNC_SERIES = "events.tasks.sync_series_dates"


def check_in(event, registration_id, arrived):
    """Mark a registered person as here (or not, to undo a slip); an explicit state, not a
    toggle, so two helpers marking the same person at once agree. False if the registration
    is not a seat at this event."""
    now = timezone.now() if arrived else None
    return bool(
        Registration.objects.filter(
            pk=registration_id, event=event, status=Status.CONFIRMED
        ).update(attended_at=now)
    )


def fill_report_count(event, user):
    """Take the number checked in as the number of participants of the event's report, as a
    new revision: published where the user may publish the report and it had no other
    unpublished changes, else a draft for the editors. Returns (count, published)."""
    report = event.report.specific
    publish = (
        report.live
        and not report.has_unpublished_changes  # asked before the new revision
        and report.permissions_for_user(user).can_publish()
    )
    draft = report.get_latest_revision_as_object()  # the page itself, if it has no draft
    draft.participant_count = event.registrations.exclude(attended_at=None).count()
    revision = draft.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return draft.participant_count, publish


@transaction.atomic
def submit_event(page, data):
    """A partner's proposal: a draft event under the calendar, in the Office's moderation
    workflow (approving it publishes it), and the record of who to answer. Nothing is
    published by the form itself."""
    index = page.get_parent()
    event = EventPage(
        title=data["title"], start=data["start"], end=data["end"], teaser=data["teaser"],
        body=[("paragraph", RichText(paragraphs(data["description"])))],
        venue=data["venue"], street=data["street"], postcode=data["postcode"],
        online_url=data["online_url"], live=False,
        slug=f"{slugify(data['title'])[:60] or 'vorschlag'}-{secrets.token_hex(3)}",
    )  # fmt: skip
    index.add_child(instance=event)
    event.save_revision()
    submission = EventSubmission.objects.create(
        event=event, title=data["title"], organisation_name=data["organisation_name"],
        contact_name=data["contact_name"], email=data["email"], consented_at=timezone.now(),
    )  # fmt: skip
    Workflow.objects.get(name=PROPOSAL_WORKFLOW).start(event, None)
    transaction.on_commit(lambda: send_proposal_received.enqueue(submission.pk))
    return submission


def event_submitted(page, form):
    submit_event(page, form.cleaned_data)


def paragraphs(text):
    """Plain text as rich text paragraphs, escaped."""
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def proposal_decided(workflow_state, approved):
    """The Office approved (the event is live now) or declined a proposal: its record says so
    and the partner is told, once."""
    submission = EventSubmission.objects.filter(
        event_id=workflow_state.object_id, status=ReviewStatus.NEW
    ).first()
    if submission is None:
        return
    last = workflow_state.task_states.order_by("-pk").first()
    submission.status = ReviewStatus.ACCEPTED if approved else ReviewStatus.DECLINED
    submission.decision_comment = (last.comment if last else "") or ""
    submission.save(update_fields=["status", "decision_comment"])
    transaction.on_commit(lambda: send_proposal_decision.enqueue(submission.pk))
