"""Demo content for the tools initiatives use between meetings: the challenge tracker (the seed
report's five challenges, with their status and history), the "Wer ist zuständig?" guide, the
funding guide and the directory of third places.

The challenges and the third places' names come from the seed report; everything else here is
sample content and says so (`is_sample`, "Beispiel"). The facts in the samples are plausible,
not checked: an editor replaces them before the site goes live.
"""

from datetime import date, timedelta

from django.utils import timezone

from challenges.models import ChallengeIndexPage, ChallengeNote
from funding.models import FundingDeadline, FundingDistrict, FundingIndexPage, FundingProgrammePage
from guide.models import (
    ActivityContact,
    ActivityDepartment,
    ActivityPage,
    ActivityPermit,
    ActivityStep,
    ResponsibilityGuidePage,
)
from organisations.models import District
from places.models import PlaceIndexPage, PlacePage

from .helpers import ordered, paragraphs

SAMPLE = "<em>Beispieleintrag für die Demo: Angaben vor der Nutzung bei der Stadt prüfen.</em>"

# For each seed challenge (by its position in the report): a description, the bodies involved,
# and sample notes after the follow-up meeting as (days after it, note). The source says nothing
# about what happened later: the notes say "Beispiel:" and change no status, so the seed report
# shows its challenges as the source names them (open), and no note predates the meeting it
# describes.
CHALLENGE_TRACK = [
    (
        "Wer im Quartier etwas veranstaltet, braucht oft mehrere Genehmigungen, muss die Haftung "
        "klären und weiß nicht, wer zustimmen muss.",
        ["Kreisverwaltungsreferat", "Mobilitätsreferat", "Green City e.V."],
        [
            (
                1,
                "Beispiel: Beim Folgetreffen hat das Kreisverwaltungsreferat zugesagt, eine "
                "Übersicht der Genehmigungen für Nachbarschaftsaktionen zu erstellen.",
            )
        ],
    ),
    (
        "Verwaltung und Initiativen planen in verschiedenen Zeiträumen, mit anderen Abläufen "
        "und Zuständigkeiten; das erschwert die gemeinsame Arbeit.",
        ["Direktorium", "Förderstelle Bürgerschaftliches Engagement (FöBE)"],
        [],
    ),
    (
        "Viele Anliegen der Quartiere betreffen mehrere Referate zugleich; für Initiativen ist "
        "oft nicht erkennbar, wer zuständig ist.",
        ["Direktorium", "Sozialreferat", "Referat für Stadtplanung und Bauordnung", "Caritas"],
        [
            (
                30,
                "Beispiel: Der Wegweiser „Wer ist zuständig?“ sammelt für "
                "häufige Aktionen die zuständigen Referate.",
            )
        ],
    ),
    (
        "Kleine Initiativen finden schwer passende Förderungen, und Anträge sind für kleine "
        "Beträge aufwendig.",
        ["Referat Klima- und Umweltschutz", "Sozialreferat", "Kulturreferat"],
        [
            (
                60,
                "Beispiel: Die Förderprogramme mit ihren Fristen stehen jetzt "
                "gesammelt im Förderwegweiser.",
            )
        ],
    ),
    (
        "Ziele von Initiativen, Verwaltung und Anwohnenden können sich widersprechen; "
        "Vorhaben brauchen die Akzeptanz der Nachbarschaft.",
        ["Referat für Stadtplanung und Bauordnung", "MIN – Manufaktur 8 – Demokratiecafes"],
        [],
    ),
]

# (title, slug, summary, keywords, weeks, departments [(name, decides)],
#  permits [(name, issuer, lead time, note)], insurance, steps, contacts [(name, org, email)])
ACTIVITIES = [
    (
        "Straßenfest (Beispiel)",
        "strassenfest",
        "Ein Fest für die Nachbarschaft auf einer Straße oder einem Platz.",
        "Nachbarschaftsfest, Hoffest, Sommerfest, Straßenfest",
        8,
        [
            ("Kreisverwaltungsreferat", "Erlaubnis für die Veranstaltung im öffentlichen Raum"),
            ("Mobilitätsreferat", "Sperrung der Straße und Umleitung"),
        ],
        [
            (
                "Erlaubnis für die Nutzung öffentlichen Grunds",
                "Kreisverwaltungsreferat",
                "6 bis 8 Wochen",
                "Mit Lageplan, Zeitplan und Ansprechperson beantragen.",
            ),
            (
                "Verkehrsrechtliche Anordnung",
                "Mobilitätsreferat",
                "4 Wochen",
                "Nur nötig, wenn die Straße gesperrt wird.",
            ),
        ],
        "<p>Eine Veranstalterhaftpflicht deckt Schäden bei Gästen und an öffentlichem "
        "Eigentum. Manche Vereine sind über ihren Dachverband versichert.</p>",
        [
            "Termin und Fläche festlegen",
            "Nachbarschaft und Bezirksausschuss informieren",
            "Müll- und Toilettenkonzept planen",
            "Aufbau- und Abbauhelfende einteilen",
        ],
        [
            (
                "Veranstaltungsbüro (Beispiel)",
                "Kreisverwaltungsreferat",
                "veranstaltungen@example.org",
            )
        ],
    ),
    (
        "Parklet (Beispiel)",
        "parklet",
        "Ein Parkplatz wird für einen Sommer zu einem kleinen Platz zum Verweilen.",
        "Parklet, Sommerstraße, Stadtmöbel, Parkplatz",
        12,
        [("Mobilitätsreferat", "Sondernutzung der Parkfläche")],
        [
            (
                "Sondernutzungserlaubnis für die Parkfläche",
                "Mobilitätsreferat",
                "8 bis 12 Wochen",
                "Mit Skizze und Angabe, wer das Parklet pflegt.",
            )
        ],
        "<p>Haftpflicht für Schäden durch das Parklet, z. B. über den Trägerverein.</p>",
        [
            "Standort mit den Nachbarn abstimmen",
            "Bau und Pflege organisieren",
            "Abbau zum Saisonende einplanen",
        ],
        [("Green City e.V. (Beispielkontakt)", "Green City e.V.", "parklets@example.org")],
    ),
    (
        "Gemeinschaftsgarten (Beispiel)",
        "gemeinschaftsgarten",
        "Gemeinsam gärtnern auf einer Brache, im Hof oder auf einer Grünfläche der Stadt.",
        "Urban Gardening, Hochbeete, Garten, Grünpatenschaft",
        10,
        [
            ("Kommunalreferat", "Überlassung städtischer Flächen"),
            ("Referat Klima- und Umweltschutz", "Beratung zu Boden und Begrünung"),
        ],
        [
            (
                "Nutzungsvertrag für die Fläche",
                "Kommunalreferat",
                "8 bis 10 Wochen",
                "Meist befristet und mit Rückbaupflicht.",
            )
        ],
        "<p>Haftpflicht für Gartenaktionen; bei Kindergruppen die Aufsicht klären.</p>",
        [
            "Fläche suchen und Eigentümer klären",
            "Wasseranschluss klären",
            "Gartenregeln in der Gruppe vereinbaren",
        ],
        [],
    ),
    (
        "Repair-Café (Beispiel)",
        "repair-cafe",
        "Ehrenamtliche reparieren mit Gästen Geräte, Kleidung und Fahrräder.",
        "Reparieren, Reparaturcafé, Repair Café",
        4,
        [("Kommunalreferat", "Beratung zu Abfallvermeidung (AWM)")],
        [],
        "<p>Eine Haftpflicht, die Reparaturen durch Ehrenamtliche einschließt; Gäste "
        "unterschreiben einen Haftungsausschluss.</p>",
        [
            "Raum mit Stromanschlüssen finden",
            "Werkzeug und Ersatzteile sammeln",
            "Haftungsausschluss vorbereiten",
        ],
        [],
    ),
    (
        "Gemeinschaftskühlschrank (Beispiel)",
        "gemeinschaftskuehlschrank",
        "Ein öffentlich zugänglicher Kühlschrank, in dem Lebensmittel geteilt werden.",
        "Fairteiler, Foodsharing, Kühlschrank, Lebensmittel retten",
        6,
        [("Kreisverwaltungsreferat", "Lebensmittelüberwachung")],
        [
            (
                "Anzeige bei der Lebensmittelüberwachung",
                "Kreisverwaltungsreferat",
                "2 bis 4 Wochen",
                "Mit Hygieneplan und Namen der Verantwortlichen.",
            )
        ],
        "<p>Haftpflicht für den Betrieb; Hygieneregeln sichtbar aushängen.</p>",
        [
            "Standort mit Strom und Aufsicht finden",
            "Hygieneplan schreiben",
            "Putz- und Kontrolldienste einteilen",
        ],
        [],
    ),
    (
        "Nutzung eines öffentlichen Platzes (Beispiel)",
        "oeffentlicher-platz",
        "Ein Infostand, eine Tauschbörse oder ein Nachbarschaftstisch auf einem Platz.",
        "Infostand, Stand, Platz, Tauschbörse, Aktion",
        4,
        [("Kreisverwaltungsreferat", "Erlaubnis für Stände und Aktionen")],
        [
            (
                "Erlaubnis für einen Stand",
                "Kreisverwaltungsreferat",
                "2 bis 4 Wochen",
                "Kleine Stände ohne Verkauf sind oft einfacher zu genehmigen.",
            )
        ],
        "<p>Haftpflicht für Aufbauten wie Pavillons und Tische.</p>",
        ["Platz und Uhrzeit wählen", "Material und Helfende planen"],
        [],
    ),
]

# (title, slug, provider, teaser, from, to, topics, districts, rolling, deadlines
#  [(days from today or a date, yearly, label)])
PROGRAMMES = [
    (
        "Klimaschutz im Quartier – Kleinprojekte (Beispiel)",
        "klimaschutz-kleinprojekte",
        "Referat Klima- und Umweltschutz",
        "Zuschüsse für kleine Klimaschutzprojekte von Nachbarschaften und Initiativen.",
        500,
        5000,
        ["Klimaschutz", "Nachbarschaft"],
        [],
        False,
        [
            (date(2024, 3, 31), True, "Antrag Frühjahrsrunde"),
            (date(2024, 9, 30), True, "Antrag Herbstrunde"),
        ],
    ),
    (
        "Quartiersfonds Nachbarschaft (Beispiel)",
        "quartiersfonds-nachbarschaft",
        "Sozialreferat",
        "Kleine Budgets für Nachbarschaftsaktionen, schnell und mit kurzem Antrag.",
        None,
        1500,
        ["Nachbarschaft", "Beteiligung"],
        [District.OBERGIESING_FASANGARTEN, District.SCHWANTHALERHOEHE],
        True,
        [(45, False, "Sonderrunde Winteraktionen")],
    ),
    (
        "Stadtteilkultur-Projektförderung (Beispiel)",
        "stadtteilkultur-projektfoerderung",
        "Kulturreferat",
        "Förderung für Kulturprojekte, die im Stadtteil Menschen zusammenbringen.",
        1000,
        10000,
        ["Kultur", "Beteiligung"],
        [],
        False,
        [(date(2024, 1, 15), True, "Antrag für das laufende Jahr")],
    ),
]

# The third places the seed report names, as sample entries:
# (title, slug, kind, operator, district, street, postcode, hours, offers, teaser).
PLACES = [
    (
        "Stadtbibliothek im Quartier (Beispiel)",
        "stadtbibliothek",
        PlacePage.Kind.LIBRARY,
        "Kulturreferat",
        District.OBERGIESING_FASANGARTEN,
        "Beispielstraße 1",
        "81539",
        "Di–Fr 10–19 Uhr\nSa 10–15 Uhr",
        ["Raum buchbar", "WLAN", "Veranstaltungen"],
        "Die Stadtbibliotheken öffnen ihre Räume für Treffen und Veranstaltungen aus der "
        "Nachbarschaft.",
    ),
    (
        "Bildungslokal (Beispiel)",
        "bildungslokal",
        PlacePage.Kind.EDUCATION,
        "Referat für Bildung und Sport",
        District.RAMERSDORF_PERLACH,
        "Beispielweg 5",
        "81737",
        "Mo–Do 9–17 Uhr",
        ["Raum buchbar", "Beratung"],
        "Bildungslokale beraten im Stadtteil und bieten Räume für Gruppen und Kurse.",
    ),
    (
        "Community Kitchen (Beispiel)",
        "community-kitchen",
        PlacePage.Kind.KITCHEN,
        None,
        District.RAMERSDORF_PERLACH,
        "Beispielplatz 3",
        "81735",
        "Mi–Sa 11–22 Uhr",
        ["Küche", "Veranstaltungen", "Lebensmittel retten"],
        "Eine Küche für alle: gemeinsam kochen und essen, mit geretteten Lebensmitteln.",
    ),
]


def load(command, home, seed_report, challenges, organisations):
    """The tracker, the guide, the funding guide and the directory, each under the home page."""
    tracker = command.ensure_page(
        home,
        ChallengeIndexPage(
            title="Herausforderungen",
            slug="herausforderungen",
            intro=paragraphs(
                "Was die Werkstattgespräche als Herausforderungen benannt haben, wie weit sie "
                "sind und wer daran arbeitet."
            ),
        ),
    )
    for challenge, (description, involved, history) in zip(
        challenges.values(), CHALLENGE_TRACK, strict=True
    ):
        if challenge.notes.exists():
            continue  # tracked already: an editor's notes stay as they are
        challenge.description = challenge.description or description
        challenge.organisations.add(*(organisations[name] for name in involved))
        notes = [(seed_report.date, f"Im {seed_report.title} als Herausforderung benannt.")]
        meeting = timezone.localdate(seed_report.follow_up_page.specific.start)
        notes += [(meeting + timedelta(days=days), text) for days, text in history]
        for day, text in notes:
            ChallengeNote.objects.create(challenge=challenge, date=day, status="open", text=text)
        challenge.status = "open"
        challenge.save()

    places = command.ensure_page(
        home,
        PlaceIndexPage(
            title="Dritte Orte",
            slug="dritte-orte",
            intro=paragraphs(
                "Orte für die Vernetzung im Quartier – von den Stadtbibliotheken über die "
                "Bildungslokale bis zu besonderen Orten wie der Community Kitchen. Hier finden "
                "Initiativen Räume und Menschen."
            ),
            # Reached from the guide and the reports; the menu keeps to the main sections.
            show_in_menus=False,
        ),
    )
    for title, slug, kind, operator, district, street, postcode, hours, offers, teaser in PLACES:
        place = PlacePage(
            title=title,
            slug=slug,
            is_sample=True,
            kind=kind,
            operator=organisations[operator] if operator else None,
            district=district,
            street=street,
            postcode=postcode,
            opening_hours=hours,
            teaser=teaser,
            description=paragraphs(SAMPLE),
        )
        place.offers.add(*offers)
        command.ensure_page(places, place)
    guide = command.ensure_page(
        home,
        ResponsibilityGuidePage(
            title="Wer ist zuständig?",
            slug="wer-ist-zustaendig",
            intro=paragraphs(
                "Sie planen ein Straßenfest, ein Parklet oder einen Gemeinschaftsgarten? Hier "
                "steht, welche Referate entscheiden, welche Genehmigungen und Versicherungen Sie "
                "brauchen und wie viel Vorlauf Sie einplanen sollten – als Checkliste zum "
                "Ausdrucken.",
                f'Einen Raum für Ihr Treffen finden Sie bei den <a linktype="page" '
                f'id="{places.pk}">Dritten Orten</a> im Quartier.',
            ),
        ),
    )
    for (
        title,
        slug,
        summary,
        keywords,
        weeks,
        departments,
        permits,
        insurance,
        steps,
        contacts,
    ) in ACTIVITIES:
        command.ensure_page(
            guide,
            ActivityPage(
                title=title,
                slug=slug,
                is_sample=True,
                summary=summary,
                keywords=keywords,
                lead_time_weeks=weeks,
                insurance=insurance,
                tips=paragraphs(SAMPLE),
                department_links=ordered(
                    [
                        ActivityDepartment(organisation=organisations[n], decides=d)
                        for n, d in departments
                    ]
                ),
                permits=ordered(
                    [
                        ActivityPermit(name=n, issued_by=organisations[o], lead_time=t, note=note)
                        for n, o, t, note in permits
                    ]
                ),
                steps=ordered([ActivityStep(text=text) for text in steps]),
                contacts=ordered(
                    [
                        ActivityContact(name=n, organisation=organisations[o], email=e)
                        for n, o, e in contacts
                    ]
                ),
            ),
        )

    funding = command.ensure_page(
        home,
        FundingIndexPage(
            title="Förderungen",
            slug="foerderungen",
            intro=paragraphs(
                "Förderprogramme für Quartiersinitiativen: wer fördert, wie viel, für wen und bis "
                "wann. Die Fristen gibt es auch als Kalender zum Abonnieren."
            ),
        ),
    )
    today = timezone.localdate()
    for (
        title,
        slug,
        provider,
        teaser,
        low,
        high,
        topics,
        districts,
        rolling,
        deadlines,
    ) in PROGRAMMES:
        programme = FundingProgrammePage(
            title=title,
            slug=slug,
            is_sample=True,
            provider=organisations[provider],
            teaser=teaser,
            amount_min=low,
            amount_max=high,
            eligibility=paragraphs(
                SAMPLE,
                "Gemeinnützige Vereine und Initiativen mit einer verantwortlichen Person in "
                "München.",
            ),
            rolling=rolling,
            deadlines=ordered(
                [
                    FundingDeadline(
                        date=when if isinstance(when, date) else today + timedelta(days=when),
                        yearly=yearly,
                        label=label,
                    )
                    for when, yearly, label in deadlines
                ]
            ),
            districts=ordered([FundingDistrict(district=d) for d in districts]),
        )
        programme.topics.add(*topics)
        command.ensure_page(funding, programme)

    return {"tracker": tracker, "guide": guide, "funding": funding, "places": places}
