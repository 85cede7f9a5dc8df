"""The challenge tracker: the challenges named in workshops, each reused by every later report
that returns to it, with its status and the dated notes that explain it."""

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.forms import CheckboxSelectMultiple
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from cms.cache.versions import EVERY_PAGE
from cms.pages import ListingPage, choice_param, published, route_locations, url_of
from organisations.models import Organisation, with_profile_links

from .forms import ChallengeForm
from .serializers import NoteSerializer


def published_pages():
    """The ids of the pages visitors may see, for filtering the links reports and events keep."""
    return published(Page.objects).values("pk")


class Challenge(index.Indexed, models.Model):
    """A challenge named in a workshop, reused by every later report that returns to it, and
    tracked between meetings: its status and the dated notes that led there."""

    shown_on_pages = EVERY_PAGE  # reports, events, the tracker (cms/cache/)

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
    api_fields = [
        "title",
        "slug",
        "description",
        "status",
        "organisations",
        APIField("history", serializer=NoteSerializer(many=True, source="notes")),
    ]
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
                HelpPanel(template="challenges/admin/challenge_history.html"),
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

    shown_on_pages = EVERY_PAGE  # the tracker and the challenge's history (cms/cache/)

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


class ChallengeIndexPage(RoutablePageMixin, ListingPage):
    """The challenge tracker: every challenge with its status and last activity, and a page per
    challenge that gathers what the reports, the office and the calendar say about it."""

    query_parameters = ("status",)  # cms/cache/parameters.py

    subpage_types = []
    max_count = 1

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
            last_report=Max(
                "report_links__page__date", filter=Q(report_links__page__in=published_pages())
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
                "items": challenges,
                "statuses": Challenge.Status.choices,
                "selected_status": status,
                "filtered": bool(status),
            },
        )

    @path("<slug:slug>/", name="challenge")
    def challenge_view(self, request, slug):
        challenge = get_object_or_404(Challenge, slug=slug)
        # Reached through the reports' and events' own links to the challenge: they refer to
        # challenges, not the other way round.
        in_live_report = Q(page__in=published_pages())
        organisations = list(with_profile_links(challenge.organisations.all()))
        return self.render(
            request,
            template="challenges/challenge_page.html",
            context_overrides={
                "challenge": challenge,
                "notes": challenge.notes.all(),
                "report_links": challenge.report_links.filter(in_live_report)
                .select_related("page")
                .order_by("page__date", "page_id"),
                "results": challenge.results.filter(in_live_report)
                .select_related("page")
                .order_by("page__date", "page_id", "sort_order"),
                "departments": [
                    o for o in organisations if o.kind == Organisation.Kind.CITY_DEPARTMENT
                ],
                "others": [o for o in organisations if o.kind != Organisation.Kind.CITY_DEPARTMENT],
                "next_event": published(challenge.events.all()).upcoming().first(),
            },
        )
