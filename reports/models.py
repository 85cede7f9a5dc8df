"""MIN's workshop reports. A report is structured, not one block of text: its challenges are
the tracker's shared records, so later reports refer to the same challenge, and its participants
are shared Organisation records, so a report can group them by kind and link to their profiles."""

from collections import defaultdict

from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from challenges.models import Challenge
from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.fields import page_link
from cms.models import PageImage, SampleContent
from cms.pages import ListingPage, choice_param, page_of, published, slug_param
from cms.translations import content_language, german_page
from organisations.models import Organisation, with_profile_links

REPORTS_PER_PAGE = 10


def for_cards(reports):
    """Reports with what their cards show (image, challenges), in a fixed number of queries."""
    return reports.select_related("image").prefetch_related(
        "image__renditions",
        Prefetch("challenge_links", queryset=ReportChallenge.objects.select_related("challenge")),
    )


class ReportIndexPage(ListingPage):
    """The workshop reports, newest first, by year and by challenge."""

    query_parameters = ("year", "challenge", "page")  # cms/cache/parameters.py

    subpage_types = ["reports.ReportPage"]

    class Meta:
        verbose_name = _("report index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reports = self.listed()
        years = [d.year for d in reports.dates("date", "year", order="DESC")]
        year = choice_param(request, "year", years)
        if year:
            reports = reports.filter(date__year=int(year))
        slug = slug_param(request, "challenge")
        challenge = Challenge.objects.filter(slug=slug).first() if slug else None
        if challenge:
            reports = reports.filter(challenge_links__challenge=challenge)
        reports = for_cards(reports).order_by("-date", "-pk")
        context.update(
            items=page_of(request, reports, REPORTS_PER_PAGE),
            filtered=bool(year or challenge),
            years=years,
            selected_year=int(year) if year else None,
            challenges=Challenge.objects.filter(report_links__page__in=self.listed()).distinct(),
            selected_challenge=challenge,
        )
        return context


class ReportPage(SampleContent, PageImage, Page):
    """A workshop report: what was discussed, with whom, what came of it and what comes next."""

    date = models.DateField(_("date of the meeting"))
    date_is_approximate = models.BooleanField(
        _("only the month is known"),
        default=False,
        help_text=_("The page then shows the month and year, not the day."),
    )
    teaser = models.TextField(
        _("teaser"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    challenges_intro = RichTextField(
        _("text before the challenges"), features=RICH_TEXT_FEATURES, blank=True
    )
    results_intro = RichTextField(
        _("text before the results"), features=RICH_TEXT_FEATURES, blank=True
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration in minutes"), null=True, blank=True, help_text=_("Approximately.")
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    follow_up_text = RichTextField(_("what comes next"), features=RICH_TEXT_FEATURES, blank=True)
    follow_up_page = page_link(
        _("follow-up"),
        help_text=_("The next meeting or the report that continues this one."),
        # The follow-up names the reports it continues (an event page shows them).
        related_name="preceding_reports",
    )
    contact_heading = models.CharField(_("heading"), max_length=120, blank=True)
    contact_text = models.TextField(_("text"), blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)

    # The open data API (cms/api.py): the meeting, its challenges, results and participants.
    api_fields = [
        "date",
        "date_is_approximate",
        "teaser",
        "duration_minutes",
        "participant_count",
        "challenge_links",
        "results",
        "participant_links",
    ]
    api_prefetch = [
        "challenge_links__challenge",
        "results__challenge",
        "participant_links__organisation",
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("date_is_approximate"),
                FieldPanel("duration_minutes"),
                FieldPanel("participant_count"),
            ],
            heading=_("The meeting"),
        ),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("challenges_intro"), InlinePanel("challenge_links", label=_("Challenge"))],
            heading=_("Challenges"),
        ),
        MultiFieldPanel(
            [FieldPanel("results_intro"), InlinePanel("results", label=_("Result"))],
            heading=_("Results"),
        ),
        MultiFieldPanel(
            [FieldPanel("follow_up_text"), FieldPanel("follow_up_page")],
            heading=_("What comes next"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_heading"),
                FieldPanel("contact_text"),
                FieldPanel("contact_email"),
            ],
            heading=_("Call to get in touch"),
        ),
        InlinePanel("participant_links", heading=_("Participants"), label=_("Participant")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("challenges_intro"),
        index.SearchField("results_intro"),
        index.SearchField("follow_up_text"),
        index.RelatedFields(
            "challenge_links",
            [
                index.RelatedFields("challenge", [index.SearchField("title")]),
            ],
        ),
        index.RelatedFields("results", [index.SearchField("text")]),
        index.RelatedFields(
            "participant_links",
            [
                index.RelatedFields("organisation", [index.SearchField("name")]),
            ],
        ),
        index.FilterField("date"),
    ]

    # Besides its own content: its follow-up and other events, and participants' profiles
    # (cms/cache/ keeps it cached until one of these changes).
    shows_page_types = ("events.EventPage", "network.InitiativePage")
    read_with = (*PageImage.read_with, "follow_up_page")  # cms.pages.ListingPage.route
    parent_page_types = ["reports.ReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        # Listings and the home page take the newest few without sorting every report.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="report_newest_first")]

    def get_duration_text(self):
        if not self.duration_minutes:
            return ""
        hours, minutes = divmod(self.duration_minutes, 60)
        if minutes:
            return ngettext(
                "about %(count)d minute", "about %(count)d minutes", self.duration_minutes
            ) % {"count": self.duration_minutes}
        return ngettext("about %(count)d hour", "about %(count)d hours", hours) % {"count": hours}

    # The challenges and participants, read once per render: the page's body and its schema.org
    # data both show them (the page is fetched for each request, so nothing outlives it).
    @cached_property
    def challenge_list(self):
        return [link.challenge for link in self.challenge_links.select_related("challenge")]

    @cached_property
    def participant_list(self):
        return list(with_profile_links(self.participant_links.all(), "organisation"))

    def challenges(self):
        return self.challenge_list

    def reported_events(self):
        """The events this report is about (each names its report: the German page)."""
        return published(german_page(self).events.all())

    def results_with_challenges(self):
        return self.results.select_related("challenge")

    def participant_groups(self):
        """Participant links grouped by kind (city departments first), in the editor's order."""
        by_kind = defaultdict(list)
        for link in self.participant_list:
            by_kind[link.organisation.kind].append(link)
        return [
            (Organisation.KIND_PLURALS[kind], by_kind[kind])
            for kind in Organisation.Kind
            if kind in by_kind
        ]

    def schema_org(self, request=None):
        """schema.org Article data for the page's head: what the report is about (its
        challenges) and who took part."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "description": self.teaser,
            "url": self.get_full_url(request),
            "datePublished": self.date.isoformat(),
            "inLanguage": content_language(self),
            "about": [{"@type": "Thing", "name": item.title} for item in self.challenge_list],
            "contributor": [link.organisation.schema_org() for link in self.participant_list],
        }
        return data  # the share image is the page's og:image


class ReportChallenge(Orderable):
    api_fields = ["challenge"]

    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="challenge_links")
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )

    panels = [FieldPanel("challenge")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "challenge"], name="unique_report_challenge")
        ]


class ReportResult(Orderable):
    api_fields = ["text", "challenge"]

    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="results")
    text = models.TextField(_("result"))
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
        help_text=_("The challenge this result answers, if it answers one."),
    )

    panels = [FieldPanel("text"), FieldPanel("challenge")]


class ReportParticipant(Orderable):
    api_fields = ["organisation", "note"]

    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="participant_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )
    note = models.CharField(
        _("addition"),
        max_length=120,
        blank=True,
        help_text=_('The department or project that took part, e.g. "Amt für Wohnen".'),
    )

    panels = [FieldPanel("organisation"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "organisation"], name="unique_report_participant"
            )
        ]
