"""Periodic work, enqueued by the scheduler service (manage.py scheduler, PERIODIC_TASKS) and
run by the worker like any other task; and the watch over the worker itself.

A worker that dies (SIGKILL, an out-of-memory kill, a lost machine) leaves the task it held
RUNNING for ever: the database queue has no heartbeat, so a page published then stayed missing
from the search, and a mail would be lost the same way. So each task a database worker runs
holds a PostgreSQL advisory lock in the worker's own connection for as long as it runs; the
server releases it when the process dies, and requeue_stalled_tasks puts every RUNNING task
whose lock nobody holds back into the queue. Every task here may run again: mail tasks check
that their mail went out, the search index is written in place, a sending resumes.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from . import privacy

logger = logging.getLogger(__name__)


@task()
def purge_personal_data():
    """What `manage.py privacy purge` does."""
    return privacy.purge()


@task()
def publish_scheduled_pages():
    """Pages whose go-live time has come go live, those whose expiry has come go offline."""
    call_command("publish_scheduled")


@task()
def prune_task_results():
    """Finished entries of the task queue, after two weeks."""
    call_command("prune_db_task_results", "--min-age-days", "14")


def running_lock(task_id):
    """The advisory lock a running task holds: a 63-bit number from its UUID."""
    return uuid.UUID(str(task_id)).int & (2**63 - 1)


def watched(task_result):
    backend = task_backends[task_result.backend]
    return isinstance(backend, DatabaseBackend) and connection.vendor == "postgresql"


def hold_while_running(sender, task_result, **kwargs):
    if watched(task_result):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [running_lock(task_result.id)])


def release_when_finished(sender, task_result, **kwargs):
    if watched(task_result):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [running_lock(task_result.id)])
        except DatabaseError:  # the connection is gone, and the lock with it
            logger.warning("Could not release the lock of task %s", task_result.id)


@task(takes_context=True)
def requeue_stalled_tasks(context):
    """Queue again the tasks left RUNNING by a worker that died: those claimed longer ago than
    TASK_CLAIM_SECONDS (a worker takes the lock right after the claim) whose lock is free."""
    if connection.vendor != "postgresql":
        return 0
    claimed_before = timezone.now() - datetime.timedelta(seconds=settings.TASK_CLAIM_SECONDS)
    running = DBTaskResult.objects.running().filter(started_at__lt=claimed_before)
    if watched(context.task_result):
        running = running.exclude(id=context.task_result.id)  # this one, alive
    requeued = 0
    for stalled in running.only("id", "task_path"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [running_lock(stalled.id)])
            if not cursor.fetchone()[0]:
                continue  # its worker is running it
            requeued += DBTaskResult.objects.filter(
                id=stalled.id, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY)
            logger.warning("%s was left running by a worker that died; queued again", stalled)
    return requeued
