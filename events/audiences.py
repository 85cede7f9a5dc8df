"""The registrants of each event as audiences of a service message (cms/audiences.py): events
to come and those of the last 30 days (a note afterwards), each as all who hold a seat or a
place on the waiting list, those registered, or the waiting list alone."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.audiences import Audience
from cms.pages import german

from .models import EventPage, Registration

AFTERWARDS = datetime.timedelta(days=30)
Status = Registration.Status


def message_audiences():
    events = german(
        EventPage.objects.filter(registration_required=True, end__gte=timezone.now() - AFTERWARDS)
    ).order_by("start", "pk")
    offered = []
    for event in events:
        day = formats.date_format(timezone.localtime(event.start), "SHORT_DATE_FORMAT")
        reason = (
            f"Sie erhalten diese Nachricht, weil Sie sich zur Veranstaltung „{event.title}“ "
            f"am {day} angemeldet haben."
        )
        for which, label, statuses in (
            ("all", _("registered and waiting list"), Registration.ACTIVE_STATUSES),
            ("confirmed", _("registered"), [Status.CONFIRMED]),
            ("waitlist", _("waiting list"), [Status.WAITLISTED]),
        ):
            offered.append(
                Audience(
                    f"event:{event.pk}:{which}",
                    f"{event.title}, {day}: {label}",
                    reason,
                    registrants(event.pk, statuses),
                )
            )
    return offered


def registrants(event_id, statuses):
    return lambda: Registration.objects.filter(event=event_id, status__in=statuses).values_list(
        "email", "name"
    )
