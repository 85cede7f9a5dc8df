"""The site's route (cms.translations.route): the home page takes a section from the site
frame, a section with one subpage type reads its page as that type at once, and the page keeps
its section as its parent, as Wagtail's own route does. Every address reaches the page Wagtail's
route reaches, in fewer queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.translations import route
from events.models import EventPage, EventSubmissionPage
from home.models import ContentPage
from places.models import PlacePage
from reports.models import ReportPage
from tests.helpers import SEED_SLUG


@pytest.fixture
def addresses(db):
    """A report, a place (its breadcrumb names the section), an event and the proposal form
    beside the events (a type the calendar does not list), and a page of a type its section
    does not take (made before the rule)."""
    report = ReportPage.objects.get(slug=SEED_SLUG, locale__language_code="de")
    place = PlacePage.objects.live().first()
    stray = report.get_parent().add_child(instance=ContentPage(title="Verirrt", slug="verirrt"))
    event = EventPage.objects.live().first()
    return [report, place, stray, event, EventSubmissionPage.objects.get()]


def routed(rf, path):
    found = route(rf.get(path, HTTP_HOST="localhost"), path)
    return found[0] if found else None


def queries(rf, path):
    with CaptureQueriesContext(connection) as captured:
        routed(rf, path)
    return len(captured)


def test_every_address_reaches_the_page_wagtails_route_reaches(rf, addresses):
    for page in addresses:
        assert routed(rf, page.url).pk == page.pk
        assert type(routed(rf, page.url)) is type(page.specific)
    for nowhere in ("/berichte/gibt-es-nicht/", "/herausforderungen/gibt-es-nicht/x/"):
        assert routed(rf, nowhere) is None


def test_a_page_of_a_section_takes_one_query_and_knows_its_section(rf, addresses):
    place = addresses[1]
    section = place.get_parent()
    routed(rf, section.url)  # the site frame keeps the sections now
    assert queries(rf, place.url) - queries(rf, section.url) == 1  # the place, as a place
    page = routed(rf, place.url)
    with CaptureQueriesContext(connection) as captured:
        assert page.get_parent().pk == section.pk
    assert len(captured) == 0


def test_a_report_comes_with_its_image_and_follow_up(rf, addresses):
    report = routed(rf, addresses[0].url)
    with CaptureQueriesContext(connection) as captured:
        assert report.image is not None and report.follow_up_page is not None
    assert len(captured) == 0
