from django.core.management.base import BaseCommand

from cms import privacy


class Command(BaseCommand):
    help = (
        "A person's data across the site: `export EMAIL` prints it as JSON, `erase EMAIL` deletes "
        "it (donations are anonymised and kept for tax law), `purge` deletes what is past its "
        "retention period (run daily)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("export").add_argument("email")
        erase = actions.add_parser("erase")
        erase.add_argument("email")
        erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        actions.add_parser("purge")

    def handle(self, action, email=None, yes=False, **options):
        if action == "export":
            self.stdout.write(privacy.export_json(email))
        elif action == "erase":
            if not yes and input(f"Erase everything about {email}? [y/N] ").lower() != "y":
                self.stdout.write("Nothing erased.")
                return
            self.report(privacy.erase(email), "erased")
        else:
            self.report(privacy.purge(), "purged")

    def report(self, counts, verb):
        for label, number in counts.items():
            self.stdout.write(f"{label}: {number}")
        self.stdout.write(f"{sum(counts.values())} records {verb}.")
