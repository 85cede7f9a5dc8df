"""The seed report as the demo data holds it (demo/content/seed-report.toml), for the tests that
check the site shows all of it."""

from demo.loader import read

_REPORT = next(
    page for page in read("seed-report")["page"] if page["model"] == "reports.ReportPage"
)

CHALLENGES = [link["challenge"] for link in _REPORT["challenge_links"]]
SEED_RESULTS = [(result["text"], result.get("challenge")) for result in _REPORT["results"]]
SEED_PARTICIPANTS = [
    (link["organisation"], link.get("note", "")) for link in _REPORT["participant_links"]
]
