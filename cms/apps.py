from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared front end: base templates, static files, blocks and template tags."""

    name = "cms"
    verbose_name = "MIN"

    def ready(self):
        from . import admin_forms  # noqa: F401 - connects the login's known-address receiver
        from .cache import connect_signals

        connect_signals()
