"""Editors work in the Wagtail admin: every editing view opens, a report can be written there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from challenges.models import Challenge, ChallengeIndexPage
from cms.pages import german
from funding.models import FundingIndexPage, FundingProgrammePage
from guide.models import ActivityPage, ResponsibilityGuidePage
from organisations.models import Organisation
from places.models import PlaceIndexPage, PlacePage
from reports.models import ReportPage
from tests.helpers import sign_in


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    sign_in(client, user)
    return client


def test_editing_views_open(editor, home, report_index, seed_report):
    urls = [
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("wagtailadmin_pages:edit", args=[report_index.pk]),
        reverse("wagtailadmin_pages:edit", args=[seed_report.pk]),
        reverse("wagtailadmin_pages:add", args=["reports", "reportpage", report_index.pk]),
        reverse("wagtailadmin_pages:add", args=["home", "contentpage", home.pk]),
        reverse("wagtailsettings:edit", args=["home", "sitesettings", home.get_site().pk]),
        reverse("wagtailsnippets_organisations_organisation:list"),
        reverse("wagtailsnippets_organisations_organisation:add"),
        reverse("wagtailsnippets_challenges_challenge:list"),
        reverse("wagtailsnippets_challenges_challenge:add"),
        reverse("wagtailsnippets_challenges_challenge:edit", args=[Challenge.objects.first().pk]),
        *(
            reverse("wagtailadmin_pages:add", args=[*label.split("."), parent.pk])
            for label, parent in [
                ("guide.activitypage", ResponsibilityGuidePage.objects.get()),
                ("funding.fundingprogrammepage", FundingIndexPage.objects.get()),
                ("places.placepage", PlaceIndexPage.objects.get()),
            ]
        ),
        *(
            reverse("wagtailadmin_pages:edit", args=[page.pk])
            for page in [
                ChallengeIndexPage.objects.get(),
                ActivityPage.objects.first(),
                FundingProgrammePage.objects.first(),
                PlacePage.objects.first(),
            ]
        ),
    ]
    for url in urls:
        assert editor.get(url).status_code == 200, url


def report_form(challenges, organisations, **overrides):
    data = {
        "title": "Zweites Werkstattgespräch",
        "slug": "zweites-werkstattgespraech",
        "date": "2023-03-07",
        "duration_minutes": "150",
        "participant_count": "28",
        "teaser": "Die Fortsetzung.",
        "intro": rich_text("<p>Wir haben weitergearbeitet.</p>"),
        "body": streamfield([("paragraph", rich_text("<p>Mehr dazu.</p>"))]),
        "challenges_intro": rich_text(""),
        "results_intro": rich_text(""),
        "follow_up_text": rich_text(""),
        "contact_heading": "",
        "contact_text": "",
        "contact_email": "",
        "challenge_links": inline_formset([{"challenge": c.pk} for c in challenges]),
        "results": inline_formset([{"text": "Ein Ergebnis", "challenge": challenges[0].pk}]),
        "participant_links": inline_formset(
            [{"organisation": o.pk, "note": ""} for o in organisations]
        ),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_publishes_a_report(editor, report_index):
    challenges = list(Challenge.objects.order_by("-title")[:2])
    organisations = list(Organisation.objects.order_by("name")[:3])
    url = reverse("wagtailadmin_pages:add", args=["reports", "reportpage", report_index.pk])
    response = editor.post(url, report_form(challenges, organisations))
    assert response.status_code == 302, response.context["form"].errors
    report = german(ReportPage.objects).get(slug="zweites-werkstattgespraech")
    assert report.live
    assert report.challenges() == challenges
    assert [link.organisation for link in report.participant_links.all()] == organisations
    assert report.results.get().challenge == challenges[0]


def test_the_same_participant_twice_is_an_error_not_a_crash(editor, report_index):
    organisation = Organisation.objects.first()
    challenge = Challenge.objects.first()
    url = reverse("wagtailadmin_pages:add", args=["reports", "reportpage", report_index.pk])
    response = editor.post(url, report_form([challenge], [organisation, organisation]))
    assert response.status_code == 200
    assert not german(ReportPage.objects).filter(slug="zweites-werkstattgespraech").exists()
