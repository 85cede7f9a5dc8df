"""Import a camt.053 bank statement of 5,000 entries through the real import code: 2,000
credits with a donor's reference, 1,500 from IBANs Finance confirmed, 500 by a name only one
donor has (to review: a name is no proof), 800 nobody knows (to review), 100 returned debits
and 100 of the alliance's own payments; against a ledger of 3,000 donors. Then the same
statement again (nothing changes).

Prints the time of each step and peak memory. Target on a 2-core machine: reading and
importing under 30 s. Uses DATABASE_URL (a throwaway test database is created and dropped):

    make bench      # or: .venv/bin/python benchmarks/bank_statement_import.py
"""

import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "5000"))


def lines(donors, transfers):
    from schwifty import IBAN

    from tests.books.camt import credit

    def iban(n):
        return IBAN.generate("DE", bank_code="70150000", account_code=str(900000 + n)).compact

    share = ENTRIES // 50  # 2 %
    made = []
    for n in range(share * 20):  # by reference
        donor = donors[n % len(donors)]
        made.append(credit("25.00", donor.name, iban(n), f"Spende {donor.transfer_reference}"))
    for n in range(share * 15):  # by IBAN
        donor = transfers[n % len(transfers)]
        made.append(credit("10.00", donor.name, donor.iban, "Dauerauftrag Spende"))
    for n in range(share * 5):  # by a name only (to review)
        made.append(credit("15.00", f"NACHNAME{n}, VORNAME", iban(10000 + n), "Spende"))
    for n in range(share * 8):  # unknown
        made.append(credit("30.00", f"Unbekannt {n}", iban(20000 + n), "Danke"))
    for n in range(share):  # returned debits of transfers in this statement
        donor = transfers[n]
        made.append(credit("10.00", donor.name, donor.iban, "RUECKLASTSCHRIFT", "2026-11-04",
                           debit=True, reversal=True, return_reason="MD06"))  # fmt: skip
    for n in range(share):  # the alliance's own payments
        made.append(credit("80.00", f"Lieferant {n}", iban(30000 + n), "Rechnung", debit=True))
    return made


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        from schwifty import IBAN

        from books.models import BankEntry
        from books.offline import Import
        from books.statements import read_statement
        from donations.models import Donation, Payment
        from tests.books import camt

        for n in range(2000):
            Donation(name=f"Spenderin {n}", email=f"s{n}@example.org", amount=Decimal(25),
                     interval="once", status="paid").save()  # fmt: skip
        for n in range(500):
            Donation(name=f"Vorname Nachname{n}", email=f"n{n}@example.org", amount=Decimal(15),
                     interval="once", status="paid").save()  # fmt: skip
        for n in range(500):
            Donation(name=f"Dauerspender {n}", channel="transfer", amount=Decimal(10),
                     interval="once", status="paid", iban_confirmed=True,
                     iban=IBAN.generate("DE", bank_code="37040044",
                                        account_code=str(500000 + n)).compact).save()  # fmt: skip
        donors = list(Donation.objects.filter(email__startswith="s").order_by("pk"))
        transfers = list(Donation.objects.filter(channel="transfer").order_by("pk"))
        xml = camt.statement(lines(donors, transfers)).encode()

        started = time.perf_counter()
        statement = read_statement(camt.upload(xml))
        read = time.perf_counter()
        result = Import(statement).run()
        done = time.perf_counter()
        again = Import(read_statement(camt.upload(xml))).run()
        repeated = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"database:          {connection.vendor}")
        print(f"entries:           {len(statement.lines)} ({len(xml) / 1024 / 1024:.1f} MB)")
        print(f"outcome:           {dict(result.counts)}")
        print(f"ledger:            {Payment.objects.count()} payments, "
              f"{BankEntry.objects.count()} bank entries")  # fmt: skip
        print(f"read:              {read - started:.1f} s")
        print(f"import:            {done - read:.1f} s")
        print(f"together:          {done - started:.1f} s (target < 30 s)")
        print(f"again (unchanged): {repeated - done:.1f} s, {dict(again.counts)}")
        print(f"peak process RSS:  {rss:.0f} MiB")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
