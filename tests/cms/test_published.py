"""Listings show live pages outside private sections, in the listing's own query (the
stand-in for Wagtail's view restrictions is pinned in tests/test_upstream.py)."""

from wagtail.models import PageViewRestriction

from cms.pages import german, published, visible
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


def test_an_alias_is_shown_only_while_its_original_is_live(report_index):
    """Whether an alias's original is live is asked by a join while no section is private and
    by a subquery once one is (cms.pages.shown): both leave such an alias out."""
    original = make_report(report_index, "Original")
    alias = original.create_alias(update_slug="original-alias")
    assert {original, alias} <= set(published(ReportPage.objects))
    assert {original, alias} <= set(visible(ReportPage.objects))
    ReportPage.objects.filter(pk=original.pk).update(live=False)  # expired behind its back
    assert alias not in set(published(ReportPage.objects))
    assert alias not in set(visible(ReportPage.objects))
    other = make_report(report_index, "Anderswo privat")
    PageViewRestriction.objects.create(page=other, restriction_type="password", password="x")
    assert alias not in set(published(ReportPage.objects))
    assert alias not in set(visible(ReportPage.objects))
