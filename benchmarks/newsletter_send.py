"""Send one issue to 10,000 confirmed subscribers through the real sending code (batches,
merge data, deliveries), with anymail's test backend standing in for the provider's API.

Prints wall time, peak memory and the number of provider calls. Targets on a 2-core machine:
under 60 s and under 300 MB. Uses DATABASE_URL (a throwaway test database is created and
dropped), else SQLite in memory:

    make bench                      # or: .venv/bin/python benchmarks/newsletter_send.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/min make bench
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        issue = make_issue()
        make_subscribers(SUBSCRIBERS)

        from newsletter.models import Sending
        from newsletter.sending import run

        sending = Sending.objects.create(issue=issue)
        started = time.perf_counter()
        progress = run(sending.pk)
        elapsed = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB
        print(f"database:          {connection.vendor}")
        print(f"subscribers:       {SUBSCRIBERS}")
        print(f"batch size:        {settings.NEWSLETTER_BATCH_SIZE}")
        print(f"deliveries:        {progress}")
        print(f"provider calls:    {len(mail.outbox)}")
        print(f"wall time:         {elapsed:.1f} s (target < 60 s)")
        print(f"peak process RSS:  {rss:.0f} MiB (target < 300 MB)")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


def make_issue():
    from cms.pages import german
    from newsletter.models import NewsletterIndexPage, NewsletterPage
    from reports.models import ReportPage

    report = german(ReportPage.objects).live().first()
    issue = NewsletterPage(
        title="Benchmark-Ausgabe",
        slug="benchmark",
        intro="Eine Ausgabe mit allen Arten von Blöcken.",
        body=[
            {"type": "paragraph", "value": "<p>" + "Neuigkeiten aus dem Netzwerk. " * 40 + "</p>"},
            {"type": "reports", "value": {"heading": "Neue Berichte", "reports": [report.pk]}},
            {"type": "events", "value": {"heading": "Kommende Veranstaltungen", "count": 3}},
        ],
    )
    german(NewsletterIndexPage.objects).get().add_child(instance=issue)
    issue.save_revision().publish()
    return issue


def make_subscribers(count):
    from django.utils import timezone

    from newsletter.models import Subscriber, new_token

    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"abonnent{n}@example.org",
                name=f"Person {n}" if n % 3 else "",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
                token=new_token(),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


if __name__ == "__main__":
    main()
