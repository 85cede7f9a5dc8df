from django.core.management.base import BaseCommand
from django.utils import timezone

from donations.forms import euros
from donations.receipts import ReceiptRefused, donors_awaiting, issue_collective


class Command(BaseCommand):
    help = (
        "Issue the collective donation receipts (Sammelbestätigungen) of a year and email them: "
        "to every donor who asked for a receipt, or to the one named by --email."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, nargs="?", default=timezone.localdate().year - 1)
        parser.add_argument("--email", help="only this donor (also without having asked)")

    def handle(self, year, email=None, **options):
        issued = 0
        for address in [email] if email else list(donors_awaiting(year)):
            try:
                receipt = issue_collective(address, year)
            except ReceiptRefused as refusal:
                self.stderr.write(f"{address}: {refusal}")
                continue
            issued += 1
            self.stdout.write(f"{receipt.number}  {euros(receipt.total, cents=True)}  {address}")
        self.stdout.write(f"{issued} receipts for {year} issued.")
