"""The page cache's middleware: anonymous pages from the cache, signed-in people's with their
userbar, and every request's site frame."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.models import Page, Site

from .frame import SiteFrame, current_frame, from_site_frame
from .parameters import page_query
from .versions import (
    FRAME_VERSION,
    LISTING_VERSION,
    address_version,
    cache_or_default,
    current_versions,
    declared_types,
    type_version,
)

# Headers a cached page is served with again; the middleware around this one adds the rest
# (security headers) to each answer anew.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary", "Cache-Control")


class PageCacheMiddleware:
    """Serves anonymous GET requests from the cache, and gives every request its site frame.

    A response is stored when it is a plain 200 HTML page that says nothing against it (no
    Cache-Control private/no-cache/no-store, no cookie, no CSRF token used); views that show a
    visitor's own data say never_cache. It stands right after WhiteNoise: a hit needs none of
    the middleware below (sessions, language, CSRF), which the stored headers stand in for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        audience = self.audience(request)
        anonymous = audience == "anonymous"
        loaded = None
        if audience:
            key = self.key(request)
            wanted = [FRAME_VERSION, LISTING_VERSION, address_version(request.path)]
            wanted += [type_version(label) for label in declared_types()]
            loaded = cache_or_default(cache.get_many, [key, *wanted])
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
                cache_or_default(cache.set, key, entry, settings.PAGE_CACHE_SECONDS)
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

        request._wagtail_site = from_site_frame(f"site:{host}:{request.get_port()}", find)
        paths = from_site_frame(
            "site-root-paths", lambda: cache_or_default(Site.get_site_root_paths)
        )
        if paths is not None:
            request._wagtail_cached_site_root_paths = paths

    @staticmethod
    def audience(request):
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
