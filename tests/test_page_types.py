"""Where each page type may stand, and that the rules in effect for every page type (its own or
those of a shared base, like cms.pages.ListingPage) are explicit, never Wagtail's "anywhere"."""

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.pages import FormPageMixin, service
from events.models import EventPage
from home.models import ContentPage, HomePage
from network.models import InitiativeIndexPage, InitiativePage
from reports.models import ReportIndexPage, ReportPage
from tests.project import project_apps

OUR_APPS = project_apps()
OUR_PAGE_TYPES = [
    model
    for model in apps.get_models()
    if issubclass(model, Page) and model is not Page and model._meta.app_label in OUR_APPS
]


@pytest.mark.parametrize("model", OUR_PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_type_states_its_rules(model):
    for attribute in ("parent_page_types", "subpage_types"):
        assert getattr(model, attribute) is not None, f"{model.__name__} may go anywhere"
    assert len(model.search_fields) > len(Page.search_fields), "nothing of its own is searched"
    assert model._meta.verbose_name != model.__name__.lower()


@pytest.mark.parametrize(
    ("child", "parents"),
    [
        (HomePage, {Page}),
        (ContentPage, {HomePage, ContentPage}),
        (ReportIndexPage, {HomePage}),
        (ReportPage, {ReportIndexPage}),
        (InitiativeIndexPage, {HomePage}),
        (InitiativePage, {InitiativeIndexPage}),
    ],
)
def test_allowed_parents(child, parents):
    assert set(child.allowed_parent_page_models()) == parents


def test_reports_have_no_subpages():
    assert ReportPage.allowed_subpage_models() == []


def test_only_one_home_page(home):
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_reports_only_under_a_report_index(home, report_index):
    assert ReportPage.can_create_at(report_index)
    assert not ReportPage.can_create_at(home)
    assert not ContentPage.can_create_at(report_index)


def test_every_form_page_names_a_service_that_exists():
    """A page names what its form does by dotted path; a wrong one would fail only on a post."""
    form_pages = [model for model in OUR_PAGE_TYPES if issubclass(model, FormPageMixin)]
    assert len(form_pages) == 7
    for model in form_pages:
        assert callable(service(model.form_submitted)), model.__name__
    assert callable(service(EventPage.cancellation))
