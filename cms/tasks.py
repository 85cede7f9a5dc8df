"""Periodic work, enqueued by the scheduler service (manage.py scheduler, PERIODIC_TASKS) and
run by the worker like any other task."""

from django.core.management import call_command
from django_tasks import task

from . import privacy


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
