from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


def configured_address():
    """The Site fields for the one configured public address (WAGTAILADMIN_BASE_URL)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    return {"hostname": address.hostname, "port": port}


def use_configured_address(**kwargs):
    """The default Site takes the configured public address, so that links in mails, feeds and
    the sitemap name the address visitors use, whatever host and port the server runs on."""
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(**configured_address())


class CmsConfig(AppConfig):
    """Shared front end: base templates, static files, blocks and template tags."""

    name = "cms"
    verbose_name = "MIN"

    def ready(self):
        from wagtail.models import Page

        # Modules whose receivers must be connected: the login's known addresses, the watch
        # over running tasks.
        from . import admin_forms, tasks  # noqa: F401
        from .cache.versions import connect_signals
        from .pages import view_restrictions
        from .translations import url_parts

        connect_signals()
        Page.get_view_restrictions = view_restrictions
        Page.get_url_parts = url_parts
        post_migrate.connect(use_configured_address, sender=self)
