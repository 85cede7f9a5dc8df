"""Small builders for test content, published as an editor would publish it."""

from datetime import date, timedelta

from django.utils import timezone

from events.models import EventOrganiser, EventPage
from funding.models import FundingDeadline, FundingDistrict, FundingProgrammePage
from guide.models import ActivityDepartment, ActivityPage, ActivityPermit
from network.models import InitiativePage
from newsletter.models import NewsletterPage
from organisations.models import Organisation
from places.models import PlacePage
from reports.models import ReportChallenge, ReportPage, ReportParticipant


def ordered(items):
    """Orderables in the given order, as the editor's inline panel would number them."""
    for position, item in enumerate(items):
        item.sort_order = position
    return items


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


def make_event(index, title, start=None, hours=2, organisers=(), topics=(), **fields):
    """A published event, a week from now unless start says otherwise."""
    start = start or timezone.now() + timedelta(days=7)
    event = EventPage(
        title=title,
        start=start,
        end=fields.pop("end", start + timedelta(hours=hours)),
        teaser=fields.pop("teaser", f"Teaser of {title}"),
        venue=fields.pop("venue", "Stadtteilladen Giesing"),
        organiser_links=ordered([EventOrganiser(organisation=o) for o in organisers]),
        **fields,
    )
    event.topics.add(*topics)
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def make_profile(index, name, kind=Organisation.Kind.INITIATIVE, district="", topics=()):
    profile = InitiativePage(
        title=name,
        organisation=Organisation.objects.create(name=name, kind=kind),
        district=district,
        teaser=f"Über {name}",
    )
    profile.topics.add(*topics)
    index.add_child(instance=profile)
    profile.save_revision().publish()
    return profile


def make_issue(archive, title, **fields):
    """A published newsletter issue with a paragraph."""
    issue = NewsletterPage(
        title=title,
        preheader=fields.pop("preheader", f"Vorschau {title}"),
        body=fields.pop("body", [{"type": "paragraph", "value": f"<p>{title}</p>"}]),
        **fields,
    )
    archive.add_child(instance=issue)
    issue.save_revision().publish()
    return issue


def make_activity(guide, title, departments=(), permits=(), **fields):
    """A published activity in the guide: departments as (organisation, what it decides),
    permits as (name, issuing organisation)."""
    activity = ActivityPage(
        title=title,
        summary=fields.pop("summary", f"Wie man {title} plant"),
        department_links=ordered(
            [ActivityDepartment(organisation=o, decides=d) for o, d in departments]
        ),
        permits=ordered([ActivityPermit(name=n, issued_by=o) for n, o in permits]),
        **fields,
    )
    guide.add_child(instance=activity)
    activity.save_revision().publish()
    return activity


def make_programme(index, title, provider, deadlines=(), districts=(), topics=(), **fields):
    """A published funding programme: deadlines as (date, yearly)."""
    programme = FundingProgrammePage(
        title=title,
        provider=provider,
        teaser=fields.pop("teaser", f"Geld für {title}"),
        eligibility=fields.pop("eligibility", "<p>Initiativen</p>"),
        deadlines=ordered([FundingDeadline(date=d, yearly=y) for d, y in deadlines]),
        districts=ordered([FundingDistrict(district=d) for d in districts]),
        **fields,
    )
    programme.topics.add(*topics)
    index.add_child(instance=programme)
    programme.save_revision().publish()
    return programme


def make_place(index, title, district, kind=PlacePage.Kind.LIBRARY, offers=(), **fields):
    place = PlacePage(
        title=title,
        kind=kind,
        district=district,
        teaser=fields.pop("teaser", f"Über {title}"),
        street=fields.pop("street", "Beispielstraße 1"),
        postcode=fields.pop("postcode", "80331"),
        **fields,
    )
    place.offers.add(*offers)
    index.add_child(instance=place)
    place.save_revision().publish()
    return place
