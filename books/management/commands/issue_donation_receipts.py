from django.core.management.base import BaseCommand
from django.utils import timezone

from books.receipts import issue_year
from cms.formats import euros


class Command(BaseCommand):
    help = (
        "Issue the collective donation receipts (Sammelbestätigungen) of a year and email them: "
        "to every donor who asked for a receipt, or to the one named by --email."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, nargs="?", default=timezone.localdate().year - 1)
        parser.add_argument("--email", help="only this donor (also without having asked)")

    def handle(self, year, email=None, **options):
        issued, refused = issue_year(year, email)
        for address, reason in refused:
            self.stderr.write(f"{address}: {reason}")
        for receipt in issued:
            self.stdout.write(
                f"{receipt.number}  {euros(receipt.total, cents=True)}  {receipt.email}"
            )
        self.stdout.write(f"{len(issued)} receipts for {year} issued.")
