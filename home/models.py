"""The public site's frame (home, content pages, site settings) and MIN's workshop reports.

A report is structured, not one block of text: its challenges are shared snippets so later reports
refer to the same challenge, and its participants are shared Organisation records so a report can
group them by kind and link to their profiles.
"""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.forms import CheckboxSelectMultiple
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock, CallToActionBlock
from cms.fields import page_link
from cms.pages import choice_param, published, route_locations, slug_param, url_of
from network.models import Organisation

from .forms import ChallengeForm

REPORTS_PER_PAGE = 10


def for_cards(reports):
    """Reports with what their cards show (image, challenges), in a fixed number of queries."""
    return reports.select_related("image").prefetch_related(
        "image__renditions",
        Prefetch("challenge_links", queryset=ReportChallenge.objects.select_related("challenge")),
    )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer and the participation band show on every page."""

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


class Challenge(index.Indexed, models.Model):
    """A challenge named in a workshop, reused by every later report that returns to it, and
    tracked between meetings: its status and the dated notes that led there."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Being worked on")
        SOLVED = "solved", _("Solved")

    title = models.CharField(_("title"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Used in addresses; filled in from the title when left empty."),
    )
    description = models.TextField(_("description"), blank=True)
    # Set only through a dated note (ChallengeForm), so the history explains every status.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("departments and initiatives involved"),
        blank=True,
        related_name="challenges",
        help_text=_("Who works on this challenge; departments lead to what they decide."),
    )

    base_form_class = ChallengeForm
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("organisations", widget=CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("note_date"),
                FieldPanel("note"),
                HelpPanel(template="home/admin/challenge_history.html"),
            ],
            heading=_("Status and history"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80]
        super().save(*args, **kwargs)

    @property
    def url(self):
        """The challenge's page on the tracker, or "" while the site has no tracker."""
        tracker = url_of(ChallengeIndexPage)
        return f"{tracker}{self.slug}/" if tracker else ""


class ChallengeNote(models.Model):
    """A dated entry in a challenge's history: what happened and the status it left. Kept as
    written; a correction is a new note."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="notes"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Challenge.Status.choices)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("challenge note")
        verbose_name_plural = _("challenge notes")

    def __str__(self):
        return f"{self.challenge}: {self.date}"


class HomePage(Page):
    heading = models.CharField(_("heading"), max_length=120)
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    featured_report = models.ForeignKey(
        "home.ReportPage",
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
        FieldPanel("featured_report"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "home.ReportIndexPage",
        "home.ChallengeIndexPage",
        "network.InitiativeIndexPage",
        "network.ManufakturIndexPage",
        "network.ResponsibilityGuidePage",
        "funding.FundingIndexPage",
        "places.PlaceIndexPage",
        "events.EventIndexPage",
        "newsletter.NewsletterIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_featured_report(self):
        if not self.featured_report_id:
            return None
        return for_cards(published(ReportPage.objects)).filter(pk=self.featured_report_id).first()

    def latest_reports(self):
        return (
            for_cards(published(ReportPage.objects))
            .descendant_of(self)
            .exclude(pk=self.featured_report_id)
            .order_by("-date", "-pk")[:3]
        )


class ContentPage(Page):
    """About, imprint, privacy and other pages of plain editorial content."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = [
        "home.ContentPage",
        "network.PartnerApplicationPage",
        "donations.DonationPage",
    ]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class ChallengeIndexPage(RoutablePageMixin, Page):
    """The challenge tracker: every challenge with its status and last activity, and a page per
    challenge that gathers what the reports, the office and the calendar say about it."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("challenge tracker")

    def get_sitemap_urls(self, request=None):
        slugs = Challenge.objects.order_by("slug").values_list("slug", flat=True)
        return [
            *super().get_sitemap_urls(request),
            *route_locations(self, request, "challenge", slugs),
        ]

    @path("")
    def overview(self, request):
        status = choice_param(request, "status", Challenge.Status)
        challenges = Challenge.objects.annotate(
            last_report=Subquery(
                published(ReportPage.objects)
                .filter(challenge_links__challenge=OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            ),
            last_note=Max("notes__date"),
        )
        if status:
            challenges = challenges.filter(status=status)
        challenges = list(challenges)
        for challenge in challenges:
            dates = [d for d in (challenge.last_report, challenge.last_note) if d]
            challenge.last_activity = max(dates, default=None)
        # Most recently active first: what moves is what visitors look for.
        challenges.sort(key=lambda c: (c.last_activity is not None, c.last_activity), reverse=True)
        return self.render(
            request,
            context_overrides={
                "challenges": challenges,
                "statuses": Challenge.Status.choices,
                "selected_status": status,
            },
        )

    @path("<slug:slug>/", name="challenge")
    def challenge_view(self, request, slug):
        challenge = get_object_or_404(Challenge, slug=slug)
        reports = published(ReportPage.objects).filter(challenge_links__challenge=challenge)
        organisations = list(
            challenge.organisations.select_related(*Organisation.PROFILE_RELATIONS)
        )
        # Looked up, not imported: events refer to challenges, not the other way round.
        EventPage = apps.get_model("events", "EventPage")
        return self.render(
            request,
            template="home/challenge_page.html",
            context_overrides={
                "challenge": challenge,
                "notes": challenge.notes.all(),
                "reports": reports.order_by("date", "pk"),
                "results": ReportResult.objects.filter(challenge=challenge, page__in=reports)
                .select_related("page")
                .order_by("page__date", "page_id", "sort_order"),
                "departments": [
                    o for o in organisations if o.kind == Organisation.Kind.CITY_DEPARTMENT
                ],
                "others": [o for o in organisations if o.kind != Organisation.Kind.CITY_DEPARTMENT],
                "next_event": published(EventPage.objects)
                .upcoming()
                .filter(agenda=challenge)
                .first(),
            },
        )


class ReportIndexPage(Page):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ReportPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("report index")

    def reports(self):
        return published(ReportPage.objects).child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reports = self.reports()
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
            reports=Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page")),
            years=years,
            selected_year=int(year) if year else None,
            challenges=Challenge.objects.filter(report_links__page__in=self.reports()).distinct(),
            selected_challenge=challenge,
        )
        return context


class ReportPage(Page):
    """A workshop report: what was discussed, with whom, what came of it and what comes next."""

    date = models.DateField(_("date of the meeting"))
    teaser = models.TextField(
        _("teaser"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in lists and when the report is shared."),
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

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("duration_minutes"),
                FieldPanel("participant_count"),
            ],
            heading=_("The meeting"),
        ),
        FieldPanel("teaser"),
        FieldPanel("image"),
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

    parent_page_types = ["home.ReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def get_duration_text(self):
        if not self.duration_minutes:
            return ""
        hours, minutes = divmod(self.duration_minutes, 60)
        if minutes:
            return ngettext(
                "about %(count)d minute", "about %(count)d minutes", self.duration_minutes
            ) % {"count": self.duration_minutes}
        return ngettext("about %(count)d hour", "about %(count)d hours", hours) % {"count": hours}

    def challenges(self):
        return [link.challenge for link in self.challenge_links.select_related("challenge")]

    def results_with_challenges(self):
        return self.results.select_related("challenge")

    def participant_groups(self):
        """Participant links grouped by kind (city departments first), in the editor's order."""
        by_kind = defaultdict(list)
        profiles = [f"organisation__{name}" for name in Organisation.PROFILE_RELATIONS]
        for link in self.participant_links.select_related("organisation", *profiles):
            by_kind[link.organisation.kind].append(link)
        return [
            (Organisation.KIND_PLURALS[kind], by_kind[kind])
            for kind in Organisation.Kind
            if kind in by_kind
        ]


class ReportChallenge(Orderable):
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
