"""The public site's frame: the home page, content pages (about, imprint, privacy) and the
settings every page shows."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock, CallToActionBlock
from cms.cache.frame import from_site_frame
from cms.fields import page_link
from cms.models import PageImage, SampleContent
from cms.pages import published
from reports.models import ReportPage, for_cards


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer and the participation band show on every page."""

    @classmethod
    def for_site(cls, site):
        """Part of the site frame: read with it, not by a query on every page."""
        return from_site_frame(
            f"site-settings:{site.pk}", lambda: super(SiteSettings, cls).for_site(site)
        )

    contact_email = models.EmailField(_("contact address"), blank=True)
    organiser_name = models.CharField(
        _("organiser"),
        max_length=120,
        blank=True,
        help_text=_(
            'Starts the sentence "… organisiert und verwaltet MIN", e.g. "Die BürgerStiftung'
            ' München".'
        ),
    )
    organiser_url = models.URLField(_("organiser's website"), blank=True)
    organiser_email = models.EmailField(_("organiser's email address"), blank=True)
    funders = models.CharField(
        _("funding notice"),
        max_length=255,
        blank=True,
        help_text=_('Shown in the footer, e.g. "Gefördert durch …".'),
    )
    copyright_holder = models.CharField(
        _("copyright holder"), max_length=120, default="Münchner Initiative Nachhaltigkeit"
    )
    copyright_start_year = models.PositiveSmallIntegerField(
        _("copyright since"), default=2020, help_text=_("The footer shows this year to today.")
    )
    imprint_page = page_link(_("imprint page"))
    privacy_page = page_link(_("privacy page"))
    calls_to_action = StreamField(
        [("call_to_action", CallToActionBlock())],
        blank=True,
        verbose_name=_("ways to take part"),
        help_text=_("Newsletter, partnership, Manufaktur, donation: shown on every page."),
    )

    select_related = ["imprint_page", "privacy_page"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("funders")], heading=_("Contact and funding")
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser_name"),
                FieldPanel("organiser_url"),
                FieldPanel("organiser_email"),
            ],
            heading=_("Organiser"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("copyright_holder"),
                FieldPanel("copyright_start_year"),
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Legal"),
        ),
        FieldPanel("calls_to_action"),
    ]

    class Meta:
        verbose_name = _("site settings")


class HomePage(PageImage, Page):
    heading = models.CharField(_("heading"), max_length=120)
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    featured_report = models.ForeignKey(
        "reports.ReportPage",
        verbose_name=_("featured report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown above the latest reports, whatever its date."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("featured_report"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "reports.ReportIndexPage",
        "challenges.ChallengeIndexPage",
        "network.InitiativeIndexPage",
        "network.ManufakturIndexPage",
        "guide.ResponsibilityGuidePage",
        "funding.FundingIndexPage",
        "places.PlaceIndexPage",
        "events.EventIndexPage",
        "newsletter.NewsletterIndexPage",
        "questionnaires.QuestionnairePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's route, its first step (a section: this page's children, the menu's level)
        found in the site frame, which any change to a section renews: one query for that step
        instead of two. The section itself is read anew, as its count of children (which the
        next step reads) changes with every page added below it."""
        if path_components and (found := self.sections().get(path_components[0])):
            label, pk = found
            # None only while a section deleted a moment ago is still in the frame.
            if section := apps.get_model(label).objects.filter(pk=pk).first():
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def sections(self):
        """{slug: (page type, id)} of this page's children."""
        return from_site_frame(
            f"sections:{self.pk}",
            lambda: {
                page.slug: (page.specific_class._meta.label, page.pk)
                for page in Page.objects.child_of(self)
                if page.specific_class is not None
            },
        )

    def get_context(self, request, *args, **kwargs):
        """The featured report (or None) and the three newest others of this tree, with what
        their cards show: the newest found by their index, then one query of all the cards and
        one set of queries for their images and challenges. (In the context, not on the page:
        the home page object is kept in the site frame.)"""
        context = super().get_context(request, *args, **kwargs)
        reports = published(ReportPage.objects)
        newest = reports.descendant_of(self).exclude(pk=self.featured_report_id)
        newest = list(newest.order_by("-date", "-pk").values_list("pk", flat=True)[:3])
        cards = list(for_cards(reports).filter(pk__in=[self.featured_report_id, *newest]))
        context.update(
            featured_report=next((r for r in cards if r.pk == self.featured_report_id), None),
            latest_reports=sorted(
                (r for r in cards if r.pk != self.featured_report_id),
                key=lambda r: (r.date, r.pk),
                reverse=True,
            ),
        )
        return context


class ContentPage(SampleContent, Page):
    """About, imprint, privacy and other pages of plain editorial content."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = [
        "home.ContentPage",
        "network.PartnerApplicationPage",
        "donations.DonationPage",
        "questionnaires.QuestionnairePage",
    ]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
