"""Load MIN's demo content: the real workshop report from ../shared/seed, structured, plus sample
pages that say they are samples.

Idempotent: records are found by their natural key (a page by its slug under its parent, an
organisation by name, a challenge by title) and only created when missing, so running it again
changes nothing and never overwrites what an editor changed.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from challenges.models import Challenge
from cms.apps import configured_address
from donations.models import DonationPage, ReceiptSettings
from events.models import EventIndexPage, EventOrganiser, EventPage
from home.models import ContentPage, HomePage, SiteSettings
from network.models import (
    InitiativeIndexPage,
    InitiativePage,
    ManufakturIndexPage,
    ManufakturPage,
    PartnerApplicationPage,
)
from newsletter.models import NewsletterIndexPage, NewsletterPage
from organisations.models import District, Organisation
from reports.models import (
    ReportChallenge,
    ReportIndexPage,
    ReportPage,
    ReportParticipant,
    ReportResult,
)

from .. import demo_tools
from ..helpers import ordered, paragraphs

K = Organisation.Kind

# The seed report's five challenges, in its order.
CHALLENGES = [
    "Zustimmung, Genehmigung, Haftung und Verantwortung",
    "Unterschiedliche Logiken in der Arbeitsweise und divergente Arbeitsstrukturen",
    "Referatsübergreifende Zusammenarbeit und Zuständigkeit",
    "Finanzierung und Förderungen",
    "Ziel und Interessenkonflikte sowie Akzeptanz der Bevölkerung",
]

# Every body the seed report names, with its kind. Where the report names a department or project
# of an organisation, the organisation is the shared record and the rest is the note.
ORGANISATIONS = {
    "Referat für Bildung und Sport": K.CITY_DEPARTMENT,
    "Gesundheitsreferat": K.CITY_DEPARTMENT,
    "Referat Klima- und Umweltschutz": K.CITY_DEPARTMENT,
    "Mobilitätsreferat": K.CITY_DEPARTMENT,
    "Kommunalreferat": K.CITY_DEPARTMENT,
    "Kreisverwaltungsreferat": K.CITY_DEPARTMENT,
    "Kulturreferat": K.CITY_DEPARTMENT,
    "Referat für Stadtplanung und Bauordnung": K.CITY_DEPARTMENT,
    "Sozialreferat": K.CITY_DEPARTMENT,
    "Direktorium": K.CITY_DEPARTMENT,
    "Referat für Arbeit und Wirtschaft": K.CITY_DEPARTMENT,
    "Förderstelle Bürgerschaftliches Engagement (FöBE)": K.ASSOCIATION,
    "München Aktiv für Gesundheit e.V. (MAGs)": K.ASSOCIATION,
    "Klimaherbst": K.INITIATIVE,
    "Stadtteilladen Giesing": K.INITIATIVE,
    "Trudering im Wandel": K.INITIATIVE,
    "Green City e.V.": K.ASSOCIATION,
    "Bewegte Quartiere – Green City Arbeitsgruppe": K.WORKING_GROUP,
    "Hans Sauer Stiftung": K.FOUNDATION,
    "MIN – Manufaktur 2 – Westendkiez": K.WORKING_GROUP,
    "MIN – Manufaktur 8 – Demokratiecafes": K.WORKING_GROUP,
    "Kreislaufschränke München e.V.": K.INITIATIVE,
    "Caritas": K.ASSOCIATION,
    "rehab republic e.V.": K.ASSOCIATION,
}

SEED_PARTICIPANTS = [
    ("Referat für Bildung und Sport", ""),
    ("Gesundheitsreferat", ""),
    ("Referat Klima- und Umweltschutz", ""),
    ("Mobilitätsreferat", ""),
    ("Kommunalreferat", "AWM"),
    ("Kreisverwaltungsreferat", ""),
    ("Kulturreferat", "Stadtteilkultur"),
    ("Referat für Stadtplanung und Bauordnung", ""),
    ("Sozialreferat", "Amt für Wohnen"),
    ("Direktorium", "Fachstelle Bürgerschaftl. Engagement + Öffentlichkeitsbeteiligung"),
    ("Referat für Arbeit und Wirtschaft", ""),
    ("Förderstelle Bürgerschaftliches Engagement (FöBE)", ""),
    ("München Aktiv für Gesundheit e.V. (MAGs)", ""),
    ("Klimaherbst", "Klima.DULT"),
    ("Stadtteilladen Giesing", ""),
    ("Trudering im Wandel", ""),
    ("Green City e.V.", "u.a. Parklets, Grünspitz, Grünpaten"),
    ("Bewegte Quartiere – Green City Arbeitsgruppe", ""),
    ("Hans Sauer Stiftung", "Circular Westend"),
    ("MIN – Manufaktur 2 – Westendkiez", ""),
    ("MIN – Manufaktur 8 – Demokratiecafes", ""),
    ("Kreislaufschränke München e.V.", ""),
    ("Caritas", "Sozialraumentwicklung"),
    ("rehab republic e.V.", "Olytopia"),
]

SEED_RESULTS = [
    (
        "Sowohl für Genehmigungen, die Übernahme von Haftungsrisiken als auch kleinere "
        "Finanzbudgets sollten einfachere und zügige Wege geschaffen werden, die dadurch auch "
        "niedrigschwelliger zugänglich wären.",
        CHALLENGES[0],
    ),
    (
        "Im Quartier könnten für die Vernetzung sogenannte Dritte Orte geschaffen werden – von den "
        "Stadtbibliotheken über die Bildungslokale bis zu besonderen Orten wie die Community "
        "Kitchen.",
        None,
    ),
    (
        "Bis auf wenige Quartiere (oder die größer geschnittenen Handlungsräume) gibt es (noch) "
        "keine Akteure und Ressourcen, die eine Vernetzung im Quartier fördern (können). Ein "
        "Stadtteilmanagement analog zu den Projekten der Sozialen Stadt, könnte eine breitere "
        "Vernetzung schaffen zwischen Verwaltungseinheiten und Quartiersakteur*innen, zwischen "
        "Einrichtungen und Quartiersinitiativen und zwischen Initiativen untereinander.",
        CHALLENGES[2],
    ),
]

SAMPLE_NOTE = "Dieser Inhalt ist ein Beispiel für die Demo und beschreibt kein reales Treffen."

# (title, slug, date, teaser, challenges, participants, result)
SAMPLE_REPORTS = [
    (
        "Quartiersrundgang im Westend (Beispiel)",
        "beispiel-quartiersrundgang-westend",
        date(2024, 5, 14),
        "Beispielbericht: Die Manufaktur Westendkiez zeigt Orte der Kreislaufwirtschaft im "
        "Viertel und sammelt Fragen an die Stadt.",
        [CHALLENGES[3], CHALLENGES[2]],
        [
            "MIN – Manufaktur 2 – Westendkiez",
            "Hans Sauer Stiftung",
            "Referat für Stadtplanung und Bauordnung",
        ],
        (
            "Beispiel: Eine Liste der Ansprechpersonen in den Referaten soll allen Initiativen "
            "im Viertel zur Verfügung stehen.",
            CHALLENGES[2],
        ),
    ),
    (
        "Austausch zu Förderprogrammen für Quartiersinitiativen (Beispiel)",
        "beispiel-austausch-foerderprogramme",
        date(2025, 3, 20),
        "Beispielbericht: Welche Förderungen gibt es für kleine Initiativen, und wie kommen sie "
        "mit wenig Aufwand an kleine Budgets?",
        [CHALLENGES[3]],
        [
            "Förderstelle Bürgerschaftliches Engagement (FöBE)",
            "Sozialreferat",
            "Referat Klima- und Umweltschutz",
            "Trudering im Wandel",
        ],
        ("Beispiel: Ein gemeinsamer Leitfaden zu Kleinstförderungen wird erstellt.", CHALLENGES[3]),
    ),
    (
        "Dritte Orte im Quartier: Vernetzungstreffen (Beispiel)",
        "beispiel-dritte-orte-vernetzung",
        date(2025, 10, 8),
        "Beispielbericht: Stadtbibliotheken, Bildungslokale und Initiativen überlegen, wie "
        "offene Räume für die Nachbarschaft entstehen.",
        [CHALLENGES[0], CHALLENGES[4]],
        ["Stadtteilladen Giesing", "Referat für Bildung und Sport", "Kreisverwaltungsreferat"],
        (
            "Beispiel: Eine Musterregelung für die Haftung bei Nachbarschaftsveranstaltungen "
            "wird mit dem Kreisverwaltungsreferat besprochen.",
            CHALLENGES[0],
        ),
    ),
    (
        "Demokratiecafé: Beteiligung im Stadtteil (Beispiel)",
        "beispiel-demokratiecafe-beteiligung",
        date(2026, 6, 17),
        "Beispielbericht: Die Manufaktur Demokratiecafes lädt zum Gespräch darüber ein, wie "
        "Nachbarinnen und Nachbarn Projekte im Viertel mitgestalten.",
        [CHALLENGES[4], CHALLENGES[1]],
        ["MIN – Manufaktur 8 – Demokratiecafes", "Direktorium", "Green City e.V."],
        ("Beispiel: Beteiligungsformate sollen früher im Planungsprozess ansetzen.", CHALLENGES[4]),
    ),
]

# The four ways to take part, as the seed report's site-wide blocks name them.
PARTICIPATION = [
    (
        "mail",
        "Newsletter abonnieren",
        "newsletter",
        "Zum Newsletter",
        "Unser Newsletter informiert über die kommenden Veranstaltungen und unsere aktuellen "
        "Tätigkeiten.",
    ),
    (
        "handshake",
        "Bündnispartner werden",
        "buendnispartner-werden",
        "Partner werden",
        "MIN bündelt Initiativen und Organisationen der Zivilgesellschaft, der Wirtschaft und der "
        "Wissenschaft.",
    ),
    (
        "people",
        "In Manufaktur mitarbeiten",
        "manufakturen",
        "Manufakturen entdecken",
        "Arbeiten Sie in einer Manufaktur gemeinsam mit Anderen an der nachhaltigen Entwicklung "
        "Münchens.",
    ),
    (
        "heart",
        "Spenden",
        "spenden",
        "Jetzt spenden",
        "Zur Förderung der Arbeit von MIN können Sie uns auch mit einer Spende unterstützen.",
    ),
]

# Profiles of initiatives the seed report names: (name, slug, district, topics, teaser, text).
# Everything but the names is sample content.
PROFILES = [
    (
        "Stadtteilladen Giesing",
        "stadtteilladen-giesing",
        District.OBERGIESING_FASANGARTEN,
        ["Nachbarschaft", "Reparieren"],
        "Beispielprofil: Ein offener Treffpunkt für die Nachbarschaft in Giesing.",
        "Im Stadtteilladen treffen sich Nachbarinnen und Nachbarn, reparieren gemeinsam und "
        "planen Aktionen im Viertel.",
    ),
    (
        "Trudering im Wandel",
        "trudering-im-wandel",
        District.TRUDERING_RIEM,
        ["Klimaschutz", "Gemeinschaftsgarten"],
        "Beispielprofil: Eine Initiative für ein klimafreundliches Trudering.",
        "Die Initiative lädt zu Kleidertausch, Gartenaktionen und Gesprächen über ein gutes "
        "Leben mit weniger Ressourcen ein.",
    ),
    (
        "Kreislaufschränke München e.V.",
        "kreislaufschraenke-muenchen",
        "",
        ["Teilen", "Kreislaufwirtschaft"],
        "Beispielprofil: Öffentliche Schränke zum Tauschen und Weitergeben in ganz München.",
        "Der Verein stellt Schränke auf, in denen alle Dinge abgeben und mitnehmen können, die "
        "noch gut sind.",
    ),
]

# The two Manufakturen the seed report names: (organisation, title, slug, goals). Meeting
# details and coordinators are sample content.
MANUFAKTUREN = [
    (
        "MIN – Manufaktur 2 – Westendkiez",
        "Manufaktur 2 – Westendkiez",
        "westendkiez",
        "Die Manufaktur macht das Westend zu einem Kiez der kurzen Wege und der "
        "Kreislaufwirtschaft.",
    ),
    (
        "MIN – Manufaktur 8 – Demokratiecafes",
        "Manufaktur 8 – Demokratiecafes",
        "demokratiecafes",
        "Die Manufaktur lädt zu Demokratiecafés ein, in denen Nachbarinnen und Nachbarn über "
        "ihr Viertel ins Gespräch kommen.",
    ),
]

OFFICE_EMAIL = "buero@buergerstiftung-muenchen.de"

# The meeting the seed report announces: "fortgesetzt Anfang März 2023". The day, time and place
# are the demo's choice.
FOLLOW_UP_EVENT = {
    "title": "Werkstattgespräch mit der Stadtverwaltung: Fortsetzung",
    "slug": "werkstattgespraech-fortsetzung",
    "start": datetime(2023, 3, 7, 17, 0),
    "end": datetime(2023, 3, 7, 19, 0),
    "venue": "München (Ort für die Demo angenommen)",
    "teaser": (
        "Die Quartiersinitiativen und die Referate der Stadt arbeiten an den Lösungsideen "
        "aus dem ersten Werkstattgespräch weiter."
    ),
    "text": (
        "<em>Hinweis zur Demo: Die Vorlage nennt nur „Anfang März 2023“; Tag, Uhrzeit und Ort "
        "sind für die Demo gewählt.</em>",
        "Bis zur Fortsetzung wollten alle Beteiligten die Lösungsideen in ihre Organisationen "
        "„mitnehmen“, um im Frühjahr Verbesserungen anzuschieben und zu konkretisieren.",
    ),
    "topics": ["Quartiere", "Stadtverwaltung"],
    "agenda": CHALLENGES,
}

SAMPLE_EVENT_NOTE = "<em>Beispielveranstaltung für die Demo – sie findet nicht wirklich statt.</em>"

# Sample events: past ones on fixed dates, upcoming ones a number of days from today (at a local
# time, for some hours) so that the demo always has something ahead.
SAMPLE_EVENTS = [
    {
        "title": "Dritte Orte im Quartier: Vernetzungstreffen (Beispiel)",
        "slug": "beispiel-dritte-orte-vernetzung",
        "start": datetime(2025, 10, 8, 18, 0),
        "end": datetime(2025, 10, 8, 20, 0),
        "venue": "Stadtteilladen Giesing",
        "street": "Beispielstraße 12",
        "postcode": "81539",
        "teaser": "Stadtbibliotheken, Bildungslokale und Initiativen überlegen, wie offene Räume "
        "für die Nachbarschaft entstehen.",
        "organisers": ["Stadtteilladen Giesing"],
        "topics": ["Nachbarschaft", "Dritte Orte"],
        "report": "beispiel-dritte-orte-vernetzung",
    },
    {
        "title": "Reparatur-Café im Stadtteilladen (Beispiel)",
        "slug": "beispiel-reparatur-cafe",
        "days": 9,
        "at": time(15, 0),
        "hours": 3,
        "venue": "Stadtteilladen Giesing",
        "street": "Beispielstraße 12",
        "postcode": "81539",
        "teaser": "Kaputtes mitbringen, gemeinsam reparieren, Kaffee trinken: ohne Anmeldung.",
        "organisers": ["Stadtteilladen Giesing"],
        "topics": ["Reparieren", "Nachbarschaft"],
    },
    {
        "title": "Werkstattgespräch: Genehmigungen für Nachbarschaftsaktionen (Beispiel)",
        "slug": "beispiel-werkstattgespraech-genehmigungen",
        "days": 16,
        "at": time(17, 30),
        "hours": 2.5,
        "venue": "Beispielsaal im Rathaus",
        "street": "Marienplatz 8",
        "postcode": "80331",
        "teaser": "Initiativen und Referate suchen einfachere Wege für Genehmigungen, Haftung "
        "und kleine Budgets.",
        "organisers": [
            "Förderstelle Bürgerschaftliches Engagement (FöBE)",
            "Kreisverwaltungsreferat",
        ],
        "topics": ["Quartiere", "Stadtverwaltung"],
        "agenda": [CHALLENGES[0], CHALLENGES[2]],
        "capacity": 30,
        "deadline_days_before": 3,
    },
    {
        "title": "Demokratiecafé im Westend (Beispiel)",
        "slug": "beispiel-demokratiecafe-westend",
        "days": 23,
        "at": time(19, 0),
        "hours": 2,
        "venue": "Nachbarschaftstreff Westend (Beispiel)",
        "street": "Beispielweg 3",
        "postcode": "80339",
        "online_url": "https://example.org/demokratiecafe",
        "teaser": "Bei Kaffee und Kuchen über das Viertel ins Gespräch kommen, vor Ort oder "
        "online.",
        "organisers": ["MIN – Manufaktur 8 – Demokratiecafes"],
        "topics": ["Demokratie", "Beteiligung"],
        "capacity": 12,
    },
    {
        "title": "Online-Sprechstunde Förderprogramme (Beispiel)",
        "slug": "beispiel-sprechstunde-foerderprogramme",
        "days": 30,
        "at": time(12, 0),
        "hours": 1,
        "online_url": "https://example.org/sprechstunde",
        "teaser": "Fragen zu Kleinstförderungen für Quartiersinitiativen, in einer Stunde "
        "beantwortet.",
        "organisers": ["Förderstelle Bürgerschaftliches Engagement (FöBE)"],
        "topics": ["Förderung"],
        "agenda": [CHALLENGES[3]],
        "capacity": None,
    },
    {
        "title": "Aktionstag Kreislaufschränke (Beispiel)",
        "slug": "beispiel-aktionstag-kreislaufschraenke",
        "days": 37,
        "all_day": True,
        "venue": "An allen Kreislaufschränken in München",
        "teaser": "Einen Tag lang zeigen die Kreislaufschränke, was sich alles teilen lässt.",
        "organisers": ["Kreislaufschränke München e.V."],
        "topics": ["Teilen", "Kreislaufwirtschaft"],
    },
]


def privacy_section(heading, text):
    """A heading and its paragraph on the demo privacy page."""
    return [{"type": "heading", "value": {"text": heading, "level": "h2"}}, *stream_text(text)]


def stream_text(*texts):
    return [{"type": "paragraph", "value": paragraphs(*texts)}]


def untouched(page):
    """Whether only this command ever saved the page (an editor's revisions name their user)."""
    return not page.revisions.exclude(user=None).exists()


class Command(BaseCommand):
    help = "Load MIN's demo content (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        home, new_site = self.home_page()
        self.challenges = challenges = {
            title: Challenge.objects.get_or_create(title=title)[0] for title in CHALLENGES
        }
        organisations = {
            name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in ORGANISATIONS.items()
        }
        reports = self.ensure_page(
            home,
            ReportIndexPage(
                title="Berichte",
                slug="berichte",
                intro=paragraphs(
                    "Berichte aus den Werkstattgesprächen, Treffen und Manufakturen von MIN."
                ),
            ),
        )
        events = self.ensure_page(
            home,
            EventIndexPage(
                title="Veranstaltungen",
                slug="veranstaltungen",
                intro=paragraphs(
                    "Werkstattgespräche, Treffen der Manufakturen und Aktionen unserer Partner: "
                    "Hier finden Sie, was als Nächstes ansteht."
                ),
            ),
        )
        follow_up = self.event(events, FOLLOW_UP_EVENT, organisations)
        seed_report = self.seed_report(reports, challenges, organisations, follow_up)
        if new_site:
            home.featured_report = seed_report
            home.save_revision().publish()
        for sample in SAMPLE_REPORTS:
            self.sample_report(reports, challenges, organisations, sample)
        for sample in SAMPLE_EVENTS:
            self.event(events, sample, organisations, reports)
        self.profiles(home, organisations)
        demo_tools.load(self, home, seed_report, challenges, organisations)
        participate = self.participation_pages(home)
        participate["manufakturen"] = self.manufakturen(home, organisations)
        participate["newsletter"] = self.newsletter(home, seed_report)
        imprint, privacy = self.content_pages(home)
        self.site_settings(home, participate, imprint, privacy)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def ensure_page(self, parent, page):
        """The child of parent with page's slug; page itself, published, if there is none."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing:
            return existing.specific
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def home_page(self):
        """The site's HomePage and whether it is new; on a new install it replaces Wagtail's
        placeholder "Welcome" page."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific, False

        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        # Wagtail's own first page, a plain Page, is only a placeholder.
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = self.ensure_page(
            root,
            HomePage(
                title="Startseite",
                slug="home",
                heading="Gemeinsam für ein nachhaltiges München",
                intro=paragraphs(
                    "Die Münchner Initiative Nachhaltigkeit (MIN) bringt Quartiersinitiativen, "
                    "Vereine, Unternehmen, Wissenschaft und die Referate der Stadt zusammen.",
                    "MIN bündelt Initiativen und Organisationen der Zivilgesellschaft, der "
                    "Wirtschaft und der Wissenschaft.",
                ),
            ),
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                **configured_address(),
                "root_page": home,
                "site_name": "Münchner Initiative Nachhaltigkeit",
            },
        )
        return home, True

    def seed_report(self, parent, challenges, organisations, follow_up):
        report = self.ensure_page(
            parent,
            ReportPage(
                title="Werkstattgespräch mit der Stadtverwaltung über nachhaltige Quartiere",
                slug="werkstattgespraech-nachhaltige-quartiere",
                # The source names no exact date, only that the talks continue in early March 2023.
                date=date(2023, 1, 24),
                teaser=(
                    "Unser erstes Werkstattgespräch zum Thema nachhaltige Quartiere mit der "
                    "Stadtverwaltung fand statt! Aber an was genau wurde überhaupt „gewerkelt“?"
                ),
                intro=paragraphs(
                    "Wir haben Münchner Quartiersinitiativen und die Referate der Stadt zum "
                    "Austausch eingeladen, um gemeinsam nachhaltige Quartiersarbeit zu stärken. "
                    "Unser Ziel ist es durch den ersten Austausch, die Kommunikation zwischen der "
                    "Zivilgesellschaft und der Politik und Stadtverwaltung zu verstärken, "
                    "Verständnis auf beiden Seiten zu schaffen und Lücken gemeinsam zu "
                    "identifizieren.",
                    "Bei kommenden Treffen wollen wir diese Lücken im besten Fall schließen, eine "
                    "gemeinsame Zusammenarbeit anstoßen, Bürokratieprozesse beschleunigen und "
                    "Synergieeffekte zwischen der Stadt und den Initiativen entfachen.",
                ),
                body=stream_text(
                    "<em>Hinweis zur Demo: Die Vorlage dieses Berichts nennt kein genaues Datum "
                    "des Treffens; das angezeigte Datum ist für die Demo gewählt.</em>"
                ),
                challenges_intro=paragraphs(
                    "In etwa zwei Stunden wurden die fünf übergeordneten Herausforderungen "
                    "herausgearbeitet und die Perspektive auf diese von Seite der "
                    "Quartiersinitiativen sowie der Referate vorgestellt."
                ),
                results_intro=paragraphs(
                    "Im Anschluss haben die insgesamt 35 Teilnehmenden selbst an der Auswertung "
                    "der vorgestellten Herausforderung gearbeitet, um die nächsten Schritte einer "
                    "Zusammenarbeit zu ebnen und gemeinsame Potenziale zu detektieren.",
                    "Und so viel können wir schon mal verraten: Es konnten viele Potenziale von "
                    "beiden Seiten genannt werden!",
                    "Erste Ergebnisse der Diskussion über die fünf Felder der Herausforderungen "
                    "waren u.a.:",
                ),
                duration_minutes=120,
                participant_count=35,
                follow_up_text=paragraphs(
                    "Das Werkstattgespräch wird fortgesetzt Anfang März 2023 – bis dahin wollen "
                    "alle Beteiligten die Lösungsideen in ihre Organisationen „mitnehmen“ und "
                    "idealerweise können wir im Frühjahr sowohl gedanklich als auch über konkrete "
                    "Handlungsideen Verbesserungen anschieben und konkretisieren."
                ),
                contact_heading="Mitmachen im Austausch mit der Stadt",
                contact_text=(
                    "Falls Du Dich auch in einer Quartiersinitiative in München engagierst und Du "
                    "oder Deine Initiative Teil des Austausch- und Arbeitsprozesses mit der Stadt "
                    "München sein möchtest, dann bist Du herzlich zur Zusammenarbeit eingeladen. "
                    "Schick uns gerne eine E-Mail an quartiere@m-i-n.net."
                ),
                contact_email="quartiere@m-i-n.net",
                follow_up_page=follow_up,
                challenge_links=ordered(
                    [ReportChallenge(challenge=challenges[t]) for t in CHALLENGES]
                ),
                results=ordered(
                    [
                        ReportResult(text=text, challenge=challenges.get(challenge))
                        for text, challenge in SEED_RESULTS
                    ]
                ),
                participant_links=ordered(
                    [
                        ReportParticipant(organisation=organisations[name], note=note)
                        for name, note in SEED_PARTICIPANTS
                    ]
                ),
            ),
        )
        if report.follow_up_page_id is None and untouched(report):
            # Loaded before there were events: link the follow-up now.
            report.follow_up_page = follow_up
            report.save_revision().publish()
        return report

    def event(self, index, sample, organisations, reports=None):
        """An event page from a sample; an untouched upcoming sample that has passed since
        it was loaded moves to its date relative to today again."""
        if "days" in sample:
            day = timezone.localdate() + timedelta(days=sample["days"])
            start = datetime.combine(day, sample.get("at", time.min))
            end = start + timedelta(hours=sample.get("hours", 0))
        else:
            start, end = sample["start"], sample["end"]
        start, end = timezone.make_aware(start), timezone.make_aware(end)
        deadline = None
        if "deadline_days_before" in sample:
            deadline = start - timedelta(days=sample["deadline_days_before"])
        page = EventPage(
            title=sample["title"],
            slug=sample["slug"],
            start=start,
            end=end,
            all_day=sample.get("all_day", False),
            venue=sample.get("venue", ""),
            street=sample.get("street", ""),
            postcode=sample.get("postcode", ""),
            city="München" if sample.get("postcode") else "",
            online_url=sample.get("online_url", ""),
            teaser=sample["teaser"],
            body=stream_text(*sample.get("text", (SAMPLE_EVENT_NOTE,))),
            registration_required="capacity" in sample,
            capacity=sample.get("capacity"),
            registration_deadline=deadline,
            report=ReportPage.objects.child_of(reports).get(slug=sample["report"])
            if "report" in sample
            else None,
            organiser_links=ordered(
                [
                    EventOrganiser(organisation=organisations[n])
                    for n in sample.get("organisers", ())
                ]
            ),
        )
        page.topics.add(*sample["topics"])
        page.agenda = [self.challenges[title] for title in sample.get("agenda", ())]
        existing = self.ensure_page(index, page)
        if existing is not page and "days" in sample and existing.is_past and untouched(existing):
            existing.start, existing.end = page.start, page.end
            existing.registration_deadline = deadline
            existing.save_revision().publish()
        return existing

    def sample_report(self, parent, challenges, organisations, sample):
        title, slug, day, teaser, challenge_titles, participants, (result, result_on) = sample
        self.ensure_page(
            parent,
            ReportPage(
                title=title,
                slug=slug,
                date=day,
                teaser=teaser,
                body=stream_text(SAMPLE_NOTE),
                duration_minutes=90,
                challenge_links=ordered(
                    [ReportChallenge(challenge=challenges[t]) for t in challenge_titles]
                ),
                results=[ReportResult(text=result, challenge=challenges[result_on], sort_order=0)],
                participant_links=ordered(
                    [ReportParticipant(organisation=organisations[name]) for name in participants]
                ),
            ),
        )

    def profiles(self, home, organisations):
        index = self.ensure_page(
            home,
            InitiativeIndexPage(
                title="Initiativen",
                slug="initiativen",
                intro=paragraphs(
                    "Wer macht was wo? Initiativen, Vereine und Partner im Netzwerk von MIN."
                ),
            ),
        )
        for name, slug, district, topics, teaser, text in PROFILES:
            profile = InitiativePage(
                title=name,
                slug=slug,
                organisation=organisations[name],
                district=district,
                teaser=teaser,
                description=paragraphs("<em>Beispieltext für die Demo.</em>", text),
            )
            profile.topics.add(*topics)
            self.ensure_page(index, profile)

    def manufakturen(self, home, organisations):
        index = self.ensure_page(
            home,
            ManufakturIndexPage(
                title="Manufakturen",
                slug="manufakturen",
                intro=paragraphs(
                    "In den Manufakturen arbeiten Engagierte gemeinsam an der nachhaltigen "
                    "Entwicklung Münchens."
                ),
            ),
        )
        for number, (organisation, title, slug, goals) in enumerate(MANUFAKTUREN, start=1):
            self.ensure_page(
                index,
                ManufakturPage(
                    title=title,
                    slug=slug,
                    organisation=organisations[organisation],
                    teaser=goals,
                    goals=paragraphs("<em>Beispieltext für die Demo.</em>", goals),
                    meeting_place="Beispiel: im Nachbarschaftstreff",
                    meeting_rhythm="Beispiel: jeden zweiten Dienstag im Monat, 19 Uhr",
                    coordinator_name=f"Beispielkoordination {number}",
                    coordinator_email=f"manufaktur-{slug}@example.org",
                ),
            )
        return index

    def newsletter(self, home, seed_report):
        """The newsletter page with one sample issue in its archive."""
        newsletter = self.ensure_page(
            home,
            NewsletterIndexPage(
                title="Newsletter",
                slug="newsletter",
                intro=paragraphs(
                    "Unser Newsletter informiert über die kommenden Veranstaltungen und unsere "
                    "aktuellen Tätigkeiten."
                ),
            ),
        )
        self.ensure_page(
            newsletter,
            NewsletterPage(
                title="Neues aus dem Netzwerk (Beispielausgabe)",
                slug="beispielausgabe",
                preheader="Werkstattgespräche, Manufakturen und die nächsten Termine",
                intro="Liebe Freundinnen und Freunde von MIN,\nhier sind unsere Neuigkeiten.",
                body=[
                    *stream_text(
                        "<em>Beispielausgabe für die Demo.</em>",
                        "Im Werkstattgespräch mit der Stadtverwaltung haben Quartiersinitiativen "
                        "und Referate fünf Herausforderungen herausgearbeitet.",
                    ),
                    {
                        "type": "reports",
                        "value": {"heading": "Zum Nachlesen", "reports": [seed_report.pk]},
                    },
                    {
                        "type": "events",
                        "value": {"heading": "Kommende Veranstaltungen", "count": 3},
                    },
                ],
            ),
        )
        return newsletter

    def participation_pages(self, home):
        """The application and donation pages under "Mitmachen" (the newsletter and the
        Manufakturen have pages of their own)."""
        parent = self.ensure_page(
            home,
            ContentPage(
                title="Mitmachen",
                slug="mitmachen",
                intro="Vier Wege, die Arbeit von MIN zu unterstützen.",
                # Every page shows the four ways to take part; the menu needs no entry.
                show_in_menus=False,
            ),
        )
        texts = {slug: (title, text) for _icon, title, slug, _label, text in PARTICIPATION}
        title, text = texts["buendnispartner-werden"]
        application = PartnerApplicationPage(
            title=title, slug="buendnispartner-werden", intro=paragraphs(text)
        )
        title, text = texts["spenden"]
        donation = DonationPage(
            title=title,
            slug="spenden",
            intro=paragraphs(text),
            purposes="Werkstattgespräche mit der Stadt\nManufakturen\nNewsletter",
        )
        return {page.slug: self.ensure_page(parent, page) for page in (application, donation)}

    def content_pages(self, home):
        sample = "<em>Beispieltext für die Demo – vor der Veröffentlichung ersetzen.</em>"
        self.ensure_page(
            home,
            ContentPage(
                title="Über MIN",
                slug="ueber-uns",
                intro=(
                    "Die Münchner Initiative Nachhaltigkeit verbindet Menschen und Organisationen, "
                    "die München nachhaltiger machen wollen."
                ),
                body=[
                    *stream_text(
                        sample,
                        "In MIN arbeiten Quartiersinitiativen, Vereine, Unternehmen, Wissenschaft "
                        "und die Referate der Stadt zusammen. In Werkstattgesprächen klären sie, "
                        "was nachhaltige Quartiersarbeit bremst und was sie stärkt.",
                    ),
                    {"type": "heading", "value": {"text": "Manufakturen", "level": "h2"}},
                    *stream_text(
                        "In den Manufakturen arbeiten Engagierte an konkreten Vorhaben, etwa im "
                        "Westendkiez oder in den Demokratiecafes.",
                        "Die BürgerStiftung München organisiert und verwaltet MIN.",
                    ),
                ],
            ),
        )
        imprint = self.ensure_page(
            home,
            ContentPage(
                title="Impressum",
                slug="impressum",
                show_in_menus=False,
                body=stream_text(
                    sample,
                    "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG): [Name und Anschrift des "
                    "Anbieters], vertreten durch [vertretungsberechtigte Person].",
                    f'Kontakt: <a href="mailto:{OFFICE_EMAIL}">{OFFICE_EMAIL}</a>',
                ),
            ),
        )
        privacy = self.ensure_page(
            home,
            ContentPage(
                title="Datenschutz",
                slug="datenschutz",
                show_in_menus=False,
                body=[
                    *stream_text(
                        sample,
                        "Diese Website lädt keine Schriften oder Skripte von fremden Servern und "
                        "verwendet keine Tracker. Sie setzt nur ein technisch notwendiges Cookie, "
                        "das die Formulare vor Missbrauch schützt (Art. 6 Abs. 1 lit. f DSGVO, "
                        "§ 25 Abs. 2 TDDDG).",
                        "Beim Aufruf einer Seite verarbeitet der Server technisch notwendige "
                        "Daten (IP-Adresse, Zeitpunkt, aufgerufene Adresse) zur Auslieferung und "
                        "Sicherheit der Website (Art. 6 Abs. 1 lit. f DSGVO); Protokolle werden "
                        "nach 14 Tagen gelöscht.",
                    ),
                    *privacy_section(
                        "Newsletter",
                        "Mit Ihrer Einwilligung (Art. 6 Abs. 1 lit. a DSGVO) speichern wir Ihre "
                        "E-Mail-Adresse und, wenn angegeben, Ihren Namen. Erst nach Klick auf den "
                        "Bestätigungslink erhalten Sie den Newsletter (Double-Opt-in); als "
                        "Nachweis speichern wir Zeitpunkt, Seite, Einwilligungstext, IP-Adresse "
                        "und Browser. Unbestätigte Anmeldungen löschen wir nach 30 Tagen. Jede "
                        "Ausgabe enthält einen Abmeldelink; der Versand erfolgt über einen "
                        "E-Mail-Dienstleister als Auftragsverarbeiter.",
                    ),
                    *privacy_section(
                        "Veranstaltungen, Manufakturen und Bündnispartnerschaft",
                        "Für Anmeldungen und Bewerbungen verarbeiten wir die Angaben im Formular, "
                        "um sie zu bearbeiten (Art. 6 Abs. 1 lit. b DSGVO). Anmeldungen zu "
                        "Veranstaltungen löschen wir 90 Tage nach der Veranstaltung, entschiedene "
                        "Bewerbungen und Manufaktur-Anmeldungen ein Jahr nach Eingang.",
                    ),
                    *privacy_section(
                        "Spenden",
                        "Spenden wickelt Stripe (Stripe Payments Europe Ltd., Dublin) ab; Karten- "
                        "und Kontodaten geben Sie nur bei Stripe ein. Wir speichern Name, "
                        "E-Mail-Adresse, Betrag und, für eine Zuwendungsbestätigung, Ihre "
                        "Anschrift (Art. 6 Abs. 1 lit. b und c DSGVO). Spendenbuchungen und "
                        "Zuwendungsbestätigungen bewahren wir zehn Jahre auf, wie das Steuerrecht "
                        "es verlangt (§ 147 AO, § 50 EStDV).",
                    ),
                    *privacy_section(
                        "Ihre Rechte",
                        "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung "
                        "der Verarbeitung, Datenübertragbarkeit und Widerspruch (Art. 15–21 "
                        "DSGVO), auf Widerruf einer Einwilligung sowie auf Beschwerde bei einer "
                        "Aufsichtsbehörde. Schreiben Sie uns an "
                        f'<a href="mailto:{OFFICE_EMAIL}">{OFFICE_EMAIL}</a>.',
                    ),
                ],
            ),
        )
        return imprint, privacy

    def site_settings(self, home, participate, imprint, privacy):
        site = Site.objects.get(root_page=home)
        # Sample legal data, so that receipts can be tried out; the office enters the real
        # exemption notice in Settings → Donation receipts.
        ReceiptSettings.objects.get_or_create(
            site=site,
            defaults={
                "legal_name": "Die BürgerStiftung München (Beispieldaten)",
                "legal_address": "Musterstraße 1\n80331 München",
                "tax_office": "München",
                "tax_number": "143/000/00000",
                "exemption_notice_date": date(2025, 6, 2),
                "exemption_period": "2021 bis 2023",
                "tax_purposes": "des Umweltschutzes (§ 52 Abs. 2 Satz 1 Nr. 8 AO) und des "
                "bürgerschaftlichen Engagements (§ 52 Abs. 2 Satz 1 Nr. 25 AO)",
            },
        )
        SiteSettings.objects.get_or_create(
            site=site,
            defaults={
                "contact_email": OFFICE_EMAIL,
                "organiser_name": "Die BürgerStiftung München",
                "organiser_url": "https://www.buergerstiftung-muenchen.de",
                "organiser_email": OFFICE_EMAIL,
                "funders": (
                    "Gefördert durch das Referat für Klima- und Umweltschutz und das Sozialreferat"
                ),
                "copyright_start_year": 2020,
                "imprint_page": imprint,
                "privacy_page": privacy,
                "calls_to_action": [
                    {
                        "type": "call_to_action",
                        "value": {
                            "icon": icon,
                            "heading": heading,
                            "text": text,
                            "link": {
                                "page": participate[slug].pk,
                                "url": "",
                                "email": "",
                                "label": label,
                            },
                        },
                    }
                    for icon, heading, slug, label, text in PARTICIPATION
                ],
            },
        )
