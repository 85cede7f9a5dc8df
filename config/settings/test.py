import os
import tempfile

from .base import *

# Uploads (the demo's images, their renditions) go to a folder of the test run, not media/;
# through the environment, so processes the tests start (workers, shots) find them too.
MEDIA_ROOT = os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="min-test-media-"))

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105 - test settings only
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# anymail's test backend records sent messages and their ESP parameters in mail.outbox.
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the apps' folders without collectstatic, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ANYMAIL = {"WEBHOOK_SECRET": "webhook-user:webhook-password"}
# Tests send through anymail's test backend and receive Brevo's tracking events.
EMAIL_TRACKING_PROVIDER = "brevo"
# Tests see each page rendered; tests/cms/test_page_cache.py turns the page cache on.
PAGE_CACHE_SECONDS = 0
# The tests' Stripe stand-in serves Checkout on loopback.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("http://127.0.0.1:*")
