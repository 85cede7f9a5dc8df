"""The newsletter's part of the admin's start page (cms/dashboard.py): issues scheduled, going
out or stalled, deliveries that failed and addresses that bounced in the last 30 days."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cms.dashboard import Task

from .models import Delivery, Sending, Subscriber
from .sending import stalled

RECENT = datetime.timedelta(days=30)
FAILED = [Delivery.Status.FAILED, Delivery.Status.REJECTED, Delivery.Status.UNKNOWN]
BOUNCED = [Delivery.Status.BOUNCED, Delivery.Status.COMPLAINED]


def sending_page(sending):
    if sending.message_id:
        return reverse("newsletter_messages:detail", args=[sending.message_id])
    return reverse("newsletter_send", args=[sending.issue_id])


def office_tasks(user):
    tasks = []
    since = timezone.now() - RECENT
    # Issues for those who send them (Editors), messages for those who write them (Office).
    kinds = Q(pk=None)
    if user.has_perm("newsletter.send_newsletterpage"):
        kinds |= Q(issue__isnull=False)
    if user.has_perm("newsletter.add_message"):
        kinds |= Q(message__isnull=False)
    sendings = Sending.objects.filter(kinds).select_related("issue", "message")
    for sending in sendings.exclude(status=Sending.Status.DONE).order_by("send_at", "pk"):
        if sending.status == Sending.Status.SCHEDULED:
            label = _("Scheduled: %(issue)s")
            send_at = timezone.localtime(sending.send_at)
            figure = formats.date_format(send_at, "SHORT_DATETIME_FORMAT")
        else:
            label = _("Stalled: %(issue)s") if stalled(sending) else _("Going out: %(issue)s")
            progress = sending.progress()
            done = progress["total"] - progress.get(Delivery.Status.QUEUED, 0)
            figure = _("%(done)d of %(total)d") % {"done": done, "total": progress["total"]}
        tasks.append(
            Task(_("Newsletter"), label % {"issue": sending}, figure, sending_page(sending))
        )
    failed = dict(
        Delivery.objects.filter(sending__in=sendings, status__in=FAILED, updated_at__gte=since)
        .values_list("sending")
        .annotate(n=Count("pk"))
        .order_by("sending")
    )
    tasks += [
        Task(
            _("Newsletter"),
            _("Deliveries failed: %(issue)s") % {"issue": sending},
            failed[sending.pk],
            sending_page(sending),
        )
        for sending in sendings.filter(pk__in=failed).order_by("pk")
    ]
    if user.has_perm("newsletter.view_subscriber"):
        bounced = Delivery.objects.filter(status__in=BOUNCED, updated_at__gte=since).count()
        if bounced:
            url = f"{reverse('subscribers:index')}?status={Subscriber.Status.BOUNCED}"
            tasks.append(
                Task(_("Newsletter"), _("Addresses bounced in the last 30 days"), bounced, url)
            )
    return tasks
