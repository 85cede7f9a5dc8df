"""Small builders for test content, published as an editor would publish it."""

from datetime import date

from home.management.commands.load_demo_content import ordered
from home.models import ReportChallenge, ReportPage, ReportParticipant


def make_report(index, title, day=date(2024, 1, 1), challenges=(), participants=(), **fields):
    report = ReportPage(
        title=title,
        date=day,
        teaser=fields.pop("teaser", f"Teaser of {title}"),
        challenge_links=ordered([ReportChallenge(challenge=c) for c in challenges]),
        participant_links=ordered([ReportParticipant(organisation=o) for o in participants]),
        **fields,
    )
    index.add_child(instance=report)
    report.save_revision().publish()
    return report
