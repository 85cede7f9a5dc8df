"""The demo records (demo/content/*.toml) that tests rely on, named once."""

KVR = "Kreisverwaltungsreferat"  # a city department that decides on street parties
SOCIAL_DEPARTMENT = "Sozialreferat"  # a funding programme's provider, a report's participant
INITIATIVE = "stadtteilladen-giesing"  # a profile that took part in the seed report
MANUFAKTUR = "westendkiez"  # a working group with its sign-up form
ACTIVITY = "strassenfest"  # an activity of the guide
EVENT_WITH_REGISTRATION = "beispiel-werkstattgespraech-genehmigungen"
ABOUT = "ueber-uns"  # a content page in the menu


def page_addresses():
    """An address of every page type of the demo site, and search, a 404 and English."""
    from django.utils import timezone

    from challenges.models import Challenge
    from cms.pages import german
    from events.models import EventPage
    from home.models import ContentPage
    from network.models import InitiativePage, ManufakturPage, PartnerApplicationPage
    from newsletter.models import NewsletterPage
    from organisations.models import Organisation
    from reports.models import ReportPage
    from tests.helpers import SEED_SLUG
    from tests.seed import CHALLENGES

    event = EventPage.objects.filter(registration_required=True).order_by("start").first()
    return [
        "/",
        "/berichte/",
        german(ReportPage.objects).get(slug=SEED_SLUG).url,
        "/initiativen/",
        InitiativePage.objects.first().url,
        ManufakturPage.objects.first().get_parent().url,
        ManufakturPage.objects.first().url,
        "/veranstaltungen/",
        "/veranstaltungen/archiv/",
        "/veranstaltungen/monat/{0:%Y}/{0.month}/".format(timezone.localdate()),
        "/veranstaltungen/vorschlagen/",
        event.url,
        "/newsletter/",
        NewsletterPage.objects.first().url,
        "/mitmachen/spenden/",
        "/spende-verwalten/",
        PartnerApplicationPage.objects.first().url,
        german(ContentPage.objects).first().url,
        "/herausforderungen/",
        Challenge.objects.get(title=CHALLENGES[0]).url,
        "/wer-ist-zustaendig/",
        "/wer-ist-zustaendig/strassenfest/",
        Organisation.objects.get(name=KVR).department_url,
        "/foerderungen/",
        "/foerderungen/quartiersfonds-nachbarschaft/",
        "/dritte-orte/",
        "/dritte-orte/stadtbibliothek/",
        "/suche/?q=Quartier",
        "/offene-daten/",
        "/mitmachen/feedback/",
        "/gibt-es-nicht/",
        "/en/",
    ]
