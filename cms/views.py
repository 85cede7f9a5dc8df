"""Request handling the whole public site shares."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as serve_file
from wagtail import views as wagtail_views

from .forms import form_token
from .translations import route


@never_cache
@require_GET
def form_token_view(request):
    """The one per-visitor value a public form needs, fetched by static/js/site.js: cached
    pages are the same for every visitor, so they cannot carry it."""
    return JsonResponse({"shown_at": form_token()})


@never_cache
@require_GET
def health_view(request):
    """For the load balancer: 200 when the database and the cache answer, else 503 naming
    what failed (and nothing about anyone)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        cache.set("health", 1, 10)
        checks["cache"] = "ok" if cache.get("health") == 1 else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


@require_safe
def image_file_view(request, path):
    """An image file or rendition from the media folder, where the images live on this
    machine's disk (compose's media volume) rather than in a bucket: no proxy in front needs
    to know the folder. Only images: documents go through Wagtail's view, which checks their
    privacy. A rendition's name changes with its source and crop, so browsers may keep it."""
    response = serve_file(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=604800"
    return response


def same_origin(request):
    """Whether a request comes from the site's own pages, as the browser tells: modern ones
    send Sec-Fetch-Site, older ones Origin; a request with neither came from no browser, so no
    visitor's browser can have been made to send it."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    scheme = "https" if request.is_secure() else "http"
    return origin in (f"{scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS)


def posts_from_own_pages_only(view):
    """Wagtail's page view for the public site. Its forms are anonymous (a newsletter sign-up,
    a donation, an application) and its pages are cached whole for every visitor, so they carry
    no CSRF token: posts from other sites are refused by their browser's origin headers instead
    (the same defence as Django's token, without a per-visitor value in the page)."""

    @csrf_exempt
    @wraps(view)
    def serve(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(request):
            return HttpResponseForbidden("Forms of this site can only be sent from its pages.")
        return view(request, *args, **kwargs)

    return serve


def serve_page(request, path):
    """Wagtail's page view, with the site's own route (cms.translations): the German page
    tree, and in another interface language the page's translation where there is one."""
    request._wagtail_route_for_request = route(request, path)
    return wagtail_views.serve(request, path)


serve = posts_from_own_pages_only(serve_page)


# What the open data API (cms/api.py) offers, with an example address of each endpoint.
OPEN_DATA = [
    (gettext_lazy("Workshop reports"), "/api/v2/pages/?type=reports.ReportPage&fields=*"),
    (gettext_lazy("Challenges and their history"), "/api/v2/challenges/"),
    (gettext_lazy("Organisations"), "/api/v2/organisations/"),
    (gettext_lazy("City departments and what they decide"), "/api/v2/departments/"),
    (gettext_lazy("Events"), "/api/v2/pages/?type=events.EventPage&fields=*"),
    (
        gettext_lazy("Funding programmes"),
        "/api/v2/pages/?type=funding.FundingProgrammePage&fields=*",
    ),
]


@require_safe
def open_data_view(request):
    """The API's documentation page for partners and the city."""
    return render(request, "cms/open_data.html", {"endpoints": OPEN_DATA})
