from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from anymail.signals import tracking

        from .tracking import handle_tracking

        tracking.connect(handle_tracking, dispatch_uid="newsletter.handle_tracking")
