from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Responsibility guide")

    def ready(self):
        from organisations.models import Organisation

        from .models import department_url

        # Organisations link to their department page without knowing the guide.
        Organisation.department_page_url = department_url
