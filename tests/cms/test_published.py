"""Listings show live pages outside private sections, in the listing's own query (the
stand-in for Wagtail's view restrictions is pinned in tests/test_upstream.py)."""

from wagtail.models import PageViewRestriction

from cms.pages import german, published
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
