"""Caching of what visitors see: whole pages for anonymous visitors, and the site frame's
lookups (menu, addresses of the one-of-a-kind pages, the participation section) for every page.

Entries are checked against *versions*: tokens in the cache that a change replaces, which makes
every entry built under the old token unreachable at once (it expires on its own).
- The frame version: anything any page may show. The site frame (a page in the menu, a setting,
  the site), the page tree (a page unpublished, moved, renamed or deleted), the records pages
  show (organisations, challenges, tags: RECORDS_SHOWN_ON_PAGES), images and documents.
  Raising it ends every entry.
- The listing version: a page published anywhere. Pages that list others (home, indexes, the
  tracker, search) depend on it, as does every page type that does not say what it shows.
- A page's own version, per address, and the version of each page type: a page type that
  declares `shows_page_types` (a report shows its follow-up event) depends only on its own
  address, the frame and those types. Publishing a report so leaves another report and a funding
  programme warm.
A change raises its versions twice: at once, and when its transaction commits, so that nothing
rendered from the data before the commit is kept under the new token.

A cached page holds nothing that belongs to one visitor: it is byte for byte the same for all,
so a CDN could serve it too (Cache-Control says for how long; Wagtail's frontend cache purge
tells it of each publish). Its forms carry no CSRF token (cms.views.serve checks the origin
instead) and get their signed "shown at" time from an uncached request (cms.forms); a page that
used a visitor's CSRF token or sets a cookie is not stored. Its key holds only the query
parameters that pages read (PAGE_PARAMETERS), so "?utm_source=…" and other noise share the
page's one entry instead of filling the cache with copies.

A cache hit costs one round trip (one MGET of the entry and the versions it may depend on); a
rendered page reads the frame in one more, and keeps it for the request.
"""

import logging
import uuid
from contextvars import ContextVar
from functools import cache as once
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

FRAME_VERSION = "version:frame"
LISTING_VERSION = "version:listing"
FRAME = "frame"

# Every query parameter a public page reads (filters, pagination, search, Stripe's return);
# tests/cms/test_page_cache.py checks that the code reads no other.
PAGE_PARAMETERS = frozenset(
    {
        "abgebrochen",
        "challenge",
        "district",
        "kind",
        "month",
        "offer",
        "open",
        "page",
        "platz",
        "q",
        "spende",
        "status",
        "topic",
        "year",
    }
)


def page_query(query, **changes):
    """The query string ("?…", or "") of the parameters pages read (PAGE_PARAMETERS) in this
    QueryDict, with changes (None drops a parameter): all that a cache key, a link or a hidden
    field may take from a request. The rest ("?ref=…", "?utm_source=…") belongs to the one
    visitor who came with it, and a cached page would hand it to everyone."""
    values = {name: query.getlist(name) for name in PAGE_PARAMETERS if name in query}
    for name, value in changes.items():
        values[name] = [] if value is None else [value]
    pairs = sorted((name, value) for name, listed in values.items() for value in listed)
    return f"?{urlencode(pairs)}" if pairs else ""


def local_path(path):
    """A path as a link on this site: a 404 under "/%2F/evil.example/" has the path
    "///evil.example/", which a browser would follow to another host."""
    return "/" + escape_uri_path(path).lstrip("/")


def page_address(request):
    """Where on this site the visitor is: the path and the parameters pages read."""
    return local_path(request.path) + page_query(request.GET)


# Headers a cached page is served with again; the middleware around this one adds the rest
# (security headers) to each answer anew.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary", "Cache-Control")


def safely(call, *args, default=None, **kwargs):
    """A cache call that cannot take the site down: while the cache is unreachable pages are
    rendered every time (and the health check says so)."""
    try:
        return call(*args, **kwargs)
    except Exception:
        logger.warning("The cache is unavailable.", exc_info=True)
        return default


def type_version(label):
    return f"version:type:{label}"


def address_version(path):
    return f"version:address:{path}"


@once
def declared_types():
    """The page types some page type shows besides itself (a hit reads all their versions)."""
    return sorted(
        {label for model in apps.get_models() for label in getattr(model, "shows_page_types", ())}
    )


def new_versions(keys):
    """New tokens for these versions, now and once the change is committed. A token that
    cannot be written is deleted instead (a Redis at its memory limit refuses writes but
    serves reads and deletes): otherwise every entry built under the old one, the frame's "no
    section is private" among them, would be served again. While the cache is unreachable an
    editor can still publish: its old entries end within PAGE_CACHE_SECONDS."""

    def replace():
        try:
            failed = cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
        except Exception:
            logger.warning("New cache versions could not be written.", exc_info=True)
            failed = keys
        if failed:
            safely(cache.delete_many, failed)

    replace()
    transaction.on_commit(replace)


def frame_changed(**kwargs):
    new_versions([FRAME_VERSION])


def page_changed(page):
    """A page's own addresses, its type and every listing; the frame when the page is in the
    menu's level (the home page and its children)."""
    if page.depth <= 3:
        frame_changed()
        return
    page = page.specific_deferred
    new_versions(
        [
            LISTING_VERSION,
            type_version(page._meta.label),
            *(address_version(path) for path in addresses(page)),
        ]
    )


def addresses(page):
    """The page's paths in every interface language (German unprefixed, English at /en/)."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return []
    path = url_parts[2]
    return [
        path if code == settings.LANGUAGE_CODE else f"/{code}{path}"
        for code, _name in settings.LANGUAGES
    ]


def saved(sender, instance, update_fields=None, **kwargs):
    if issubclass(sender, Page):
        # Drafts save only their revision fields; a live page saved whole (a publish, which
        # saves the page whole, a copy, a script) changes what visitors see.
        if update_fields is None and instance.live:
            page_changed(instance)
    else:
        record_changed(sender, instance)


def deleted(sender, instance, **kwargs):
    if issubclass(sender, Page):
        frame_changed()
    else:
        record_changed(sender, instance)


def record_changed(sender, instance):
    if issubclass(sender, AbstractRendition):
        return  # made on first view of an image; the image itself counts
    if issubclass(sender, (Site, BaseSiteSetting, AbstractImage, AbstractDocument)):
        frame_changed()
    elif sender._meta.label in settings.RECORDS_SHOWN_ON_PAGES:
        shown_on = settings.RECORDS_SHOWN_ON_PAGES[sender._meta.label]
        if shown_on is None:
            frame_changed()
        else:
            page_changed(getattr(instance, shown_on))


def connect_signals():
    for signal in (page_unpublished, post_page_move, page_slug_changed):
        signal.connect(frame_changed, dispatch_uid=f"cms.cache.{id(signal)}")
    post_save.connect(saved, dispatch_uid="cms.cache.post_save")
    post_delete.connect(deleted, dispatch_uid="cms.cache.post_delete")


def current_versions(names, loaded):
    """The versions as read before the page was rendered; those missing (new, or evicted) are
    set now, and the entry is stored under them."""
    versions = {name: loaded.get(name) for name in names}
    missing = [name for name, value in versions.items() if value is None]
    if missing:
        for name in missing:
            safely(cache.add, name, uuid.uuid4().hex, timeout=None)
        versions.update(safely(cache.get_many, missing, default={}))
    return versions


class SiteFrame:
    """The site frame's lookups under the current frame version, read in one round trip when
    first needed and kept for the request; stored again if the request added to them."""

    def __init__(self):
        self.values = None
        self.changed = False

    def load(self):
        loaded = safely(cache.get_many, [FRAME_VERSION, FRAME])
        if loaded is None:
            self.values, self.version = {}, None
            return
        self.version = current_versions([FRAME_VERSION], loaded)[FRAME_VERSION]
        stored = loaded.get(FRAME)
        fresh = stored is not None and stored["version"] == self.version
        self.values = stored["values"] if fresh else {}

    def remember(self, name, compute):
        if self.values is None:
            self.load()
        if name not in self.values:
            self.values[name] = compute()
            self.changed = True
        return self.values[name]

    def save(self):
        if self.changed and self.version is not None:
            entry = {"version": self.version, "values": self.values}
            safely(cache.set, FRAME, entry, settings.PAGE_CACHE_SECONDS or 300)


current_frame = ContextVar("current_frame", default=None)


def remember(name, compute):
    """compute(), kept until the site frame changes (or PAGE_CACHE_SECONDS): for lookups every
    page makes, such as the menu or the address of the guide. Within a request each name is
    computed or read once."""
    frame = current_frame.get()
    if frame is not None:
        return frame.remember(name, compute)
    frame = SiteFrame()
    value = frame.remember(name, compute)
    frame.save()
    return value


class PageCacheMiddleware:
    """Serves anonymous GET requests from the cache, and gives every request its site frame.

    A response is stored when it is a plain 200 HTML page that says nothing against it (no
    Cache-Control private/no-cache/no-store, no cookie, no CSRF token used); views that show a
    visitor's own data say never_cache. It stands right after WhiteNoise: a hit needs none of
    the middleware below (sessions, language, CSRF), which the stored headers stand in for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        viewer = self.viewer(request)
        anonymous = viewer == "anonymous"
        loaded = None
        if viewer:
            key = self.key(request)
            wanted = [FRAME_VERSION, LISTING_VERSION, address_version(request.path)]
            wanted += [type_version(label) for label in declared_types()]
            loaded = safely(cache.get_many, [key, *wanted])
            cached = loaded.get(key) if loaded else None
            if cached is not None and all(
                loaded.get(name) == value for name, value in cached["versions"].items()
            ):
                if anonymous:
                    return self.from_cache(cached)
                request.page_from_cache = cached  # SignedInFromCacheMiddleware adds the userbar
        frame = SiteFrame()
        token = current_frame.set(frame)
        try:
            self.find_site(request)
            response = self.get_response(request)
        finally:
            current_frame.reset(token)
        frame.save()
        if not anonymous:
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            return response
        if loaded is not None and self.storable(request, response):
            seconds = settings.PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            patch_vary_headers(response, ["Cookie"])
            versions = current_versions(self.depends_on(request), loaded)
            if None not in versions.values():
                entry = self.to_cache(request, response, versions)
                safely(cache.set, key, entry, settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def find_site(request):
        """The request's Wagtail site with its home page, and the sites' addresses (for page
        links), from the site frame: Wagtail looks them up on every request."""
        try:
            host = request.get_host()  # a host not allowed gets its answer from Django
        except DisallowedHost:
            return

        def find():
            site = Site.find_for_request(request)
            if site is not None:
                site.root_page.specific  # noqa: B018 - fetched now, kept with the site
            return site

        request._wagtail_site = remember(f"site:{host}:{request.get_port()}", find)
        paths = remember("site-root-paths", lambda: safely(Site.get_site_root_paths))
        if paths is not None:
            request._wagtail_cached_site_root_paths = paths

    @staticmethod
    def viewer(request):
        """Who asks for a page the cache may answer: "anonymous" (served from it, or stored),
        "signed in" (someone with a session, an editor: the cached page with their userbar),
        or None (page cache off, a form sent, a message to show, or a request Wagtail made up:
        preview, a revision, moderation and "view draft" render a draft through the middleware
        with the editor's cookies, and must show that draft, never the live page's entry)."""
        if (
            not settings.PAGE_CACHE_SECONDS
            or getattr(request, "is_dummy", False)
            or request.method not in ("GET", "HEAD")
            or "messages" in request.COOKIES
        ):
            return None
        return "signed in" if settings.SESSION_COOKIE_NAME in request.COOKIES else "anonymous"

    @staticmethod
    def key(request):
        return f"page:{request.get_host()}:{request.path}{page_query(request.GET)}"

    @staticmethod
    def depends_on(request):
        """The versions a page's entry is checked against: those of its address and of the
        page types it shows for a page served at its own address whose type says what it shows;
        the listing version for anything else (listings, subpages, other views)."""
        route = getattr(request, "_wagtail_route_for_request", None)
        page, args, kwargs = route if route else (None, None, None)
        shows = getattr(page, "shows_page_types", None)
        if shows is None or args or kwargs:
            return [FRAME_VERSION, LISTING_VERSION]
        return [
            FRAME_VERSION,
            address_version(request.path),
            *(type_version(label) for label in shows),
        ]

    @staticmethod
    def storable(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # holds a visitor's token
        )

    @staticmethod
    def to_cache(request, response, versions):
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        route = getattr(request, "_wagtail_route_for_request", None)
        return {
            "content": response.content,
            "headers": headers,
            "versions": versions,
            "page": route[0].pk if route else None,
        }

    @staticmethod
    def from_cache(cached):
        response = HttpResponse(cached["content"])
        for name, value in cached["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


class SignedInFromCacheMiddleware:
    """A signed-in visitor's view of a public page that is in the page cache: the cached page
    with their userbar (the only part of a public page that depends on who looks), instead of
    rendering the page for each editor. Stands after the authentication middleware."""

    USERBAR_PLACE = b'<header class="site-header">'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cached = getattr(request, "page_from_cache", None)
        if cached is None or cached["page"] is None:
            return self.get_response(request)
        response = PageCacheMiddleware.from_cache(cached)
        del response["Cache-Control"]  # theirs alone (PageCacheMiddleware says private)
        if request.user.is_authenticated:
            page = Page.objects.filter(pk=cached["page"]).first()
            userbar = render_to_string(
                "cms/userbar.html", {"page": page and page.specific}, request=request
            )
            response.content = cached["content"].replace(
                self.USERBAR_PLACE, userbar.encode() + self.USERBAR_PLACE, 1
            )
        return response
