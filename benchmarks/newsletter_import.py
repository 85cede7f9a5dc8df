"""Import a list of 10,000 subscribers through the real import code: a CSV file as the office
uploads it (German header, semicolons, 9,000 rows with a proof of consent and two interests,
1,000 without; 200 of them already on the list), checked, then imported.

Prints the time of each step and peak memory. Target on a 2-core machine: check and import
together under 30 s. Uses DATABASE_URL (a throwaway test database is created and dropped):

    make bench      # or: .venv/bin/python benchmarks/newsletter_import.py
"""

import csv
import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))


def make_file():
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["E-Mail", "Vorname", "Nachname", "Einwilligung am", "Einwilligungstext",
                     "Quelle", "Interessen"])  # fmt: skip
    for n in range(ROWS):
        proven = n % 10 != 0
        writer.writerow([
            f"person{n}@example.org", f"Zofia {n}", "Łukasiewicz",
            "01.03.2025" if proven else "", "Ich möchte den Newsletter erhalten." if proven else "",
            "Sommerfest", "Veranstaltungen, Quartiere",
        ])  # fmt: skip
    return out.getvalue().encode()


def main():
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        from newsletter.imports import check, perform
        from newsletter.models import ConsentRecord, Subscriber

        Subscriber.objects.bulk_create(
            Subscriber(email=f"person{n}@example.org", status="confirmed")
            for n in range(0, ROWS, ROWS // 200)
        )
        data = make_file()
        started = time.perf_counter()
        batch = check(SimpleUploadedFile("liste.csv", data), "Benchmark", "", None)
        checked = time.perf_counter()
        perform(batch.pk)
        done = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"database:          {connection.vendor}")
        print(f"rows:              {ROWS} ({len(data) / 1024 / 1024:.1f} MB)")
        print(f"outcomes:          {batch.outcomes()}")
        print(f"subscribers, proofs: {Subscriber.objects.count()}, {ConsentRecord.objects.count()}")
        print(f"check:             {checked - started:.1f} s")
        print(f"import:            {done - checked:.1f} s")
        print(f"together:          {done - started:.1f} s (target < 30 s)")
        print(f"peak process RSS:  {rss:.0f} MiB")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
