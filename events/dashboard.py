"""The Office's week on the admin's start page (cms/dashboard.py): the events of the next seven
days that take registrations, each with how it stands, linking to its registrations."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cms.dashboard import Task
from cms.models import ReviewStatus
from cms.pages import german

from .models import EventPage, EventSubmission, Registration


def office_tasks(user):
    return proposal_tasks(user) + week_tasks(user)


def proposal_tasks(user):
    """Partners' proposals that wait for the Office's decision (in their workflow)."""
    if not user.has_perm("events.view_eventsubmission"):
        return []
    waiting = EventSubmission.objects.filter(status=ReviewStatus.NEW).count()
    url = f"{reverse('event_submissions:index')}?status={ReviewStatus.NEW}"
    return [Task(_("To review"), _("Event proposals"), waiting, url)] if waiting else []


def week_tasks(user):
    if not user.has_perm("events.view_registration"):
        return []
    now = timezone.now()
    events = (
        german(EventPage.objects.live())
        .filter(
            registration_required=True, end__gte=now, start__lt=now + datetime.timedelta(days=7)
        )
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )
        .order_by("start", "pk")
    )
    return [
        Task(
            _("Events this week"),
            f"{formats.date_format(timezone.localtime(event.start), 'D j.n., H:i')} {event.title}",
            standing(event),
            f"{reverse('registrations:index')}?event={event.pk}",
        )
        for event in events
    ]


def standing(event):
    """ "8 of 20 seats, 2 waiting" as the office reads it."""
    seats = (
        _("%(confirmed)d of %(capacity)d seats")
        % {"confirmed": event.confirmed, "capacity": event.capacity}
        if event.capacity
        else _("%(confirmed)d registered") % {"confirmed": event.confirmed}
    )
    if not event.waiting:
        return seats
    return _("%(seats)s, %(waiting)d waiting") % {"seats": seats, "waiting": event.waiting}
