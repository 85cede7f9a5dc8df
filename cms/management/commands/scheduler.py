"""The scheduler service: enqueues the periodic tasks (settings.PERIODIC_TASKS) at their times
with APScheduler's cron triggers; the worker (db_worker) runs them. Run exactly one."""

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


def schedule(scheduler):
    """Add a job per periodic task: at its time, the task goes into the queue."""
    for path, crontab in settings.PERIODIC_TASKS.items():
        scheduler.add_job(
            import_string(path).enqueue,
            CronTrigger.from_crontab(crontab, timezone=settings.TIME_ZONE),
            id=path,
            coalesce=True,  # missed runs (the service was down) enqueue once, not many times
            misfire_grace_time=3600,
        )
    return scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic tasks at their times (settings.PERIODIC_TASKS). Run one."

    def handle(self, **options):
        scheduler = schedule(BlockingScheduler(timezone=settings.TIME_ZONE))
        for job in scheduler.get_jobs():
            self.stdout.write(f"{job.id}: {job.trigger}")
        scheduler.start()
