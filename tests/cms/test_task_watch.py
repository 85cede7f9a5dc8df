"""Workers killed while they hold tasks, on the stack we ship (PostgreSQL, the database task
queue, `manage.py db_worker` in processes of their own): the watch puts the tasks they left
RUNNING back into the queue, never a task a live worker runs, and the next worker finishes
them: the confirmation mail goes out once, the published page is found by the search."""

import signal
import subprocess
import sys

import psycopg
import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.search.models import IndexEntry

from cms.pages import german
from cms.tasks import requeue_stalled_tasks
from newsletter.models import Subscriber
from reports.models import ReportPage
from tests.workers import BASE_DIR, wait_for, worker

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database"),
    pytest.mark.django_db(transaction=True),
]


ENQUEUE = """
import django; django.setup()
from newsletter.models import Subscriber
from newsletter.emails import send_confirmation
from reports.models import ReportPage
subscriber = Subscriber.objects.create(email="neu@example.org", confirmation_nonce="n1")
send_confirmation.enqueue(subscriber.pk, "n1")
report = ReportPage.objects.live().filter(locale__language_code="de").first()
report = report.get_latest_revision_as_object()
report.title = "Stadtteilgartenfest im Westend"
report.save_revision().publish()  # queues the search index task
"""


def tasks_running(paths):
    running = DBTaskResult.objects.running().values_list("task_path", flat=True)
    return set(paths) <= set(running)


def test_tasks_of_a_killed_worker_are_queued_again_and_finished(worker_env, demo_site, settings):
    subprocess.run(
        [sys.executable, "-c", ENQUEUE], cwd=BASE_DIR, env=worker_env, check=True, timeout=120
    )
    mail, search = (
        "newsletter.emails.send_confirmation",
        "modelsearch.tasks.insert_or_update_object_task",
    )
    assert {mail, search} <= set(DBTaskResult.objects.values_list("task_path", flat=True))
    subscriber = Subscriber.objects.get(email="neu@example.org")

    # Hold what both tasks must write, so that each worker is in the middle of its task.
    url = worker_env["DATABASE_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url) as blocker:
        subscribers, index = Subscriber._meta.db_table, IndexEntry._meta.db_table
        blocker.execute(f"SELECT 1 FROM {subscribers} WHERE id = %s FOR UPDATE", [subscriber.pk])  # noqa: S608
        blocker.execute(f"LOCK TABLE {index} IN EXCLUSIVE MODE")
        workers = [worker(worker_env), worker(worker_env)]
        try:
            wait_for(lambda: tasks_running([mail, search]), 60)
            settings.TASK_CLAIM_SECONDS = 0
            assert requeue_stalled_tasks.enqueue().return_value == 0  # both workers are alive
        finally:
            for process in workers:
                process.send_signal(signal.SIGKILL)
                process.wait()
        blocker.rollback()

    assert tasks_running([mail, search])  # left behind, as the dead workers had them
    assert requeue_stalled_tasks.enqueue().return_value == 2

    last = worker(worker_env)
    try:
        wait_for(
            lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
            60,
        )
    finally:
        last.send_signal(signal.SIGTERM)
        last.wait(timeout=30)
    mails = [path.name for path in (BASE_DIR / worker_env["MAIL_DIR"]).iterdir()]
    assert [name.split("--")[0] for name in mails] == ["neu@example.org"]
    found = german(ReportPage.objects).live().search("Stadtteilgartenfest")
    assert [page.title for page in found] == ["Stadtteilgartenfest im Westend"]
