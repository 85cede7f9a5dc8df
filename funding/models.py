"""The funding guide ("Förderungen"): programmes that pay for what neighbourhood initiatives do,
who offers them, for whom, where, and by when to apply.

A deadline is either a fixed date or the same day every year; its next date is worked out when a
page is shown, so a yearly deadline never goes stale and a passed fixed one drops out by itself.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from icalendar import Alarm, Event
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.ical import calendar_response, new_calendar
from cms.models import PageImage, SampleContent
from cms.pages import ListingPage, choice_param, published, slug_param
from organisations.districts import Tally
from organisations.models import District, Organisation

# Calendars remind this long before a deadline.
REMINDER = timedelta(days=14)


def with_next_dates(deadlines, today):
    """The deadlines, each with its next_date (None once passed for good)."""
    for deadline in deadlines:
        deadline.next_date = deadline.next_date_from(today)
    return deadlines


class FundingDeadlineQuerySet(models.QuerySet):
    def of_live_programmes(self):
        return self.filter(page__in=published(FundingProgrammePage.objects)).select_related("page")

    def upcoming(self, limit=None, today=None):
        """The next date of each deadline still ahead, soonest first; one query."""
        dated = with_next_dates(self.of_live_programmes(), today or timezone.localdate())
        deadlines = [deadline for deadline in dated if deadline.next_date]
        deadlines.sort(key=lambda d: (d.next_date, d.page.title))
        return deadlines[:limit]


class FundingIndexPage(RoutablePageMixin, ListingPage):
    """The programmes, filterable by topic, district and whether one can apply now, and their
    deadlines as a calendar feed."""

    query_parameters = ("topic", "district", "open")  # cms/cache/parameters.py

    subpage_types = ["funding.FundingProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = _("funding guide")

    @path("")
    def listing(self, request):
        programmes = self.listed()
        topics = (
            Tag.objects.filter(funding_fundingtopic_items__content_object__in=programmes)
            .distinct()
            .order_by("name")
        )
        slug = slug_param(request, "topic")
        topic = topics.filter(slug=slug).first() if slug else None
        if topic:
            programmes = programmes.filter(topics=topic)
        district = choice_param(request, "district", District)
        if district:
            # A programme for the whole city is open to every district.
            programmes = programmes.filter(
                models.Q(districts__district=district) | models.Q(districts__isnull=True)
            ).distinct()
        open_only = request.GET.get("open") == "1"
        today = timezone.localdate()
        programmes = list(
            programmes.select_related("provider", "image")
            .prefetch_related("topics", "districts", "deadlines", "image__renditions")
            .order_by("title")
        )
        for programme in programmes:
            programme.next_deadline = programme.next_deadline_from(today)
        if open_only:
            programmes = [p for p in programmes if p.rolling or p.next_deadline]
        # Those with a deadline first, the soonest on top; then those open all year.
        programmes.sort(key=lambda p: p.next_deadline.next_date if p.next_deadline else date.max)
        feed_url = request.build_absolute_uri(self.url + self.reverse_subpage("feed"))
        return self.render(
            request,
            context_overrides={
                "items": programmes,
                "filtered": bool(topic or district or open_only),
                "topics": topics,
                "selected_topic": topic,
                "districts": District.choices,
                "selected_district": district,
                "open_only": open_only,
                "feed_url": feed_url,
                "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            },
        )

    @path("fristen/", name="feed")
    def feed(self, request):
        cal = new_calendar(
            f"{self.get_site().site_name or 'MIN'} – {self.title}", uid=self.translation_key
        )
        today = timezone.localdate()
        deadlines = FundingDeadline.objects.of_live_programmes().filter(page__in=self.listed())
        for deadline in deadlines.prefetch_related("page__topics"):
            if deadline.next_date_from(today):
                cal.add_component(deadline.ical_event())
        return calendar_response(cal.to_ical())


class FundingTopic(TaggedItemBase):
    content_object = ParentalKey(
        "funding.FundingProgrammePage", on_delete=models.CASCADE, related_name="topic_items"
    )


class FundingProgrammePage(SampleContent, PageImage, Page):
    """One programme: what it pays for, how much, who may apply, where, and by when."""

    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="funding_programmes",
    )
    teaser = models.TextField(
        _("teaser"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    amount_min = models.PositiveIntegerField(_("from (euros)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("up to (euros)"), null=True, blank=True)
    eligibility = RichTextField(_("who can apply"), features=RICH_TEXT_FEATURES)
    description = RichTextField(
        _("what is funded and how to apply"), features=RICH_TEXT_FEATURES, blank=True
    )
    rolling = models.BooleanField(
        _("applications all year"),
        default=False,
        help_text=_("Applications are possible at any time, besides any deadlines below."),
    )
    website = models.URLField(_("programme's website"), blank=True)
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=FundingTopic, blank=True)

    # The open data API (cms/api.py).
    api_fields = [
        "provider",
        "teaser",
        "amount_min",
        "amount_max",
        "rolling",
        "website",
        "deadlines",
        "districts",
    ]
    api_prefetch = ["provider", "deadlines", "districts"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("provider"),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")], heading=_("Amount")),
        FieldPanel("eligibility"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("rolling"), InlinePanel("deadlines", label=_("Deadline"))],
            heading=_("Deadlines"),
        ),
        FieldPanel("topics"),
        InlinePanel(
            "districts",
            heading=_("Districts"),
            label=_("District"),
            help_text=_("Leave empty for programmes open to the whole city."),
        ),
        FieldPanel("website"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("eligibility"),
        index.SearchField("description"),
        index.RelatedFields("provider", [index.SearchField("name")]),
    ]

    shows_page_types = ("network.InitiativePage",)  # the provider's profile (cms/cache/)
    parent_page_types = ["funding.FundingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")

    def clean(self):
        super().clean()
        if self.amount_min and self.amount_max and self.amount_min > self.amount_max:
            raise ValidationError({"amount_max": _("Must not be less than the lower amount.")})

    def next_deadline_from(self, today):
        """The soonest deadline still ahead (with next_date set), or None."""
        upcoming = [d for d in with_next_dates(self.deadlines.all(), today) if d.next_date]
        return min(upcoming, key=lambda d: d.next_date, default=None)

    def district_names(self):
        return [d.get_district_display() for d in self.districts.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["deadlines"] = with_next_dates(list(self.deadlines.all()), timezone.localdate())
        return context


class FundingDeadline(Orderable):
    api_fields = ["date", "yearly", "label"]

    page = ParentalKey(FundingProgrammePage, on_delete=models.CASCADE, related_name="deadlines")
    date = models.DateField(_("date"))
    yearly = models.BooleanField(
        _("every year"), default=False, help_text=_("The same day every year.")
    )
    label = models.CharField(
        _("what is due"),
        max_length=120,
        blank=True,
        help_text=_('E.g. "Antrag für die Frühjahrsrunde".'),
    )

    objects = FundingDeadlineQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("yearly")]),
        FieldPanel("label"),
    ]

    def __str__(self):
        return f"{self.page.title}: {self.label or self.date}"

    def next_date_from(self, today):
        """This deadline's next date on or after today, or None if it has passed for good."""
        if not self.yearly or self.date >= today:
            return self.date if self.date >= today else None
        day = self.on_year(today.year)
        return day if day >= today else self.on_year(today.year + 1)

    def on_year(self, year):
        # 29 February falls on the 28th in other years.
        try:
            return self.date.replace(year=year)
        except ValueError:
            return date(year, 2, 28)

    def title(self):
        return f"{self.label or _('Deadline')}: {self.page.title}"

    def ical_event(self):
        """An all-day calendar entry (yearly where the deadline repeats) with a reminder."""
        programme = self.page
        event = Event.new(
            # Stays the same however the deadline is edited, so calendars update it in place.
            uid=f"{programme.translation_key}-{self.pk}@funding",
            summary=str(self.title()),
            description=f"{programme.teaser}\n\n{programme.full_url}",
            start=self.date,
            end=self.date + timedelta(days=1),
            url=programme.full_url,
            categories=[topic.name for topic in programme.topics.all()] or None,
            stamp=programme.last_published_at or timezone.now(),
        )
        if self.yearly:
            event.add("rrule", {"freq": "yearly"})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", str(self.title()))
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        return event


class FundingDistrict(Orderable):
    api_fields = ["district"]

    page = ParentalKey(FundingProgrammePage, on_delete=models.CASCADE, related_name="districts")
    district = models.CharField(_("district"), max_length=2, choices=District.choices)

    panels = [FieldPanel("district")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "district"], name="unique_funding_district")
        ]


def programmes_per_district():
    """The published programmes open to each district: a programme for the whole city counts
    in every district, as the listing's filter finds it there."""
    programmes = published(FundingProgrammePage.objects)
    city_wide = programmes.filter(districts__isnull=True).count()
    local = dict(
        FundingDistrict.objects.filter(page__in=programmes)
        .values_list("district")
        .annotate(models.Count("page", distinct=True))
        .order_by()
    )
    return {district: local.get(district, 0) + city_wide for district in District.values}


def district_tally():
    """The programmes per district, for the district map (organisations/districts.py)."""
    return Tally(
        key="funding",
        title=_("Funding programmes"),
        phrase=ngettext_lazy(
            "%(count)d funding programme", "%(count)d funding programmes", "count"
        ),
        count=programmes_per_district,
    )
