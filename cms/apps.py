from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


def use_configured_address(**kwargs):
    """The default Site takes the one configured public address (WAGTAILADMIN_BASE_URL), so
    that links in mails, feeds and the sitemap name the address visitors use, whatever host and
    port the server itself runs on."""
    from wagtail.models import Site

    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    Site.objects.filter(is_default_site=True).update(
        hostname=address.hostname, port=address.port or (443 if address.scheme == "https" else 80)
    )


class CmsConfig(AppConfig):
    """Shared front end: base templates, static files, blocks and template tags."""

    name = "cms"
    verbose_name = "MIN"

    def ready(self):
        from . import admin_forms  # noqa: F401 - connects the login's known-address receiver
        from .cache import connect_signals

        connect_signals()
        post_migrate.connect(use_configured_address, sender=self)
