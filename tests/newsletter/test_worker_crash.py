"""A worker killed in the middle of a sending, on the stack we ship: PostgreSQL, the database
task queue and `manage.py db_worker` in processes of their own. When a worker runs again, the
sending resumes by itself (its watch task) and nobody gets the issue twice."""

import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from cms.pages import german
from newsletter.models import Delivery, NewsletterIndexPage, NewsletterPage, Sending, Subscriber
from tests.workers import BASE_DIR, wait_for, worker

RECIPIENTS = 300

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database"),
    pytest.mark.django_db(transaction=True),
]


def test_a_killed_worker_resumes_and_nobody_gets_the_issue_twice(worker_env, demo_site):
    issue = NewsletterPage(title="Ausgabe nach dem Absturz", slug="absturz", intro="Hallo.")
    german(NewsletterIndexPage.objects).get().add_child(instance=issue)
    issue.save_revision().publish()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"leser{n}@example.org",
            status=Subscriber.Status.CONFIRMED,
            consent_text="Ja",
            source_url="https://m-i-n.net/newsletter/",
        )
        for n in range(RECIPIENTS)
    )
    start = (
        "import django; django.setup(); from django.db import transaction; "
        "from newsletter.models import NewsletterPage; from newsletter.sending import start; "
        f"issue = NewsletterPage.objects.get(pk={issue.pk}); "
        "transaction.atomic()(lambda: start(issue, None))()"
    )
    subprocess.run(
        [sys.executable, "-c", start],
        cwd=BASE_DIR, env=worker_env, check=True, timeout=120,
    )  # fmt: skip
    mails = Path(worker_env["MAIL_DIR"])

    first = worker(worker_env)
    try:
        wait_for(lambda: len(list(mails.iterdir())) >= 60, 90)
    finally:
        first.send_signal(signal.SIGKILL)  # mid-send, as a crash or an OOM kill would
        first.wait()
    sending = Sending.objects.get(issue=issue)
    assert sending.status == Sending.Status.SENDING
    assert len(list(mails.iterdir())) < RECIPIENTS

    second = worker(worker_env)
    try:
        wait_for(lambda: Sending.objects.get(pk=sending.pk).status == Sending.Status.DONE, 120)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    got = Counter(path.name.split("--")[0] for path in mails.iterdir())
    assert max(got.values()) == 1  # nobody twice
    unknown = set(
        sending.deliveries.filter(status=Delivery.Status.UNKNOWN).values_list("email", flat=True)
    )
    assert len(unknown) <= 1  # at most the one message in flight at the kill
    everyone = {f"leser{n}@example.org" for n in range(RECIPIENTS)}
    assert {address for address in everyone if got[address] == 1} >= everyone - unknown
    assert sending.deliveries.filter(status=Delivery.Status.SENT).count() == len(everyone - unknown)
