"""Settings shared by every environment; dev, test and production override what differs."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
# The shared library holds the site-wide templates, static files and the German catalog.
PROJECT_DIR = BASE_DIR / "cms"

INSTALLED_APPS = [
    "csp",
    # The shared library, then the apps from the ground floor up.
    "cms",
    "organisations",
    "challenges",
    "reports",
    "guide",
    "network",
    "events",
    "funding",
    "places",
    "questionnaires",
    "newsletter",
    "donations",
    "books",
    "accounts",
    "home",
    "demo",
    # The open data API (cms/api.py); JSON only: without rest_framework installed, no
    # browsable pages and none of its translations over Django's.
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    # Two-factor sign-in (accounts/two_factor.py) with django-otp's TOTP devices.
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Translations of pages (cms/translations.py): "Translate" in the page's menu, the
    # languages' management.
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the middleware a cached page does not need (sessions, language, CSRF), inside
    # every one that adds headers, so that pages from the cache get them too.
    "cms.cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin asks for the second factor: of everyone who set one up, and of groups that
    # must (Office and Finance, by migration) and superusers, who set one up first. Before
    # the second step, a session counts as signed out everywhere else.
    "django_otp.middleware.OTPMiddleware",
    # … and a partner's account reaches its own work in the admin and nothing else.
    "accounts.middleware.SignInMiddleware",
    "cms.cache.middleware.SignedInFromCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
    {
        # Plain-text emails and their subjects: no HTML escaping ("Müller & Co", not "&amp;").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# SQLite for a first look; DATABASE_URL (PostgreSQL) for tests, CI and production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first: unprefixed URLs are German, /en/ serves the English interface.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Pages may be translated (cms/translations.py): German pages are the site, an English
# translation takes a page's place in the English interface.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", BASE_DIR / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor posts many fields for pages with long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Münchner Initiative Nachhaltigkeit"
# Addresses people can type and share: "mobilitaet", not "mobilität".
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin makes no requests to other hosts: no release check, no Gravatar (which would send
# a hash of each editor's email address to a third party).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Two-factor sign-in (see MIDDLEWARE); the authenticator app names the account "MIN".
TWO_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "MIN"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "cms.search",
        # Stemming for German words on PostgreSQL ("Quartiere" finds "Quartier").
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Renditions of report images as WebP, the smallest format every current browser shows.
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "jpeg": "webp", "png": "webp", "gif": "webp"}

# Pages and the site frame in "default"; Wagtail's image renditions in a cache of their own,
# so that many images neither crowd pages out nor add reads to a page's one frame read.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# How long anonymous visitors get a rendered page from the cache (cms/cache/); any change
# to the content ends it earlier. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Spam defence of every public form (cms/forms.py).
FORM_MIN_FILL_SECONDS = 3
FORM_MAX_AGE_SECONDS = 24 * 3600
FORM_RATE_LIMIT = 10  # submissions of one kind of form per visitor address …
FORM_RATE_LIMIT_WINDOW = 600  # … within this many seconds
EVENT_REGISTRATIONS_PER_CLIENT = 3  # people one visitor address (IPv6: /64) registers per event …
EVENT_REGISTRATION_CLIENT_WINDOW = 30 * 24 * 3600  # … within this many seconds
# The admin's login (accounts/forms.py): failed attempts per address, or per user name at one
# address …
LOGIN_FAILURE_LIMIT = 5
# … per user name from all addresses together: then a new address signs in by a link sent by
# email (valid SIGN_IN_LINK_SECONDS), one where that person signed in before as always …
LOGIN_ACCOUNT_FAILURE_LIMIT = 50
LOGIN_FAILURE_WINDOW = 900  # … within this many seconds
SIGN_IN_LINK_SECONDS = 900
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.RateLimitedLoginForm"
# Password reset mails per account and per visitor address …
PASSWORD_RESET_LIMIT = 3
PASSWORD_RESET_WINDOW = 3600  # … within this many seconds
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.RateLimitedPasswordResetForm"  # noqa: S105
# How many reverse proxies in front of the site append to X-Forwarded-For; 0 uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Whether the email provider's tracking webhook is served at /anymail/<provider>/tracking/
# (production requires ANYMAIL_WEBHOOK_SECRET for it), and for which provider (anymail's name,
# e.g. "brevo"; None: the one EMAIL_BACKEND sends through).
EMAIL_TRACKING = True
EMAIL_TRACKING_PROVIDER = None
# A mail the provider refuses is tried again, this many times in all (cms.emails.mail_task).
MAIL_ATTEMPTS = 6
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MIN <noreply@m-i-n.net>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Another address for Stripe's API (the tests' local server); empty means Stripe itself.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")

# Newsletter sending: recipients per provider call, and how the provider writes a per-recipient
# merge field in the content (Brevo: {{ params.name }}; see anymail's page on your provider).
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "500"))
NEWSLETTER_MERGE_FIELD = os.environ.get("NEWSLETTER_MERGE_FIELD", "{{{{ params.{} }}}}")
# A sending whose runner has shown no life (after each provider call or message) for this many
# seconds is taken to have died, and is taken over (newsletter/sending.py).
NEWSLETTER_RUNNER_TIMEOUT = int(os.environ.get("NEWSLETTER_RUNNER_TIMEOUT", "120"))

# Content-Security-Policy (django-csp): the public pages use only the site's own files, no inline
# script or style. Forms may lead on to Stripe (Checkout, the customer portal). The admin is left
# out: Wagtail's editing interface relies on inline styles.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
    },
}
# Browser features no page needs.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# A task claimed this long ago whose worker holds no lock on it has lost its worker
# (cms.tasks.requeue_stalled_tasks).
TASK_CLAIM_SECONDS = 60
# What the scheduler service (manage.py scheduler) enqueues, and when (cron syntax, local time).
# A partner's event proposal is published when the Office approves it (cms/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_approved"

PERIODIC_TASKS = {
    "cms.tasks.publish_scheduled_pages": "*/5 * * * *",
    "cms.tasks.purge_personal_data": "30 3 * * *",
    "cms.tasks.prune_task_results": "45 3 * * *",
    "cms.tasks.requeue_stalled_tasks": "* * * * *",
    "books.tasks.issue_last_years_receipts": "0 6 15 1 *",
    "newsletter.tasks.start_scheduled_sendings": "* * * * *",
    "events.tasks.remind_registrants": "*/10 * * * *",
}

# Personal data (cms/privacy.py): each app's description, and how long records are kept.
PERSONAL_DATA = [
    "newsletter.privacy.NewsletterData",
    "network.privacy.NetworkData",
    "events.privacy.EventData",
    "books.privacy.DonationData",
    "questionnaires.privacy.QuestionnaireData",
]
DECIDED_SUBMISSION_RETENTION_DAYS = int(os.environ.get("DECIDED_SUBMISSION_RETENTION_DAYS", "365"))
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "90"))
