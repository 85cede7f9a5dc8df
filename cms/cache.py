"""Caching of what visitors see: whole pages for anonymous visitors, and the site frame's
lookups (menu, footer form) for every page.

Every cached value is stored under the current *content version*, a number in the cache that any
change visitors could see raises: publishing, unpublishing, moving or deleting a page, saving a
site setting, a snippet a page shows (organisations, challenges), an image or document, or an
event registration (seats left). Raising it makes every older entry unreachable at once; they
expire on their own. The site changes rarely and reads often, so this coarse rule keeps
invalidation simple and always right.

A cached page is stored without the per-visitor values in it (the CSRF token, the forms' signed
"shown at" time) and gets fresh ones on every hit, so its forms work for each visitor.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .forms import form_token

VERSION_KEY = "content-version"
# Records that pages display besides pages, settings, images and documents.
SHOWN_ON_PAGES = {
    "network.Organisation",
    "home.Challenge",
    "home.ChallengeNote",
    "events.Registration",
    "taggit.Tag",
}

CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
SHOWN_AT_INPUT = re.compile(r'(name="shown_at" value=")[^"]*(")')


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
        or model._meta.label in SHOWN_ON_PAGES
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
    200 HTML page that says nothing against it (no Cache-Control private/no-cache/no-store,
    no cookie but the CSRF one); views that show a visitor's own data say never_cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        key = f"page:{content_version()}:{request.get_host()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            return self.from_cache(request, cached)
        response = self.get_response(request)
        if self.storable(response):
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
    def storable(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        )

    @staticmethod
    def to_cache(response):
        content = response.content.decode(response.charset)
        content = CSRF_INPUT.sub(r"\1{{csrf}}\2", content)
        content = SHOWN_AT_INPUT.sub(r"\1{{shown_at}}\2", content)
        # The rest (security headers, cookies) the middleware adds to each answer anew.
        kept = ("Content-Type", "Content-Language")
        headers = {name: response[name] for name in kept if name in response}
        return {"content": content, "headers": headers}

    @staticmethod
    def from_cache(request, cached):
        content = cached["content"].replace("{{csrf}}", get_token(request))
        content = content.replace("{{shown_at}}", form_token())
        response = HttpResponse(content)
        for name, value in cached["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
