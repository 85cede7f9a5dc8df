from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared front end: base templates, static files, blocks and template tags."""

    name = "cms"
    verbose_name = "MIN"

    def ready(self):
        from . import patches, signal_handlers

        patches.apply()
        signal_handlers.register_signal_handlers()
