"""The events' periodic work, as thin task wrappers (the scheduler enqueues them)."""

from django_tasks import task

from .services import remind, sync_series


@task()
def remind_registrants():
    """Queue the reminders that are due; each goes once."""
    return remind()


@task()
def sync_series_dates(first_id):
    """Bring the pages of a series' dates in line with its first event, just published."""
    return len(sync_series(first_id))
