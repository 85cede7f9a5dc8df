"""The events' periodic work, as thin task wrappers (the scheduler enqueues them)."""

from django_tasks import task

from .services import remind


@task()
def remind_registrants():
    """Queue the reminders that are due; each goes once."""
    return remind()
