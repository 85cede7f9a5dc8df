"""Caching of what visitors see: whole pages for anonymous visitors, and the site frame's
lookups (menu, footer form) for every page.

Every cached value is stored under the current *content version*, a number in the cache that any
change visitors could see raises: publishing, unpublishing, moving or deleting a page, saving a
site setting, a snippet a page shows (organisations, challenges), an image or document, or an
event registration (seats left). Raising it makes every older entry unreachable at once; they
expire on their own. The site changes rarely and reads often, so this coarse rule keeps
invalidation simple and always right.

A cached page holds nothing that belongs to one visitor: it is byte for byte the same for all,
so a CDN could serve it too. Its forms carry no CSRF token (cms.views.serve checks the origin
instead) and get their signed "shown at" time from an uncached request (cms.forms); a page that
used a visitor's CSRF token or sets a cookie is not stored. Its key holds only the query
parameters that pages read (PAGE_PARAMETERS), so "?utm_source=…" and other noise share the
page's one entry instead of filling the cache with copies.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "content-version"

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


def content_version():
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def new_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set (yet, or evicted): any new number will do
        cache.set(VERSION_KEY, 2, timeout=None)


def shown_on_pages(model):
    if issubclass(model, AbstractRendition):
        return False  # made on first view of an image; the image itself counts
    return (
        issubclass(model, (Page, Site, BaseSiteSetting, AbstractImage, AbstractDocument))
        or model._meta.label in settings.RECORDS_SHOWN_ON_PAGES
    )


def record_changed(sender, **kwargs):
    if shown_on_pages(sender):
        new_content_version()


def connect_signals():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(new_content_version, dispatch_uid=f"cms.cache.{id(signal)}")
    post_save.connect(record_changed, dispatch_uid="cms.cache.post_save")
    post_delete.connect(record_changed, dispatch_uid="cms.cache.post_delete")


def remember(name, compute, timeout=None):
    """compute(), kept until the content changes (or timeout seconds)."""
    key = f"{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 300)
    return value


class PageCacheMiddleware:
    """Serves anonymous GET requests from the cache. A response is stored when it is a plain
    200 HTML page that says nothing against it (no Cache-Control private/no-cache/no-store, no
    cookie, no CSRF token used); views that show a visitor's own data say never_cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.key(request)
        cached = cache.get(key)
        if cached is not None:
            return self.from_cache(cached)
        response = self.get_response(request)
        if self.storable(request, response):
            cache.set(key, self.to_cache(response), settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def key(request):
        used = sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name in PAGE_PARAMETERS
            for value in values
        )
        query = f"?{urlencode(used)}" if used else ""
        return f"page:{content_version()}:{request.get_host()}:{request.path}{query}"

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
    def to_cache(response):
        # The rest (security headers) the middleware around this one adds to each answer anew.
        kept = ("Content-Type", "Content-Language")
        headers = {name: response[name] for name in kept if name in response}
        return {"content": response.content, "headers": headers}

    @staticmethod
    def from_cache(cached):
        response = HttpResponse(cached["content"])
        for name, value in cached["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
