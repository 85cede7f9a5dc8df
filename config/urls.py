from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.sign_in import sign_in_link_view
from cms.pages import PagesSitemap
from cms.views import form_token_view, health_view, image_file_view, open_data_view, serve
from config.api import api_router
from home.views import robots_txt, search
from newsletter.tracking import webhook_urls
from reports.feeds import ReportFeed

urlpatterns = [
    # The link mailed when an account's sign-in needs a second step (accounts.forms).
    path("admin/anmelden/<str:token>/", sign_in_link_view, name="sign_in_link"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PagesSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("feed/", ReportFeed(), name="report_feed"),
    path("formular/", form_token_view, name="form_token"),
    path("health/", health_view, name="health"),
    # The open data API (cms/api.py, endpoints in config/api.py), documented at /offene-daten/.
    path("api/v2/", api_router.urls),
    # Stripe's events (signed with STRIPE_WEBHOOK_SECRET): /stripe/webhook/.
    path("stripe/", include("donations.urls")),
]

if settings.EMAIL_TRACKING:
    # The email provider's tracking webhooks, e.g. /anymail/brevo/tracking/ (HTTP basic auth
    # with ANYMAIL_WEBHOOK_SECRET).
    urlpatterns.append(path("anymail/", include(webhook_urls())))

if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Images on this machine's disk, in production too (a bucket serves its own).
    urlpatterns.append(
        re_path(r"^media/(?P<path>(?:original_)?images/[^/]+)$", image_file_view, name="image_file")
    )

# German at /, the English interface at /en/ (the content itself is German).
urlpatterns += i18n_patterns(
    path("suche/", search, name="search"),
    path("offene-daten/", open_data_view, name="open_data"),
    path("newsletter/", include("newsletter.urls")),
    # The helpers' check-in list at an event's door (events/views.py).
    path("einlass/", include("events.urls")),
    # A donor's own page ("Spende verwalten", books/views.py), by a mailed link.
    path("spende-verwalten/", include("books.urls")),
    # Wagtail's own URLs (the password form and the login of private sections), then its page
    # view with posts from other sites refused (cms.views.serve), which would take any path.
    *[url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
    prefix_default_language=False,
)
