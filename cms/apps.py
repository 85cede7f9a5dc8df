from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared front end: base templates, static files, blocks and template tags."""

    name = "cms"
    verbose_name = "MIN"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
