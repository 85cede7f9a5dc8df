"""The ground floor: the organisations of the alliance and the city, as shared records, so every
report, profile, challenge and event refers to the same organisation instead of retyping its
name; and Munich's districts, by which profiles, places and funding are found."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from cms.cache.versions import EVERY_PAGE
from cms.pages import is_visible


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


def within(low, high):
    return [MinValueValidator(Decimal(low)), MaxValueValidator(Decimal(high))]


class Coordinates(models.Model):
    """Where a profile or a place is, for the small map on its page and its schema.org data:
    optional, and within the city (a typo far outside is caught)."""

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=within("48.05", "48.26"),
        help_text=_("For example 48.137154; OpenStreetMap shows it on a right click."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=within("11.35", "11.73"),
        help_text=_("For example 11.576124."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Please give both coordinates, or neither."))

    @property
    def map_url(self):
        """The place on OpenStreetMap (a link: the site loads nothing from there)."""
        if self.latitude is None:
            return ""
        at = f"{self.latitude}/{self.longitude}"
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{at}"
        )

    def schema_geo(self):
        if self.latitude is None:
            return {}
        return {
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        }


class Organisation(index.Indexed, models.Model):
    shown_on_pages = EVERY_PAGE  # reports, profiles, events and the guide name it (cms/cache/)

    class Kind(models.TextChoices):
        # Order matters: reports list participants grouped in this order.
        CITY_DEPARTMENT = "city_department", _("City department")
        ASSOCIATION = "association", _("Association")
        INITIATIVE = "initiative", _("Initiative")
        FOUNDATION = "foundation", _("Foundation")
        WORKING_GROUP = "working_group", _("Working group")
        BUSINESS = "business", _("Business")
        SCIENCE = "science", _("Science")

    KIND_PLURALS = {
        Kind.CITY_DEPARTMENT: _("City departments"),
        Kind.ASSOCIATION: _("Associations and organisations"),
        Kind.INITIATIVE: _("Initiatives"),
        Kind.FOUNDATION: _("Foundations"),
        Kind.WORKING_GROUP: _("Working groups"),
        Kind.BUSINESS: _("Businesses"),
        Kind.SCIENCE: _("Science"),
    }

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    # The page types that profile an organisation, by their reverse one-to-one names: the
    # profile page names its organisation, so there is one link to keep, not two.
    PROFILE_RELATIONS = ["initiative_page", "manufaktur_page"]

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("website")]
    api_fields = ["name", "kind", "website", APIField("profile_url")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def department_url(self):
        """A city department's page, or "": the app that has those pages (the guide) answers
        through the Wagtail hook "department_page_url", so that this ground floor imports
        none of the apps built on it."""
        if self.kind != self.Kind.CITY_DEPARTMENT:
            return ""
        for department_page_url in hooks.get_hooks("department_page_url"):
            if url := department_page_url(self):
                return url
        return ""

    def schema_org(self):
        """The organisation as schema.org names it: an event's organiser, a report's
        participant, a profile's subject."""
        return {
            "@type": "Organization",
            "name": self.name,
            **({"url": self.website} if self.website else {}),
        }

    @property
    def profile_url(self):
        page = self.profile_page
        return page.full_url if page else ""

    @property
    def profile_page(self):
        """The organisation's profile page, if it has one that visitors may see."""
        for relation in self.PROFILE_RELATIONS:
            page = getattr(self, relation, None)
            if page is not None and is_visible(page):
                return page
        return None


# What a link to a profile page needs of it: its address, whether visitors may see it
# (cms.pages.is_visible) and its type; a page's other fields, its text among them, are many.
PROFILE_LINK_FIELDS = {
    "id", "page_ptr", "path", "depth", "url_path", "slug", "title", "live", "locale",
    "alias_of", "translation_key", "content_type", "organisation",
}  # fmt: skip


def with_profile_links(queryset, path=""):
    """The queryset with the organisation at this path ("organisation" on a report's
    participants, "" for organisations themselves) and its profile pages joined, of each
    page only what a link to it needs: one query, and no row built from a profile's text."""
    prefix = f"{path}__" if path else ""
    unused = [
        f"{prefix}{relation}__{field.name}"
        for relation in Organisation.PROFILE_RELATIONS
        for field in Organisation._meta.get_field(relation).related_model._meta.concrete_fields
        if field.name not in PROFILE_LINK_FIELDS
    ]
    relations = [f"{prefix}{relation}" for relation in Organisation.PROFILE_RELATIONS]
    return queryset.select_related(*([path] if path else []), *relations).defer(*unused)


# The organisations that can decide on something in the city.
DEPARTMENTS = {"kind": Organisation.Kind.CITY_DEPARTMENT}
