"""Listings show live pages outside private sections, in the listing's own query; pages
check view restrictions through the stand-in for Wagtail's method."""

import hashlib
import inspect

from wagtail.models import Page, PageViewRestriction

from cms.pages import WAGTAIL_VIEW_RESTRICTIONS, german, published, view_restrictions
from reports.models import ReportPage
from tests.factories import make_report


def test_pages_in_a_private_section_are_left_out(report_index):
    shown = set(german(ReportPage.objects).live())
    other = make_report(report_index, "Öffentlicher Bericht")
    draft = make_report(report_index, "Entwurf")
    draft.unpublish()
    assert set(published(ReportPage.objects)) == shown | {other}
    PageViewRestriction.objects.create(page=other, restriction_type="password", password="x")
    assert set(published(ReportPage.objects)) == shown
    PageViewRestriction.objects.create(page=report_index, restriction_type="login")
    assert set(published(ReportPage.objects)) == set()
    assert list(published(ReportPage.objects.order_by("pk"))) == list(
        german(ReportPage.objects).live().public().order_by("pk")
    )


def test_the_wagtail_method_stood_in_for_is_the_one_we_know():
    """cms.pages.view_restrictions stands in for Wagtail's Page.get_view_restrictions
    (CmsConfig.ready) and calls it while any section is private. When Wagtail changes that
    method, check that the stand-in still fits (what it returns, where Wagtail calls it), then
    pin the new source's digest here."""
    assert Page.get_view_restrictions is view_restrictions
    source = inspect.getsource(WAGTAIL_VIEW_RESTRICTIONS)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "f41021bde7cdda11"
