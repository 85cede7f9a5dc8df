"""The newsletter's background work: sending an issue, a watch that resumes a sending whose
worker died, and the purge of unconfirmed requests. The sending itself is in sending.py; this
module queues it."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .models import Sending
from .sending import run, runner_timeout
from .services import purge_unconfirmed


def start(issue, user):
    """Queue the issue for all confirmed subscribers; None if it was sent (or started) before."""
    try:
        with transaction.atomic():
            sending = Sending.objects.create(issue=issue, started_by=user)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: send_issue.enqueue(sending.pk))
    transaction.on_commit(lambda: watch(sending.pk))
    return sending


def watch(sending_id):
    """Look at the sending again in a while (where the task backend can defer: the database
    queue; in development tasks run at once and cannot die half-way)."""
    if watch_sending.get_backend().supports_defer:
        run_after = timezone.now() + runner_timeout()
        watch_sending.using(run_after=run_after).enqueue(sending_id)


def look_after(sending_id):
    """Until the sending is done: queue the next look (first, as this worker may die too), and
    resume the sending if its runner died (run does nothing while a live one has it)."""
    if Sending.objects.filter(pk=sending_id).exclude(status=Sending.Status.DONE).exists():
        watch(sending_id)
        return run(sending_id)
    return None


@task()
def purge_unconfirmed_subscribers():
    return purge_unconfirmed()


@task()
def send_issue(sending_id):
    """Send (or resume sending) an issue; safe to enqueue again."""
    return run(sending_id)


@task()
def watch_sending(sending_id):
    """Take over a sending whose runner died, or look again later while it runs."""
    return look_after(sending_id)
