"""Third places ("Dritte Orte"): libraries, education venues, community kitchens and other
places in the neighbourhood where initiatives meet, network and find rooms, by district."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import PageImage, SampleContent
from cms.pages import ListingPage, choice_param, page_of, published, slug_param
from organisations.districts import Tally, per_district
from organisations.models import Coordinates, District, Organisation

PLACES_PER_PAGE = 24


class PlaceIndexPage(ListingPage):
    """The directory of third places, filterable by district, kind and what they offer."""

    query_parameters = ("district", "kind", "offer", "page")  # cms/cache/parameters.py

    subpage_types = ["places.PlacePage"]
    max_count = 1

    class Meta:
        verbose_name = _("directory of third places")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_places = self.listed()
        places = all_places
        district = choice_param(request, "district", District)
        if district:
            places = places.filter(district=district)
        kind = choice_param(request, "kind", PlacePage.Kind)
        if kind:
            places = places.filter(kind=kind)
        offers = Tag.objects.filter(places_placeoffer_items__content_object__in=all_places)
        offers = offers.distinct().order_by("name")
        slug = slug_param(request, "offer")
        offer = offers.filter(slug=slug).first() if slug else None
        if offer:
            places = places.filter(offers=offer)
        places = (
            places.select_related("image")
            .prefetch_related("offers", "image__renditions")
            .order_by("district", "title")
        )
        districts_in_use = set(all_places.values_list("district", flat=True))
        kinds_in_use = set(all_places.values_list("kind", flat=True))
        context.update(
            items=page_of(request, places, PLACES_PER_PAGE),
            filtered=bool(district or kind or offer),
            districts=[c for c in District.choices if c[0] in districts_in_use],
            kinds=[c for c in PlacePage.Kind.choices if c[0] in kinds_in_use],
            offers=offers,
            selected_district=district,
            selected_kind=kind,
            selected_offer=offer,
        )
        return context


class PlaceOffer(TaggedItemBase):
    content_object = ParentalKey(
        "places.PlacePage", on_delete=models.CASCADE, related_name="offer_items"
    )


class PlacePage(Coordinates, SampleContent, PageImage, Page):
    """One place: where it is, when it is open and what it offers the neighbourhood."""

    class Kind(models.TextChoices):
        LIBRARY = "library", _("Library")
        EDUCATION = "education", _("Education venue")
        KITCHEN = "kitchen", _("Community kitchen")
        NEIGHBOURHOOD_CENTRE = "centre", _("Neighbourhood centre")
        OTHER = "other", _("Other place")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    teaser = models.TextField(
        _("teaser"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    district = models.CharField(_("district"), max_length=2, choices=District.choices)
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_('One line per day or rule, e.g. "Mo–Fr 10–19 Uhr".'),
    )
    offers = ClusterTaggableManager(
        verbose_name=_("what it offers"),
        through=PlaceOffer,
        blank=True,
        help_text=_('Short terms to filter by, e.g. "Raum buchbar", "Küche", "WLAN".'),
    )
    description = RichTextField(
        _("for initiatives"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What initiatives can do here and how to ask."),
    )
    accessible = models.BooleanField(_("step-free access"), default=False)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public email address"), blank=True)
    phone = models.CharField(_("public phone number"), max_length=40, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("kind"),
        FieldPanel("operator"),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("district"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("accessible"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("offers"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Public contact"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("description"),
        index.SearchField("street"),
        index.FilterField("district"),
        index.FilterField("kind"),
    ]

    shows_page_types = ("network.InitiativePage",)  # the operator's profile (cms/cache/)
    parent_page_types = ["places.PlaceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("third place")
        verbose_name_plural = _("third places")

    def schema_org(self, request=None):
        """The place as schema.org names it, with its address and, if given, coordinates."""
        return {
            "@context": "https://schema.org",
            "@type": "Place",
            "name": self.title,
            "description": self.teaser,
            "url": self.get_full_url(request),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "postalCode": self.postcode,
                "addressLocality": "München",
            },
            **self.schema_geo(),
        }

    def opening_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


def district_tally():
    """The published places per district, for the district map (organisations/districts.py)."""
    return Tally(
        key="places",
        title=_("Third places"),
        phrase=ngettext_lazy("%(count)d third place", "%(count)d third places", "count"),
        count=lambda: per_district(published(PlacePage.objects)),
    )
