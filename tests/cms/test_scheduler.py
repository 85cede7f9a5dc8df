"""Periodic work runs inside the stack: the scheduler service enqueues each periodic task at its
time, and the tasks do what the office relies on (a scheduled page goes live)."""

import datetime

import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from django.conf import settings
from django.utils import timezone

from cms.management.commands.scheduler import schedule
from cms.pages import german
from cms.tasks import publish_scheduled_pages
from reports.models import ReportPage
from tests.factories import make_report


def test_every_periodic_task_is_scheduled_at_its_time():
    scheduler = schedule(BackgroundScheduler(timezone=settings.TIME_ZONE))
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == set(settings.PERIODIC_TASKS)
    receipts = jobs["books.tasks.issue_last_years_receipts"].trigger
    after_new_year = datetime.datetime(2027, 1, 2, tzinfo=datetime.UTC)
    next_run = receipts.get_next_fire_time(None, after_new_year)
    assert (next_run.month, next_run.day, next_run.hour) == (1, 15, 6)


def test_a_scheduled_page_goes_live(report_index):
    page = make_report(report_index, "Geplanter Bericht")
    page.unpublish()
    page = german(ReportPage.objects).get(pk=page.pk)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live  # scheduled, not live
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        publish_scheduled_pages.call()
    page.refresh_from_db()
    assert page.live
