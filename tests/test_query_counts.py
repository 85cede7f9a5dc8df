"""Queries per page do not grow with the content: each page type is counted with 10 and with
200 items of content (reports, events, profiles, newsletter issues, challenges, activities,
funding programmes, third places, and the participants, organisers, reports, results, notes and
permits a single page lists) and stays within a fixed ceiling (issue 39: at most 10)."""

import io
import itertools
import re
from datetime import date, timedelta

from django.core.files.images import ImageFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from challenges.models import Challenge, ChallengeIndexPage, ChallengeNote
from cms.pages import german
from events.models import EventIndexPage, EventOrganiser, EventPage
from funding.models import FundingDeadline, FundingDistrict, FundingIndexPage, FundingProgrammePage
from guide.models import ActivityDepartment, ActivityPage, ActivityPermit, ResponsibilityGuidePage
from network.models import InitiativeIndexPage, InitiativePage, ManufakturPage
from newsletter.models import NewsletterIndexPage, NewsletterPage
from organisations.models import Organisation
from places.models import PlaceIndexPage, PlacePage
from reports.models import (
    ReportChallenge,
    ReportIndexPage,
    ReportPage,
    ReportParticipant,
    ReportResult,
)
from tests.demo_records import ACTIVITY, INITIATIVE, KVR
from tests.helpers import SEED_SLUG

CEILING = 10
SMALL, LARGE = 10, 200
serial = itertools.count()
NO_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def add(parent, page):
    """A live page without revisions: quicker than an editor's publish, the same to render."""
    parent.add_child(instance=page)
    return page


def picture(n):
    """An image of its own for each item, so that renditions cannot come from one cache entry."""
    data = io.BytesIO()
    Image.new("RGB", (32, 18), (n % 256, 120, 90)).save(data, "PNG")
    return get_image_model().objects.create(
        title=f"Bild {n}", file=ImageFile(data, name=f"bild-{n}.png")
    )


def grow(to):
    """Add content until there are `to` items of each kind, each with an image. Wagtail's search
    and reference indexes, updated on every save (the search index by a task), are left out:
    they took most of the time. Only the reports are indexed, in one go, for the search page."""
    with override_settings(TASKS=NO_TASKS), disable_reference_index_auto_update():
        add_items(to)
    get_search_backend().add_bulk(ReportPage, list(german(ReportPage.objects).all()))


def add_items(to):
    report_index = german(ReportIndexPage.objects).get()
    event_index = EventIndexPage.objects.get()
    profile_index = InitiativeIndexPage.objects.get()
    archive = german(NewsletterIndexPage.objects).get()
    seed = german(ReportPage.objects).get(slug=SEED_SLUG)
    profile = InitiativePage.objects.get(slug=INITIATIVE)
    manufaktur = ManufakturPage.objects.filter(organisation__isnull=False).first()
    challenges = list(Challenge.objects.all()[:2])
    event = EventPage.objects.order_by("start").first()
    start = timezone.now() + timedelta(days=3)

    while ReportPage.objects.count() < to:
        n = next(serial)
        report = add(
            report_index,
            ReportPage(
                title=f"Bericht {n}",
                date=date(2024, 1, 1),
                teaser=f"Quartiersbericht {n}",
                image=picture(n),
                image_alt=f"Bild {n}",
            ),
        )
        ReportChallenge.objects.bulk_create(
            ReportChallenge(page=report, challenge=c, sort_order=i)
            for i, c in enumerate(challenges)
        )
        ReportParticipant.objects.bulk_create(
            ReportParticipant(page=report, organisation=o, sort_order=i)
            for i, o in enumerate([profile.organisation, manufaktur.organisation])
        )
        ReportResult.objects.create(page=report, text=f"Ergebnis {n}", challenge=challenges[0])
    while EventPage.objects.count() < to:
        n = next(serial)
        add(
            event_index,
            EventPage(
                title=f"Termin {n}",
                start=start + timedelta(hours=n),
                end=start + timedelta(hours=n + 1),
                teaser=f"Termin {n}",
                venue="Stadtteilladen Giesing",
                image=picture(n),
                image_alt=f"Bild {n}",
            ),
        )
    while InitiativePage.objects.count() < to:
        n = next(serial)
        add(
            profile_index,
            InitiativePage(
                title=f"Initiative {n}",
                organisation=Organisation.objects.create(name=f"Initiative {n}"),
                teaser=f"Initiative {n}",
                logo=picture(n),
                image=picture(n),
                image_alt=f"Bild {n}",
            ),
        )
    while NewsletterPage.objects.count() < to:
        n = next(serial)
        add(archive, NewsletterPage(title=f"Ausgabe {n}", preheader=f"Ausgabe {n}"))
    guide = ResponsibilityGuidePage.objects.get()
    department = Organisation.objects.get(name=KVR)
    while ActivityPage.objects.count() < to:
        n = next(serial)
        activity = add(guide, ActivityPage(title=f"Aktion {n}", summary=f"Aktion {n}"))
        ActivityDepartment.objects.create(page=activity, organisation=department)
        ActivityPermit.objects.create(page=activity, name=f"Erlaubnis {n}", issued_by=department)
    funding = FundingIndexPage.objects.get()
    while FundingProgrammePage.objects.count() < to:
        n = next(serial)
        programme = FundingProgrammePage(
            title=f"Programm {n}",
            provider=department,
            teaser="Geld",
            eligibility="<p>Alle</p>",
            image=picture(n),
            image_alt=f"Bild {n}",
        )
        programme.topics.add(f"Thema {n}")
        add(funding, programme)
        FundingDeadline.objects.create(page=programme, date=date(2024, 5, 1), yearly=True)
        FundingDistrict.objects.create(page=programme, district="17")
    places = PlaceIndexPage.objects.get()
    while PlacePage.objects.count() < to:
        n = next(serial)
        place = PlacePage(
            title=f"Ort {n}",
            kind="library",
            teaser="Ort",
            street="Weg 1",
            postcode="80331",
            district="17",
            image=picture(n),
            image_alt=f"Bild {n}",
        )
        place.offers.add(f"Angebot {n}")
        add(places, place)
    while Challenge.objects.count() < to:
        n = next(serial)
        ChallengeNote.objects.create(
            challenge=Challenge.objects.create(title=f"Herausforderung {n}"),
            status="open",
            text="Benannt",
        )
    organisations = list(Organisation.objects.order_by("pk")[:to])
    challenges[0].organisations.set(organisations)
    activity = ActivityPage.objects.get(slug=ACTIVITY)
    ActivityDepartment.objects.filter(page=activity).delete()
    ActivityDepartment.objects.bulk_create(
        ActivityDepartment(page=activity, organisation=o, sort_order=i)
        for i, o in enumerate(organisations)
    )
    ChallengeNote.objects.bulk_create(
        ChallengeNote(challenge=challenges[0], status="open", text=f"Notiz {i}")
        for i in range(to - challenges[0].notes.count())
    )
    ReportParticipant.objects.filter(page=seed).delete()
    ReportParticipant.objects.bulk_create(
        ReportParticipant(page=seed, organisation=o, sort_order=i)
        for i, o in enumerate(organisations)
    )
    EventOrganiser.objects.filter(page=event).delete()
    EventOrganiser.objects.bulk_create(
        EventOrganiser(page=event, organisation=o, sort_order=i)
        for i, o in enumerate(organisations)
    )


def pages():
    return {
        "home": "/",
        "report index": german(ReportIndexPage.objects).get().url,
        "report": german(ReportPage.objects).get(slug=SEED_SLUG).url,
        "profile index": InitiativeIndexPage.objects.get().url,
        "profile": InitiativePage.objects.get(slug=INITIATIVE).url,
        "Manufaktur": ManufakturPage.objects.filter(organisation__isnull=False).first().url,
        "event index": EventIndexPage.objects.get().url,
        "event": EventPage.objects.order_by("start").first().url,
        "newsletter archive": german(NewsletterIndexPage.objects).get().url,
        "donation page": "/mitmachen/spenden/",
        "challenge tracker": ChallengeIndexPage.objects.get().url,
        "challenge": Challenge.objects.order_by("title").first().url,
        "guide": ResponsibilityGuidePage.objects.get().url,
        "activity": ActivityPage.objects.get(slug=ACTIVITY).url,
        "department": Organisation.objects.get(name=KVR).department_url,
        "funding guide": FundingIndexPage.objects.get().url,
        "programme": FundingProgrammePage.objects.first().url,
        "deadline feed": FundingIndexPage.objects.get().url + "fristen/",
        "third places": PlaceIndexPage.objects.get().url,
        "third place": PlacePage.objects.first().url,
        # Only the reports added here match: results take a query per page type they show.
        "search results": "/suche/?q=Quartiersbericht",
    }


def count_queries(client, url):
    client.get(url)  # fills the caches a first visitor fills
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_queries_per_page_stay_few_and_fixed(client, home, settings, tmp_path):
    grow(SMALL)
    small = {name: count_queries(client, url) for name, url in pages().items()}
    grow(LARGE)
    large = {name: count_queries(client, url) for name, url in pages().items()}
    assert re.search(r"Bericht \d+", client.get(pages()["search results"]).content.decode())
    table = "\n".join(f"{name:20} {small[name]:3} {large[name]:3}" for name in small)
    assert all(small[name] == large[name] <= CEILING for name in small), (
        f"queries with {SMALL} and {LARGE} items (ceiling {CEILING}):\n{table}"
    )
