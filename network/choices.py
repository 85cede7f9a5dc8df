"""Fixed lists of the network's forms and records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", pgettext_lazy("sector", "Business")
    SCIENCE = "science", _("Science")
    OTHER = "other", _("Other")
