"""Anonymous visitors get rendered pages from the cache; any change they could see ends it; a
cached page is the same for everyone, and its forms work for each visitor (the form time comes
from an uncached request, posts from other sites are refused by origin)."""

import inspect
import re
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.cache.parameters import page_parameters, views
from cms.forms import TOKEN_SALT, form_token
from cms.pages import german
from events.models import EventPage
from events.services import register
from funding.models import FundingProgrammePage
from guide.models import ActivityPage
from home.models import ContentPage, SiteSettings
from network.models import InitiativePage, ManufakturPage
from newsletter.models import Subscriber
from places.models import PlacePage
from reports.models import ReportPage
from tests.demo_records import ABOUT, ACTIVITY, INITIATIVE, MANUFAKTUR
from tests.factories import (
    FORM_PAGES,
    PUBLIC_FORMS,
    make_event,
    make_report,
    subscription_entries,
)
from tests.helpers import SEED_SLUG, sign_in, staff

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FORM_MIN_FILL_SECONDS = 0


def test_the_second_anonymous_visit_is_served_without_the_database(client, seed_report):
    assert client.get(seed_report.url)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(seed_report.url)
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert seed_report.title in response.content.decode()


def test_signed_in_people_get_the_cached_page_with_their_userbar(client, seed_report):
    anonymous = client.get(seed_report.url)
    editor = staff(Client(), "redaktion", Group.objects.get(name="Editors"))
    with CaptureQueriesContext(connection) as queries:
        response = editor.get(seed_report.url)
    html = response.content.decode()
    assert "wagtail-userbar" in html and "wagtail-userbar" not in anonymous.content.decode()
    userbar = re.search(r"<!-- Wagtail user bar embed code -->.*<!-- end Wagtail.*?-->", html, re.S)
    without_userbar = html.replace(userbar.group(0), "")
    same = [re.sub(r"\s+", " ", text) for text in (without_userbar, anonymous.content.decode())]
    assert same[0] == same[1]
    assert "private" in response["Cache-Control"]
    # Not rendered again: only the session, the user and the userbar ask the database.
    assert not any("reportparticipant" in query["sql"] for query in queries.captured_queries)


def test_signed_in_people_see_a_change_at_once(client, seed_report):
    editor = staff(Client(), "redaktion", Group.objects.get(name="Editors"))
    editor.get(seed_report.url)
    revision = seed_report.get_latest_revision_as_object()
    revision.title = "Werkstattgespräch, überarbeitet"
    revision.save_revision().publish()
    assert "Werkstattgespräch, überarbeitet" in editor.get(seed_report.url).content.decode()


def test_publishing_a_page_ends_the_cache(client, seed_report):
    client.get(seed_report.url)
    revision = seed_report.get_latest_revision_as_object()
    revision.title = "Werkstattgespräch, überarbeitet"
    revision.save_revision().publish()
    response = client.get(seed_report.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Werkstattgespräch, überarbeitet" in response.content.decode()


def test_publishing_in_an_english_admin_ends_the_german_cache_too(client, seed_report):
    """An editor's admin may speak English: the page's addresses are its German ones and their
    /en/ twins, whatever language the publish ran in."""
    german_address = seed_report.url
    client.get(german_address)
    revision = seed_report.get_latest_revision_as_object()
    revision.title = "Werkstattgespräch, überarbeitet"
    with translation.override("en"):
        revision.save_revision().publish()
    response = client.get(german_address)
    assert response["X-Page-Cache"] == "miss"
    assert "Werkstattgespräch, überarbeitet" in response.content.decode()


def test_a_translation_published_or_taken_offline_renews_its_english_address(client, db):
    """/en/… is cached with the German page until its translation is published, and with the
    translation until it goes offline (cms/translations.py)."""
    report = german(ReportPage.objects).exclude(slug=SEED_SLUG).first()
    with translation.override("en"):
        address = report.url
    client.get(address)
    assert client.get(address)["X-Page-Cache"] == "hit"
    draft = report.copy_for_translation(Locale.objects.get(language_code="en"))
    draft.title = "A report in English"
    draft.save_revision()
    assert client.get(address)["X-Page-Cache"] == "hit"  # a draft changes nothing
    draft.get_latest_revision().publish()
    response = client.get(address)
    assert response["X-Page-Cache"] == "miss"
    assert "A report in English" in response.content.decode()
    assert client.get(address)["X-Page-Cache"] == "hit"
    draft.refresh_from_db()
    draft.unpublish()
    response = client.get(address)
    assert "A report in English" not in response.content.decode()
    assert report.title in response.content.decode()


def test_changing_a_snippet_a_page_shows_ends_the_cache(client, seed_report):
    client.get(seed_report.url)
    organisation = seed_report.participant_links.first().organisation
    organisation.name = "Umbenannte Organisation"
    organisation.save()
    assert "Umbenannte Organisation" in client.get(seed_report.url).content.decode()


def test_changing_a_site_setting_ends_the_cache(client, home):
    client.get("/")
    site_settings = SiteSettings.objects.get()
    site_settings.funders = "Gefördert durch die Stadt München"
    site_settings.save()
    assert "Gefördert durch die Stadt München" in client.get("/").content.decode()


@pytest.mark.parametrize(("find_page", "valid_data"), FORM_PAGES.values(), ids=FORM_PAGES)
def test_a_cached_form_page_is_the_same_for_everyone_and_works_for_each(
    db, find_page, valid_data, stripe_server, django_capture_on_commit_callbacks
):
    page = find_page()
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    first, second = (visitor.get(page.url) for visitor in visitors)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content  # nothing in it belongs to one visitor
    assert not first.cookies and not second.cookies
    assert b"csrfmiddlewaretoken" not in first.content
    for number, visitor in enumerate(visitors):
        shown_at = visitor.get(reverse("form_token")).json()["shown_at"]
        assert time.time() - signing.loads(shown_at, salt=TOKEN_SALT)["t"] < 5
        data = valid_data(email=f"besuch{number}@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post(
                page.url, {**data, "homepage": "", "shown_at": shown_at}, **SAME_ORIGIN
            )
        assert response.status_code in (302, 303), (number, response.status_code)


def test_the_footer_form_works_from_a_cached_page(home):
    Client().get("/")  # someone else's visit fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page["X-Page-Cache"] == "hit"
    form = BeautifulSoup(page.content, "html.parser").select_one("form.footer-newsletter")
    shown_at = visitor.get(form.select_one("[data-token-url]")["data-token-url"]).json()
    response = visitor.post(
        form["action"],
        {"email": "leser@example.org", "consent": "on", "homepage": "", **shown_at},
        **SAME_ORIGIN,
    )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="leser@example.org").exists()


def test_without_javascript_the_form_asks_once_more(client, home):
    newsletter = PUBLIC_FORMS["newsletter"][0]()
    data = {**subscription_entries(), "homepage": ""}
    answer = client.post(newsletter.url, {**data, "shown_at": ""})
    assert "Bitte prüfen Sie Ihre Angaben" in answer.content.decode()
    assert not Subscriber.objects.filter(email=data["email"].lower()).exists()
    again = BeautifulSoup(answer.content, "html.parser").select_one("#abonnieren [name=shown_at]")
    assert client.post(newsletter.url, {**data, "shown_at": again["value"]}).status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_posts_from_other_sites_are_refused(client, home, headers):
    newsletter = PUBLIC_FORMS["newsletter"][0]()
    data = {**subscription_entries(), "homepage": "", "shown_at": form_token(time.time() - 30)}
    assert client.post(newsletter.url, data, **headers).status_code == 403
    assert not Subscriber.objects.exists()


def test_a_cached_page_carries_the_security_headers(client, seed_report):
    client.get(seed_report.url)
    cached = client.get(seed_report.url)
    assert cached["X-Page-Cache"] == "hit"
    assert cached["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in cached["Content-Security-Policy"]


def test_query_noise_shares_the_page_and_filters_do_not(client, report_index):
    client.get(report_index.url)
    for number in range(3):
        noisy = client.get(f"{report_index.url}?utm_source=n{number}&fbclid={number}")
        assert noisy["X-Page-Cache"] == "hit"
    assert client.get(f"{report_index.url}?year=2024")["X-Page-Cache"] == "miss"


def project_sources(*patterns):
    root = Path(settings.BASE_DIR)
    for pattern in patterns:
        for source in root.glob(pattern):
            if source.relative_to(root).parts[0] not in {".venv", "tests", "benchmarks"}:
                yield source, source.read_text()


def test_the_page_parameters_are_all_that_pages_read():
    """A page that read a parameter the key leaves out would be served to every value of it:
    each module's page types and views declare (query_parameters) exactly what it reads; code,
    template tags and templates read the request's query only through the parameters."""
    declared = defaultdict(set)
    for owner in [*apps.get_models(), *views(get_resolver().url_patterns)]:
        if getattr(owner, "query_parameters", ()):
            declared[inspect.getsourcefile(inspect.unwrap(owner))] |= set(owner.query_parameters)
    read = defaultdict(set)
    for source, text in project_sources("**/*.py"):
        names = set(re.findall(r'request\.GET\.get\("(\w+)"', text))
        names |= set(re.findall(r'_param\(request, "(\w+)"', text))
        names |= set(re.findall(r'donation_named_in\(request, "(\w+)"', text))
        names |= set(re.findall(r'"(\w+)" in request\.GET', text))
        names |= {"page"} if "page_of(request" in text else set()
        if names:
            read[str(source)] = names
    read.pop(str(Path(settings.BASE_DIR) / "cms" / "pages.py"))  # page_of itself
    for admin in (
        "cms/admin_views",
        "newsletter/admin_views",
        "books/admin_views",
        "accounts/two_factor",
        "accounts/middleware",
    ):
        read.pop(
            str(Path(settings.BASE_DIR) / f"{admin}.py")
        )  # the admin and sign-in: never cached
    assert dict(read) == dict(declared)
    assert page_parameters() == set().union(*declared.values())
    copies = re.compile(
        r"get_full_path|\{% *querystring|QUERY_STRING|request\.GET\.(urlencode|copy|items|lists)"
    )
    copied = [
        str(source)
        for source, text in project_sources("**/*.py", "*/templates/**/*.html")
        if copies.search(text)
    ]
    assert copied == []


def test_nothing_a_visitor_brings_along_reaches_a_cached_page_or_a_proof(client, report_index):
    for number in range(11):  # a second page of reports: pagination links
        make_report(report_index, f"Bericht {number}", day=date(2024, 3, number + 1))
    first_visit = f"{report_index.url}?year=2024&ref=fremder-text&page=1&utm_source=fremder-text"
    html = client.get(first_visit).content.decode()
    assert "fremder-text" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("a[rel=next]")["href"] == "?page=2&year=2024"
    assert {link["href"] for link in soup.select("link[hreflang]")} == {
        "http://testserver/berichte/?page=1&year=2024",
        "http://testserver/en/berichte/?page=1&year=2024",
    }

    visitor = Client()
    page = visitor.get(f"{report_index.url}?year=2024&page=1")
    assert page["X-Page-Cache"] == "hit"
    form = BeautifulSoup(page.content, "html.parser").select_one("form.footer-newsletter")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data.update(email="leser@example.org", consent="on", shown_at=form_token(time.time() - 30))
    visitor.post(form["action"], data, **SAME_ORIGIN)
    forged = {**data, "email": "andere@example.org", "source": "/berichte/?ref=fremder-text"}
    forged["shown_at"] = form_token(time.time() - 30)
    visitor.post(form["action"], forged, **SAME_ORIGIN)
    assert dict(Subscriber.objects.values_list("email", "source_url")) == {
        "leser@example.org": "http://testserver/berichte/?page=1&year=2024",
        "andere@example.org": "http://testserver/berichte/",
    }


@pytest.mark.parametrize("page_cache", [300, 0])
def test_a_host_the_site_does_not_serve_gets_a_400(client, home, settings, page_cache):
    """With the page cache off its request never reads the site frame, which the middleware
    still closes."""
    settings.PAGE_CACHE_SECONDS = page_cache
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_a_404_links_nowhere_but_this_site(client, home):
    response = client.get("/%2F/evil.example/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    links = [
        tag.get("href") or tag.get("content", "") for tag in soup.select("[href], meta[content]")
    ]
    assert not [link for link in links if link.startswith("//") or "//evil" in link]


@pytest.mark.parametrize(
    "address",
    ["/mitmachen/spenden/danke/", "/newsletter/bestaetigen/ungueltig/"],
)
def test_pages_about_one_visitor_are_never_cached(client, home, address):
    client.get(address)
    response = client.get(address)
    assert response.get("X-Page-Cache") != "hit"
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_the_first_visit_after_a_change_already_fills_the_cache(client, seed_report):
    cache.clear()  # as after a flush or eviction: no versions at all
    client.get(seed_report.url)
    assert client.get(seed_report.url)["X-Page-Cache"] == "hit"


def test_a_cached_page_tells_proxies_how_long_to_keep_it(client, seed_report, settings):
    client.get(seed_report.url)
    cached = client.get(seed_report.url)
    assert set(cached["Cache-Control"].split(", ")) == {
        "public",
        "max-age=0",  # a browser asks again every time …
        f"s-maxage={settings.PAGE_CACHE_SECONDS}",  # … a CDN in front keeps it (purged on publish)
    }
    assert "Cookie" in cached["Vary"]  # never an anonymous copy for a signed-in editor
    editor = Client()
    editor.force_login(apps.get_model("auth.User").objects.create_user("r", is_staff=True))
    assert "private" in editor.get(seed_report.url)["Cache-Control"]


class CacheCalls:
    """The cache's methods, counted as they are called from outside (the local-memory cache's
    get_many calls its own get: one round trip to Redis)."""

    def __init__(self, monkeypatch):
        self.calls = []
        self.inside = False
        backend = caches["default"]
        for name in ("get", "get_many", "set", "set_many", "add", "get_or_set", "incr"):
            monkeypatch.setattr(backend, name, self.counting(name, getattr(backend, name)))

    def counting(self, name, method):
        def counted(*args, **kwargs):
            if self.inside:
                return method(*args, **kwargs)
            self.calls.append(name)
            self.inside = True
            try:
                return method(*args, **kwargs)
            finally:
                self.inside = False

        return counted


def test_a_hit_reads_the_cache_once_and_a_render_the_frame_once(client, seed_report, monkeypatch):
    url = seed_report.url
    client.get(url)
    calls = CacheCalls(monkeypatch)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert calls.calls == ["get_many"]

    calls.calls.clear()
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url)  # the site frame is kept meanwhile
    # The site frame (menu, settings, the site, its 30 links to the guide and the tracker) in one
    # read, and nothing else read from the cache.
    assert [call for call in calls.calls if call.startswith("get")] == ["get_many"]


# A page of each type that says what it shows besides its own content, with pages of other such
# types that show it (so that the check below has something to find).
THIRD_PLACES = "beispiel-dritte-orte-vernetzung"  # a report, and the event it came from
EDITS = [
    (
        ReportPage,
        "beispiel-dritte-orte-vernetzung",
        ["/veranstaltungen/beispiel-dritte-orte-vernetzung/"],
    ),
    (EventPage, "werkstattgespraech-fortsetzung", [f"/berichte/{SEED_SLUG}/"]),
    (InitiativePage, INITIATIVE, [f"/berichte/{SEED_SLUG}/"]),
    (FundingProgrammePage, "klimaschutz-kleinprojekte", []),
    (PlacePage, "stadtbibliothek", []),
    (ActivityPage, ACTIVITY, []),
    (ManufakturPage, MANUFAKTUR, []),
]


def test_publishing_renews_every_page_that_shows_it(client, home):
    """Each page type that says what it shows is edited in turn: every page served from the
    cache afterwards must be the page as rendered anew."""
    declared = {model for model in apps.get_models() if hasattr(model, "shows_page_types")}
    assert declared == {model for model, _slug, _shown_on in EDITS}
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [urlsplit(location).path for location in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(paths) > 50
    before = {path: client.get(path).content for path in paths}

    def fresh(path):
        with override_settings(PAGE_CACHE_SECONDS=0):
            return client.get(path).content

    for model, slug, shown_on in EDITS:
        page = model.objects.get(slug=slug)
        revision = page.get_latest_revision_as_object()
        revision.title = f"{page.title} (geändert)"
        revision.save_revision().publish()
        for path in shown_on:
            assert fresh(path) != before[path], f"{path} does not show {page.title}"
        for path in paths:
            served = client.get(path)
            if served.get("X-Page-Cache") == "hit":
                assert served.content == fresh(path), f"{path} still shows {page.title}"
        assert revision.title in client.get(revision.url).content.decode()


def test_publishing_a_report_leaves_unrelated_pages_warm(client, seed_report, report_index):
    other_report = report_index.get_children().live().exclude(pk=seed_report.pk).first()
    programme = FundingProgrammePage.objects.live().first()
    for page in (seed_report, other_report, programme):
        client.get(page.url)
    revision = other_report.get_latest_revision_as_object()
    revision.title = "Ein anderer Titel"
    revision.save_revision().publish()
    assert client.get(seed_report.url)["X-Page-Cache"] == "hit"
    assert client.get(programme.url)["X-Page-Cache"] == "hit"
    assert client.get(other_report.url)["X-Page-Cache"] == "miss"
    assert client.get(report_index.url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("change", ["site settings", "menu page"])
def test_a_change_to_the_site_frame_renews_every_page(client, seed_report, site_settings, change):
    programme = FundingProgrammePage.objects.live().first()
    for page in (seed_report, programme):
        client.get(page.url)
    if change == "site settings":
        site_settings.funders = "Gefördert von allen"
        site_settings.save()
    else:
        menu_page = seed_report.get_parent().specific
        menu_page.title = "Alle Berichte"
        menu_page.save_revision().publish()
    for page in (seed_report, programme):
        assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, seed_report):
    client.get(seed_report.url)
    PageViewRestriction.objects.create(
        page=seed_report, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    response = client.get(seed_report.url)
    assert response.get("X-Page-Cache") != "hit"
    assert seed_report.title not in response.content.decode()


def test_editors_review_the_draft_and_visitors_keep_the_live_page(client, seed_report):
    """Wagtail's preview, revision, moderation and "view draft" views render a made-up request
    with the editor's cookies through the middleware: the cache must not answer it."""
    about = german(ContentPage.objects).get(slug=ABOUT)
    editor = Client()
    user = get_user_model().objects.create_superuser("pruefer", "pruefer@example.org", "pw")
    sign_in(editor, user)
    live_titles = {seed_report.url: seed_report.title, about.url: about.title}
    for page in (seed_report, about):
        client.get(page.url)
        editor.get(page.url)
        assert client.get(page.url)["X-Page-Cache"] == "hit"

    draft = seed_report.get_latest_revision_as_object()
    draft.title = "Entwurf zur Prüfung"
    revision = draft.save_revision(user=user)
    workflow_state = Workflow.objects.get(name="Moderators approval").start(seed_report, user)
    task = workflow_state.current_task_state.task
    reviewed = {
        "view draft": reverse("wagtailadmin_pages:view_draft", args=[seed_report.pk]),
        "revision": reverse(
            "wagtailadmin_pages:revisions_view", args=[seed_report.pk, revision.pk]
        ),
        "moderation": reverse(
            "wagtailadmin_pages:workflow_preview", args=[seed_report.pk, task.pk]
        ),
    }
    for name, address in reviewed.items():
        html = editor.get(address).content.decode()
        assert "Entwurf zur Prüfung" in html, name

    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[about.pk])
    form = nested_form_data(
        {"title": "Über MIN, Entwurf", "slug": about.slug, "intro": "", "body": streamfield([])}
    )
    assert editor.post(preview, {**form, "comments-TOTAL_FORMS": 0}).json()["is_valid"]
    assert "Über MIN, Entwurf" in editor.get(preview).content.decode()

    for address, live_title in live_titles.items():
        for visitor in (client, editor):
            html = visitor.get(address).content.decode()
            assert live_title in html and "Entwurf" not in html
    assert client.get(seed_report.url)["X-Page-Cache"] == "hit"  # nothing stored from a draft


@contextmanager
def refusing_writes(server):
    """Redis at its memory limit: it refuses every write and still serves reads and deletes."""
    before = server.config_get("maxmemory*")
    server.config_set("maxmemory-policy", "noeviction")
    server.config_set("maxmemory", 1)
    try:
        yield
    finally:
        server.config_set("maxmemory", before["maxmemory"])
        server.config_set("maxmemory-policy", before["maxmemory-policy"])


@pytest.mark.parametrize("change", ["publish", "section made private"])
def test_a_change_whose_new_versions_cannot_be_written_ends_the_old_entries(
    client, seed_report, redis_cache, change, django_capture_on_commit_callbacks
):
    client.get(seed_report.url)
    assert client.get(seed_report.url)["X-Page-Cache"] == "hit"
    with refusing_writes(redis_cache), django_capture_on_commit_callbacks(execute=True):
        if change == "publish":
            revision = seed_report.get_latest_revision_as_object()
            revision.title = "Werkstattgespräch, überarbeitet"
            revision.save_revision().publish()
        else:
            PageViewRestriction.objects.create(
                page=seed_report, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )
    response = client.get(seed_report.url)
    assert response.get("X-Page-Cache") != "hit"
    html = response.content.decode()
    if change == "publish":
        assert "Werkstattgespräch, überarbeitet" in html
    else:
        assert seed_report.title not in html


def test_a_registration_renews_the_page_of_its_event(client, event_index):
    """Registration says it shows on its event (shown_on_pages): the seats left change."""
    event = make_event(event_index, "Mit Anmeldung", registration_required=True, capacity=5)
    client.get(event.url)
    assert client.get(event.url)["X-Page-Cache"] == "hit"
    register(event, {"name": "Anna", "email": "anna@example.org"})
    assert client.get(event.url)["X-Page-Cache"] == "miss"
