"""Small builders for test content, published as an editor would publish it, and a person's
entries in each public form."""

from datetime import date, timedelta

from django.utils import timezone

from cms.pages import german
from donations.models import Donation, DonationPage
from events.models import (
    EventOrganiser,
    EventPage,
    EventSubmission,
    EventSubmissionPage,
    Registration,
)
from funding.models import FundingDeadline, FundingDistrict, FundingProgrammePage
from guide.models import ActivityDepartment, ActivityPage, ActivityPermit
from network.models import (
    InitiativePage,
    ManufakturPage,
    ManufakturSignup,
    PartnerApplication,
    PartnerApplicationPage,
)
from newsletter.models import NewsletterIndexPage, NewsletterPage, Subscriber
from organisations.models import Organisation
from places.models import PlacePage
from questionnaires.models import QuestionnairePage, QuestionnaireSubmission
from reports.models import ReportChallenge, ReportPage, ReportParticipant
from tests.demo_records import EVENT_WITH_REGISTRATION, MANUFAKTUR


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


def entries(**defaults):
    """What a person enters in a public form, as a builder that takes other values."""
    return lambda **overrides: {**defaults, **overrides}


donation_entries = entries(
    amount="other",
    other_amount="25,50",
    interval="once",
    name="Maria Beispiel",
    email="Maria@Example.org",
    purpose="",
    street="",
    postcode="",
    city="",
    consent="on",
)
registration_entries = entries(
    name="Maria Beispiel",
    email=" Maria@Example.org ",
    organisation="Trudering im Wandel",
    consent="on",
)
signup_entries = entries(
    name="Maria Beispiel",
    email=" Maria@Example.org ",
    contribution="Ich kann gut organisieren\nund backe Kuchen.",
    consent="on",
)
application_entries = entries(
    organisation_name="  Repair  Café Sendling ",
    sector="civil_society",
    website="repaircafe-sendling.example.org",
    district="06",
    contact_name="Jonas Beispiel",
    email="Jonas@Example.org",
    phone="",
    offers="Monatliche Reparaturtreffen",
    wants="Kontakte zu anderen Initiativen",
    consent="on",
)
proposal_entries = entries(
    title="Kleidertausch im Westend",
    start="2030-05-04T14:00",
    end="2030-05-04T17:00",
    venue="Stadtteilladen Westend",
    street="",
    postcode="",
    online_url="",
    teaser="Bringen Sie mit, was Sie nicht mehr tragen.",
    description="Wir tauschen Kleidung.\n\nFür alle <offen>.",
    organisation_name="Westendkiez e.V.",
    contact_name="Łucja Nowak",
    email=" Lucja@Example.org ",
    consent="on",
)
# The demo questionnaire's questions, named by the form builder after their labels.
HELPFUL = "wie_hilfreich_war_das_werkstattgesprach_fur_ihre_initiative"
TOPICS = "welche_themen_wunschen_sie_sich_fur_das_nachste_treffen"
BETTER = "was_sollen_wir_besser_machen"
questionnaire_entries = entries(
    **{
        HELPFUL: "Hilfreich",
        TOPICS: ["Förderung", "Räume im Quartier"],
        BETTER: "Mehr Zeit für Fragen.\nUnd Kaffee.",
    },
    email=" Maria@Example.org ",
    consent="on",
)
subscription_entries = entries(
    email=" Maria@Example.ORG ",
    name="Maria",
    consent="on",
    source="/berichte/",
)

# Each public form: how to find a page with it, and what it stores.
PUBLIC_FORMS = {
    "manufaktur-signup": (lambda: ManufakturPage.objects.get(slug=MANUFAKTUR), ManufakturSignup),
    "partner-application": (lambda: PartnerApplicationPage.objects.get(), PartnerApplication),
    "newsletter": (lambda: german(NewsletterIndexPage.objects).get(), Subscriber),
    "donation": (lambda: german(DonationPage.objects).get(), Donation),
    "event-registration": (
        lambda: EventPage.objects.get(slug=EVENT_WITH_REGISTRATION),
        Registration,
    ),
    "event-proposal": (lambda: EventSubmissionPage.objects.get(), EventSubmission),
    "questionnaire": (lambda: QuestionnairePage.objects.get(), QuestionnaireSubmission),
}

# Each page type with a public form, and a person's entries in it.
FORM_PAGES = {
    "manufaktur-signup": (PUBLIC_FORMS["manufaktur-signup"][0], signup_entries),
    "partner-application": (PUBLIC_FORMS["partner-application"][0], application_entries),
    "newsletter": (PUBLIC_FORMS["newsletter"][0], subscription_entries),
    "donation": (PUBLIC_FORMS["donation"][0], donation_entries),
    "event-registration": (PUBLIC_FORMS["event-registration"][0], registration_entries),
    "event-proposal": (PUBLIC_FORMS["event-proposal"][0], proposal_entries),
    "questionnaire": (PUBLIC_FORMS["questionnaire"][0], questionnaire_entries),
}
