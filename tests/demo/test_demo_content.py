"""load_demo_content reproduces the seed report faithfully and changes nothing when run again."""

import re
from collections import Counter
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from challenges.models import Challenge
from cms.pages import german
from demo.loader import CONTENT
from demo.management.commands.load_demo_content import FILES, TRANSLATIONS
from events.models import EventPage
from funding.models import FundingProgrammePage
from guide.models import ActivityPage
from home.models import SiteSettings
from organisations.models import Organisation
from places.models import PlacePage
from tests.demo_database import load_demo_content
from tests.project import project_apps
from tests.seed import CHALLENGES, SEED_RESULTS

SEED_KINDS = {
    Organisation.Kind.CITY_DEPARTMENT: 11,
    Organisation.Kind.ASSOCIATION: 5,
    Organisation.Kind.INITIATIVE: 4,
    Organisation.Kind.FOUNDATION: 1,
    Organisation.Kind.WORKING_GROUP: 3,
}


def snapshot():
    """Every row of every model the demo writes, as comparable values."""
    models = [
        m for m in apps.get_models() if m._meta.app_label in project_apps() - {"cms", "donations"}
    ]
    # Every field's value, not only which rows exist.
    rows = {m._meta.label: serializers.serialize("json", m.objects.order_by("pk")) for m in models}
    rows["pages"] = sorted(
        Page.objects.values_list("pk", "path", "slug", "live", "latest_revision_id")
    )
    rows["revisions"] = Revision.objects.count()
    rows["sites"] = sorted(Site.objects.values_list("pk", "hostname", "port", "root_page_id"))
    return rows


def test_running_twice_changes_nothing(db):
    before = snapshot()
    load_demo_content()
    assert snapshot() == before


def test_keeps_what_an_editor_changed(db, seed_report, site_settings):
    seed_report.title = "Vom Redaktionsteam geändert"
    seed_report.save_revision().publish()
    site_settings.funders = "Eigene Angabe"
    site_settings.save()
    load_demo_content()
    seed_report.refresh_from_db()
    assert seed_report.title == "Vom Redaktionsteam geändert"
    assert SiteSettings.objects.get().funders == "Eigene Angabe"


def test_builds_on_an_empty_database(transactional_db):
    """After Wagtail's own first page was removed and the tree is empty, as after a flush."""
    Site.objects.all().delete()
    Page.objects.all().delete()
    load_demo_content()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.heading == "Gemeinsam für ein nachhaltiges München"
    assert site.hostname == "testserver"


def test_seed_report_is_complete(seed_report):
    assert [c.title for c in seed_report.challenges()] == [
        "Zustimmung, Genehmigung, Haftung und Verantwortung",
        "Unterschiedliche Logiken in der Arbeitsweise und divergente Arbeitsstrukturen",
        "Referatsübergreifende Zusammenarbeit und Zuständigkeit",
        "Finanzierung und Förderungen",
        "Ziel und Interessenkonflikte sowie Akzeptanz der Bevölkerung",
    ]
    results = list(seed_report.results_with_challenges())
    assert len(results) == 3
    assert results[0].text.startswith("Sowohl für Genehmigungen")
    assert results[0].challenge.title.startswith("Zustimmung, Genehmigung")
    assert "Dritte Orte" in results[1].text and results[1].challenge is None
    assert "Sozialen Stadt" in results[2].text
    assert results[2].challenge.title == "Referatsübergreifende Zusammenarbeit und Zuständigkeit"
    assert seed_report.participant_count == 35
    assert seed_report.duration_minutes == 120
    assert seed_report.contact_email == "quartiere@m-i-n.net"
    assert "fortgesetzt Anfang März 2023" in seed_report.follow_up_text
    assert seed_report.date.isoformat() < "2023-03-01"


def test_all_24_participating_bodies_with_their_kinds(seed_report):
    organisations = [link.organisation for link in seed_report.participant_links.all()]
    assert len(organisations) == len(set(organisations)) == 24
    assert Counter(organisation.kind for organisation in organisations) == SEED_KINDS
    assert organisations[0].name == "Referat für Bildung und Sport"
    assert organisations[-1].name == "rehab republic e.V."


def german_links(challenge):
    return challenge.report_links.filter(page__locale__language_code="de")


def test_challenges_are_shared_records(seed_report):
    assert Challenge.objects.count() == 5
    funding = Challenge.objects.get(title="Finanzierung und Förderungen")
    # Three reports name it; the seed report's English translation names the same record.
    assert german_links(funding).count() == 3
    assert funding.report_links.count() == 4


def test_challenges_tracked_with_their_first_results(seed_report):
    for title in CHALLENGES:
        challenge = Challenge.objects.get(title=title)
        assert challenge.description
        assert challenge.organisations.exists()
        first = challenge.notes.last()
        assert (first.date, first.status) == (seed_report.date, "open")
        assert challenge.status == "open"  # the source tells nothing later: nothing invented
        meeting = timezone.localdate(seed_report.follow_up_page.specific.start)
        for note in challenge.notes.exclude(pk=first.pk):
            assert note.text.startswith("Beispiel:"), note.text
            assert note.date > meeting  # no note before the meeting it tells of
            assert note.status == "open"
    for text, title in SEED_RESULTS:
        if title:
            assert Challenge.objects.get(title=title).results.filter(text=text, page=seed_report)
    assert Challenge.objects.get(title=CHALLENGES[0]).events.filter(
        slug="werkstattgespraech-fortsetzung"
    )


def test_tools_hold_samples_marked_as_such(db):
    assert ActivityPage.objects.count() == 6
    assert FundingProgrammePage.objects.count() == 3
    # The third places the seed report names.
    assert [p.title for p in PlacePage.objects.order_by("path")] == [
        "Stadtbibliothek im Quartier",
        "Bildungslokal",
        "Community Kitchen",
    ]
    for model in (ActivityPage, FundingProgrammePage, PlacePage):
        assert all(page.is_sample for page in model.objects.all())


def test_sample_content_is_flagged_not_written_into_the_text(seed_report):
    """The flag shows a badge; no title, teaser or text says "demo", "(Beispiel…)", "Beispiel:"."""
    samples = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and hasattr(model, "is_sample")
    ]
    pages = [page for model in samples for page in model.objects.all()]
    # Real: the seed report, and the participation page with the seed's site-wide blocks, and
    # their English translations.
    assert {page.title for page in pages if not page.is_sample} == {
        seed_report.title,
        "Mitmachen",
        "Workshop talk with the city administration on sustainable neighbourhoods",
        "Take part",
    }
    for page in pages:
        text = serializers.serialize("json", [page])
        assert "Demo" not in text.replace("Demokratie", ""), page
        assert not re.search(r"\(Beispiel[a-z]*\)|Beispiel[a-z]*:", text), page
    assert seed_report.date_is_approximate  # the source names no day


def test_site_settings_and_legal_pages(site_settings):
    assert site_settings.organiser_email == "buero@buergerstiftung-muenchen.de"
    assert site_settings.imprint_page.slug == "impressum"
    assert site_settings.privacy_page.slug == "datenschutz"
    assert [block.value["heading"] for block in site_settings.calls_to_action] == [
        "Newsletter abonnieren",
        "Bündnispartner werden",
        "In Manufaktur mitarbeiten",
        "Spenden",
    ]


def test_follow_up_meeting_in_march_2023_linked_from_the_seed_report(seed_report):
    follow_up = seed_report.follow_up_page.specific
    assert isinstance(follow_up, EventPage)
    assert follow_up.live
    start = timezone.localtime(follow_up.start)
    assert (start.year, start.month) == (2023, 3) and start.day <= 10  # "Anfang März 2023"
    assert list(follow_up.continued_reports()) == [seed_report]
    # The source gives no exact day: the day is the demo's choice, so the event is a sample.
    assert follow_up.is_sample


def test_sample_events_ahead_with_and_without_registration(event_index):
    upcoming = list(event_index.listed().upcoming())
    assert len(upcoming) >= 4
    assert all(event.is_sample for event in upcoming)
    with_registration = [event for event in upcoming if event.registration_open]
    assert with_registration and len(with_registration) < len(upcoming)
    assert any(event.all_day for event in upcoming)
    assert any(event.online_url and not event.address_lines() for event in upcoming)
    soonest = timezone.localdate(upcoming[0].start) - timezone.localdate()
    assert timedelta(days=1) <= soonest <= timedelta(days=14)


def test_an_untouched_sample_event_that_has_passed_moves_ahead_again(event_index):
    sample = event_index.listed().get(slug="beispiel-reparatur-cafe")
    edited = event_index.listed().get(slug="beispiel-demokratiecafe-westend")
    editor = get_user_model().objects.create_user("redaktion")
    for event in (sample, edited):
        event.start -= timedelta(days=60)
        event.end -= timedelta(days=60)
        event.save_revision(user=editor if event is edited else None).publish()
    load_demo_content()
    sample.refresh_from_db()
    edited.refresh_from_db()
    assert not sample.is_past
    assert edited.is_past  # an editor's change stays


def test_the_privacy_page_describes_what_is_processed(get_soup, home):
    text = get_soup("/datenschutz/").select_one("main").get_text(" ", strip=True)
    for subject in (
        "Double-Opt-in",
        "Unbestätigte Anmeldungen löschen wir nach 30 Tagen",
        "90 Tage nach der Veranstaltung",
        "Stripe",
        "zehn Jahre",
        "Art. 15–21 DSGVO",
    ):
        assert subject in text, subject


def test_every_data_file_is_loaded():
    assert {*FILES, *TRANSLATIONS} == {path.stem for path in CONTENT.glob("*.toml")}


def page_image(page):
    return getattr(page, "image", None)


def test_the_demo_shows_its_own_illustrations_with_descriptions(home):
    """Drawn for the demo (demo/content/images), so no one takes them for photos of the
    meetings; each with a focal point that keeps its motif in every crop."""
    illustrated = [page for page in german(Page.objects.live()).specific() if page_image(page)]
    assert home.specific.image and len(illustrated) >= 20
    assert all(page.image_alt.startswith("Gezeichnet") for page in illustrated)
    english = Page.objects.live().filter(locale__language_code="en", alias_of=None).specific()
    assert {page.image_alt for page in english if page_image(page)} == {
        "A drawn row of houses with trees, people on the pavement and a big sun",
        "Drawn: people at a round table, speech bubbles above them",
    }
    for image in {page.image for page in illustrated}:
        assert image.title.startswith("Illustration:") and image.has_focal_point()
        assert image.file.storage.exists(image.file.name)
