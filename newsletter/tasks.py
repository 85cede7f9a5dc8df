"""The newsletter's background work, as thin task wrappers: sending an issue and watching it
(newsletter/sending.py), and the purge of unconfirmed requests."""

from django_tasks import task

from .sending import look_after, run, start_due
from .services import purge_unconfirmed


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


@task()
def start_scheduled_sendings():
    """Queue the issues whose time to go out has come (every minute, by the scheduler)."""
    return start_due()
