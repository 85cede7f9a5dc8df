"""Fixed lists shared by the network's models and forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class District(models.TextChoices):
    """Munich's 25 city districts (Stadtbezirke), by their official number."""

    ALTSTADT_LEHEL = "01", "Altstadt-Lehel"
    LUDWIGSVORSTADT_ISARVORSTADT = "02", "Ludwigsvorstadt-Isarvorstadt"
    MAXVORSTADT = "03", "Maxvorstadt"
    SCHWABING_WEST = "04", "Schwabing-West"
    AU_HAIDHAUSEN = "05", "Au-Haidhausen"
    SENDLING = "06", "Sendling"
    SENDLING_WESTPARK = "07", "Sendling-Westpark"
    SCHWANTHALERHOEHE = "08", "Schwanthalerhöhe"
    NEUHAUSEN_NYMPHENBURG = "09", "Neuhausen-Nymphenburg"
    MOOSACH = "10", "Moosach"
    MILBERTSHOFEN_AM_HART = "11", "Milbertshofen-Am Hart"
    SCHWABING_FREIMANN = "12", "Schwabing-Freimann"
    BOGENHAUSEN = "13", "Bogenhausen"
    BERG_AM_LAIM = "14", "Berg am Laim"
    TRUDERING_RIEM = "15", "Trudering-Riem"
    RAMERSDORF_PERLACH = "16", "Ramersdorf-Perlach"
    OBERGIESING_FASANGARTEN = "17", "Obergiesing-Fasangarten"
    UNTERGIESING_HARLACHING = "18", "Untergiesing-Harlaching"
    THALKIRCHEN_OBERSENDLING = "19", "Thalkirchen-Obersendling-Forstenried-Fürstenried-Solln"
    HADERN = "20", "Hadern"
    PASING_OBERMENZING = "21", "Pasing-Obermenzing"
    AUBING_LOCHHAUSEN_LANGWIED = "22", "Aubing-Lochhausen-Langwied"
    ALLACH_UNTERMENZING = "23", "Allach-Untermenzing"
    FELDMOCHING_HASENBERGL = "24", "Feldmoching-Hasenbergl"
    LAIM = "25", "Laim"


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    BUSINESS = "business", pgettext_lazy("sector", "Business")
    SCIENCE = "science", _("Science")
    OTHER = "other", _("Other")
