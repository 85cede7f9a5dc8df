from .base import *

DEBUG = True
SECRET_KEY = "dev-only-not-secret-7f3c1a9e"  # noqa: S105 - development settings only
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The development admin (admin/admin) signs in without an authenticator app.
TWO_FACTOR_REQUIRED = False
