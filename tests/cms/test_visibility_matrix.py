"""Private stays private on every channel (cms.pages.visible, view_restrictions): each state a
page can be in, crossed with every way a page leaves the site to someone who is not signed in.

A state makes a report, a profile and a guide activity whose slugs carry a marker; a channel
answers with text. A hidden state's marker appears in no channel; the controls (a live page,
a live page with its English translation) appear in every channel that lists such pages, so
that a channel which shows nothing proves nothing. A new state or channel is one entry below.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from cms.pages import german
from cms.translations import is_translation
from guide.models import ResponsibilityGuidePage
from network.models import InitiativeIndexPage, InitiativePage
from organisations.models import Organisation
from reports.models import ReportIndexPage
from tests.factories import make_activity, make_profile, make_report

pytestmark = pytest.mark.django_db


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="geheim" if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.get(name="Office"))


def translate(page):
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    return english


def alias(page):
    if isinstance(page, InitiativePage):
        return []  # one profile per organisation: Wagtail refuses an alias
    return [page.create_alias(update_slug=f"{page.slug}-alias")]


# What each state does to a live German page; returns the further pages that show its content.
STATES = {
    "draft": lambda page: page.unpublish() or [],
    "password": lambda page: restrict(page, "password") or [],
    "login": lambda page: restrict(page, "login") or [],
    "group": lambda page: restrict(page, "groups") or [],
    "section with password": lambda page: restrict(page.get_parent(), "password") or [],
    "translation of a private page": lambda page: restrict(page, "password") or [translate(page)],
    "alias of a private page": lambda page: restrict(page, "password") or alias(page),
}
CONTROLS = {
    "live": lambda page: [],
    "live and translated": lambda page: [translate(page)],
}


class Subject:
    """The pages of one state: their marker is in their slugs, titles and teasers."""

    def __init__(self, state, participant):
        self.marker = "matrix" + "".join(word.capitalize() for word in state.split())
        self.report = make_report(
            german(ReportIndexPage.objects).get(),
            f"{self.marker} Bericht",
            day=timezone.localdate(),
            slug=f"{self.marker.lower()}-bericht",
            teaser=f"{self.marker} Ergebnisse",
            participants=[participant],
        )
        self.profile = make_profile(
            german(InitiativeIndexPage.objects).get(), f"{self.marker} Initiative"
        )
        department = Organisation.objects.filter(kind=Organisation.Kind.CITY_DEPARTMENT).first()
        self.activity = make_activity(
            german(ResponsibilityGuidePage.objects).get(),
            f"{self.marker} Aktion",
            departments=[(department, f"{self.marker} Erlaubnis")],
            permits=[(f"{self.marker} Genehmigung", department)],
        )
        self.pages = [self.report, self.profile, self.activity]

    def german_pages(self):
        return [p for p in self.pages if not is_translation(p) and p.url]

    def english_urls(self):
        """The German pages' addresses at /en/, and those Wagtail gives translations."""
        return ["/en" + p.url for p in self.german_pages()] + [
            p.url for p in self.pages if is_translation(p) and p.url
        ]

    def shown_by(self, channel, client):
        """Whether the channel shows the pages' content (their titles and teasers; the slugs
        are lower case, and a login's ?next= repeats them)."""
        return self.marker in channel(client, self)

    def apply(self, state):
        for page in list(self.pages):
            self.pages += state(page)


def text(client, path):
    response = client.get(path, follow=True)
    assert response.status_code < 500, path
    return response.content.decode()


def api(client, path):
    """Every item of an API listing, page by page (at most 20 a page)."""
    texts, offset = [], 0
    while True:
        response = client.get(f"{path}&limit=20&offset={offset}")
        assert response.status_code < 500, path
        texts.append(response.content.decode())
        total = response.json().get("meta", {}).get("total_count", 0)
        offset += 20
        if offset >= total:
            return " ".join(texts)


def results(client, path):
    """The search results only (the page repeats what was searched for)."""
    found = BeautifulSoup(text(client, path), "html.parser").select_one(".search-results")
    return str(found or "")


def api_ids(subject):
    return [page.pk for page in subject.pages]


# Every way a page leaves the site without a sign-in: name → (text for a subject, shows a
# live German page without translation).
CHANNELS = {
    "page, German": (lambda c, s: " ".join(text(c, p.url) for p in s.german_pages()), True),
    "page, English": (lambda c, s: " ".join(text(c, url) for url in s.english_urls()), True),
    "report listing": (lambda c, s: text(c, "/berichte/"), True),
    "search": (lambda c, s: results(c, f"/suche/?q={s.marker}"), True),
    "Atom feed": (lambda c, s: text(c, "/feed/"), True),
    "sitemap": (lambda c, s: s.marker * (s.marker.lower() in text(c, "/sitemap.xml")), True),
    "participant's profile": (lambda c, s: text(c, s.participant_url), True),
    "API listing": (
        lambda c, s: api(c, "/api/v2/pages/?type=reports.ReportPage&fields=*"),
        True,
    ),
    "API listing, English": (
        lambda c, s: api(c, "/api/v2/pages/?type=reports.ReportPage&fields=*&locale=en"),
        False,
    ),
    "API detail": (
        lambda c, s: " ".join(text(c, f"/api/v2/pages/{pk}/") for pk in api_ids(s)),
        True,
    ),
    "API search": (lambda c, s: api(c, f"/api/v2/pages/?search={s.marker}"), True),
    "API search, English": (
        lambda c, s: api(c, f"/api/v2/pages/?search={s.marker}&locale=en"),
        False,
    ),
    "API child_of": (
        lambda c, s: " ".join(
            api(
                c,
                f"/api/v2/pages/?child_of={p.get_parent().pk}&locale={p.locale.language_code}",
            )
            for p in s.pages
        ),
        True,
    ),
    "API descendant_of": (
        lambda c, s: " ".join(
            api(
                c,
                f"/api/v2/pages/?descendant_of={p.get_parent().get_parent().pk}"
                f"&locale={p.locale.language_code}",
            )
            for p in s.pages
        ),
        True,
    ),
    "API translation_of": (
        lambda c, s: api(c, f"/api/v2/pages/?translation_of={s.report.pk}"),
        False,
    ),
    # Organisations are public records; what their profile_url shows is the question.
    "organisations API": (
        lambda c, s: s.marker * (s.profile.slug in api(c, "/api/v2/organisations/?fields=*")),
        True,
    ),
    "departments API": (lambda c, s: api(c, "/api/v2/departments/?fields=*"), True),
}


@pytest.fixture
def participant(db):
    """A live profile whose page lists the reports its organisation took part in."""
    return german(InitiativePage.objects).live().exclude(organisation=None).first()


def subject_in(state_name, state, participant):
    subject = Subject(state_name, participant.organisation)
    subject.participant_url = participant.url
    subject.apply(state)
    return subject


@pytest.mark.parametrize("state_name", STATES)
def test_a_hidden_page_leaves_the_site_by_no_channel(client, participant, state_name):
    subject = subject_in(state_name, STATES[state_name], participant)
    leaks = [name for name, (read, _) in CHANNELS.items() if subject.shown_by(read, client)]
    assert leaks == []


@pytest.mark.parametrize("control", CONTROLS)
def test_a_live_page_is_shown_by_every_channel_that_lists_it(client, participant, control):
    subject = subject_in(control, CONTROLS[control], participant)
    translated = control == "live and translated"
    missing = [
        name
        for name, (read, shows_german) in CHANNELS.items()
        if (shows_german or translated) and not subject.shown_by(read, client)
    ]
    assert missing == []


def test_the_english_api_asks_what_the_german_section_allows(client, seed_report):
    """The reported attack: the German /berichte/ behind a password, the English report
    asked for directly, by search and by its tree."""
    english = seed_report.get_translation(Locale.objects.get(language_code="en"))
    restrict(seed_report.get_parent(), "password")
    for query in (
        "?type=reports.ReportPage&locale=en&fields=*",
        f"{english.pk}/?locale=en",
        "?search=Quartiere&locale=en",
        f"?child_of={english.get_parent().pk}&locale=en",
        f"?descendant_of={english.get_parent().get_parent().pk}&locale=en",
    ):
        body = text(client, f"/api/v2/pages/{query}")
        assert english.teaser not in body, query
    assert 'name="password"' in text(client, "/en" + seed_report.url)


def test_the_viewer_a_restriction_allows_sees_the_page(client, seed_report):
    """The per-page side of the rule asks the viewer: the section's password opens it (in
    both languages: a private section's pages stay German at /en/, cms/translations.py)."""
    restrict(seed_report.get_parent(), "password")
    form = client.get(seed_report.url)
    soup = BeautifulSoup(form.content, "html.parser")
    unlock = soup.select_one("form:has(input[name=password])")["action"]
    answer = client.post(unlock, {"password": "geheim", "return_url": seed_report.url})
    assert answer.status_code == 302
    assert seed_report.teaser in text(client, seed_report.url)
    assert seed_report.teaser in text(client, "/en" + seed_report.url)  # stays German there
    assert seed_report.teaser not in text(Client(), seed_report.url)  # another visitor


def test_a_login_restricted_page_leads_to_the_sites_login(client, seed_report):
    restrict(seed_report, "login")
    answer = client.get(seed_report.url, follow=True)
    assert answer.status_code == 200
    assert answer.redirect_chain[0][0].startswith("/_util/login/?next=")
