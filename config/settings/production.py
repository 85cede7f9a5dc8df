"""Production: everything secret or site-specific comes from the environment (see README)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# The public address: every absolute link (mails, feeds, the sitemap, the admin's) is made from it.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be set to the site's public address.")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", ",".join(f"https://{host}" for host in ALLOWED_HOSTS)
)

# TLS ends at the reverse proxy, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer asks over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow same-origin framing themselves.

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "renditions": {
            "BACKEND": "cms.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "renditions",
        },
    }

# Media on S3-compatible object storage (pip install ".[s3]"), for more than one app server.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = False  # images and documents are public
    AWS_S3_FILE_OVERWRITE = False

# A CDN or caching proxy in front: Wagtail purges a page's addresses when it is published.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_ZONEID"):
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }

# Background work (emails, newsletter sending) goes into a queue in the database, which
# `manage.py db_worker` processes (dev and tests run tasks at once).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Every ANYMAIL_<NAME> variable becomes ANYMAIL["<NAME>"], e.g. ANYMAIL_BREVO_API_KEY.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
# The provider's tracking webhooks (bounces, complaints) unsubscribe addresses: they must be
# authenticated. EMAIL_TRACKING=false leaves them unserved for a provider without webhooks.
EMAIL_TRACKING = os.environ.get("EMAIL_TRACKING", "true").lower() == "true"
EMAIL_TRACKING_PROVIDER = os.environ.get("EMAIL_TRACKING_PROVIDER") or None
if EMAIL_TRACKING and not ANYMAIL.get("WEBHOOK_SECRET"):
    raise ImproperlyConfigured(
        "ANYMAIL_WEBHOOK_SECRET must be set (user:password for the provider's tracking "
        "webhook), or EMAIL_TRACKING=false."
    )
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# One JSON object per line, nothing about a person in it (cms/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "cms.logging.NoPersonalData"}},
    "formatters": {
        "json": {
            "()": "cms.logging.AllowedFieldsFormatter",
            "fmt": ["asctime", "levelname", "name", "message"],
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
