"""Events: what MIN and its partners invite to, with registration where seats are limited.

An event's start and end are aware datetimes (shown in Europe/Berlin). An all-day event runs
from midnight of its first day to the last second of its last day, so that "upcoming", the
archive and the calendar feed each need one comparison, whatever kind of event it is.
"""

import calendar as stdlib_calendar
import hashlib
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format, time_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.ical import calendar_response
from cms.models import PageImage, ReviewedSubmission, SampleContent, Submission
from cms.pages import FormPageMixin, ListingPage, page_of, published, service, slug_param
from cms.tokens import path_token, path_token_value
from organisations.models import Organisation, with_profile_links

from .forms import EventSubmissionForm, RegistrationForm
from .ical import calendar
from .recurrence import MAX_OCCURRENCES, series_errors
from .schema import event_data

EVENTS_PER_PAGE = 12
CANCEL_SALT = "events.registration.cancel"
CHECKIN_SALT = "events.checkin"


class EventPageQuerySet(PageQuerySet):
    def upcoming(self):
        """Events that have not ended yet, soonest first (a running event is still upcoming)."""
        return self.filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")

    def series_of(self, events):
        """{first event: its live dates} of the series these events belong to, in one query."""
        firsts = {first.pk: first for e in events if (first := e.series or e).repeat}
        series = {first: [] for first in firsts.values()}
        for page in published(self).filter(series__in=firsts).prefetch_related("topics"):
            series[firsts[page.series_id]].append(page)
        return series

    def for_cards(self):
        """With what an event card shows, in a fixed number of queries."""
        return (
            self.select_related("image")
            .prefetch_related("image__renditions", "topics")
            # Shadows EventPage.confirmed_count, so cards need no query each. A subquery, not a
            # COUNT with GROUP BY, which would count every event before taking the first few.
            .annotate(
                confirmed_count=Coalesce(
                    Subquery(
                        Registration.objects.filter(
                            event=OuterRef("pk"), status=Registration.Status.CONFIRMED
                        )
                        .values("event")
                        .annotate(count=Count("pk"))
                        .values("count")
                    ),
                    0,
                )
            )
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(RoutablePageMixin, ListingPage):
    """The calendar: upcoming events first, an archive of past ones, and a feed to subscribe."""

    query_parameters = ("month", "topic", "page")  # cms/cache/parameters.py

    subpage_types = ["events.EventPage", "events.EventSubmissionPage"]

    class Meta:
        verbose_name = _("event index")

    def listed_type(self):
        return EventPage  # the proposal form beside the events is not one

    def listed(self):
        """The calendar's events."""
        return published(EventPage.objects).child_of(self)

    def proposal_page(self):
        return published(EventSubmissionPage.objects).child_of(self).first()

    @path("")
    def upcoming_view(self, request):
        return self.listing(request, self.listed().upcoming(), archive=False)

    @path("archiv/", name="archive")
    def archive_view(self, request):
        return self.listing(request, self.listed().past(), archive=True)

    @path("monat/", name="this_month")
    def this_month_view(self, request):
        today = timezone.localdate()
        return redirect(self.url + self.reverse_subpage("month", args=[today.year, today.month]))

    @path("monat/<int:year>/<int:month>/", name="month")
    def month_view(self, request, year, month):
        """The month as a calendar: a table of weeks, each day with its events; on a phone
        the days with events as a list (site.css). Server-rendered, no script."""
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise Http404
        weeks = stdlib_calendar.Calendar().monthdatescalendar(year, month)
        zone = timezone.get_current_timezone()
        first = datetime.combine(weeks[0][0], time.min, zone)
        last = datetime.combine(weeks[-1][-1], time.max, zone)
        by_day = {}
        for event in self.listed().filter(start__range=(first, last)).order_by("start", "pk"):
            by_day.setdefault(timezone.localdate(event.start), []).append(event)
        shown = date(year, month, 1)
        context = self.get_context(request)
        context.update(
            month=shown,
            weeks=[[(day, by_day.get(day, [])) for day in week] for week in weeks],
            busy=bool(by_day),
            previous=(shown - timedelta(days=1)).replace(day=1),
            next=(shown + timedelta(days=32)).replace(day=1),
            today=timezone.localdate(),
        )
        return TemplateResponse(request, "events/month.html", context)

    @path("kalender/", name="feed")
    def feed_view(self, request):
        upcoming = list(
            self.listed().upcoming().select_related("series").prefetch_related("topics")
        )
        return calendar_response(
            calendar(
                upcoming,
                name=f"{self.get_site().site_name or 'MIN'} – {self.title}",
                uid=self.translation_key,
                series=EventPage.objects.series_of(upcoming),
            )
        )

    def listing(self, request, events, archive):
        """One page of events, filtered by ?month=YYYY-MM and ?topic=<slug>; the filters offer
        only months and topics that this listing has."""
        months = list(events.datetimes("start", "month", order="DESC" if archive else "ASC"))
        selected_month = next(
            (m for m in months if m.strftime("%Y-%m") == request.GET.get("month")), None
        )
        topics = (
            Tag.objects.filter(events_eventtopic_items__content_object__in=events)
            .distinct()
            .order_by("name")
        )
        slug = slug_param(request, "topic")
        topic = topics.filter(slug=slug).first() if slug else None
        if selected_month:
            events = events.filter(
                start__year=selected_month.year, start__month=selected_month.month
            )
        if topic:
            events = events.filter(topics=topic)
        page_of_events = page_of(request, events.for_cards(), EVENTS_PER_PAGE)
        feed_url = request.build_absolute_uri(self.url + self.reverse_subpage("feed"))
        return self.render(
            request,
            context_overrides={
                "archive": archive,
                "items": page_of_events,
                "filtered": bool(selected_month or topic),
                "months": months,
                "selected_month": selected_month,
                "topics": topics,
                "selected_topic": topic,
                "feed_url": feed_url,
                # Calendar apps subscribe to webcal:// addresses (and fetch them over https).
                "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            },
        )


class EventTopic(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="topic_items"
    )


class EventPage(FormPageMixin, SampleContent, PageImage, Page):
    """One event: when and where, who invites, what it is about, and, where seats are limited,
    registration with a waiting list."""

    query_parameters = ("platz",)  # cms/cache/parameters.py

    class Status(models.TextChoices):
        """As schema.org's eventStatus has it."""

        SCHEDULED = "scheduled", _("Takes place as planned")
        RESCHEDULED = "rescheduled", _("Moved to a new date")
        POSTPONED = "postponed", _("Postponed, the new date to follow")
        MOVED_ONLINE = "moved_online", _("Moved online")
        CANCELLED = "cancelled", _("Cancelled")

    # No new registrations while the event has no date or will not take place.
    CLOSED = (Status.POSTPONED, Status.CANCELLED)

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("The times are ignored: the event lasts from its first day to its last."),
    )
    teaser = models.TextField(
        _("teaser"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_('E.g. "Stadtteilladen Giesing".')
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="München")
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_(
            "Where to join online. With registration, only registered people receive it, in "
            "their confirmation."
        ),
    )
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=EventTopic, blank=True)
    report = models.ForeignKey(
        "reports.ReportPage",
        verbose_name=_("report on this event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Once it is written."),
    )
    agenda = ParentalManyToManyField(
        "challenges.Challenge",
        verbose_name=_("challenges on the agenda"),
        blank=True,
        related_name="events",
        help_text=_("Their pages on the challenge tracker announce this event."),
    )
    registration_required = models.BooleanField(
        _("registration"),
        default=False,
        help_text=_("Visitors register through a form on this page."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the event starts."),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder (hours before)"),
        default=24,
        validators=[MaxValueValidator(336)],
        help_text=_(
            "Those registered get a reminder this many hours before the start, with the "
            "calendar entry, the online link and the cancel link. 0: no reminder."
        ),
    )
    waitlist = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_(
            "When all seats are taken, further registrations join a waiting list and move up "
            "by themselves as seats become free."
        ),
    )

    class Repeat(models.TextChoices):
        NONE = "", _("Does not repeat")
        WEEKLY = "weekly", _("Weekly, on its weekday")
        MONTHLY = "monthly", _("Monthly, on the same weekday of the month (e.g. 2nd Tuesday)")

    repeat = models.CharField(_("repeats"), max_length=10, choices=Repeat.choices, blank=True)
    repeat_interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1: every week or month; 2: every second, …"),
    )
    repeat_until = models.DateField(_("until"), null=True, blank=True)
    repeat_count = models.PositiveSmallIntegerField(
        _("times in all"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(MAX_OCCURRENCES)],
        help_text=_("Instead of an end date: how many dates, this one included."),
    )
    # An occurrence of a series: the series' first event, and the date the rule gives it (its
    # RECURRENCE-ID, whatever date it was moved to).
    series = models.ForeignKey(
        "self",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
        editable=False,
    )
    occurrence_date = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    status_message = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_(
            "Shown on the page above everything else. On publishing, everyone registered and "
            "on the waiting list gets it by email, once for each change."
        ),
    )

    objects = EventPageManager()

    # The open data API (cms/api.py): when, where, who invites, the state; no registrations.
    api_fields = [
        "start",
        "end",
        "all_day",
        "teaser",
        "venue",
        "street",
        "postcode",
        "city",
        "status",
        "registration_required",
        "organiser_links",
        "report",
    ]
    api_prefetch = ["organiser_links__organisation", "report"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("status_message")], heading=_("Changes")),
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("all_day")], heading=_("When")
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "A series: publishing this first event makes a page for each further "
                        "date, each with its own seats and registrations; changes here go to "
                        "all dates to come. Leave out or move single dates below."
                    )
                ),
                FieldPanel("repeat"),
                FieldPanel("repeat_interval"),
                FieldPanel("repeat_until"),
                FieldPanel("repeat_count"),
                InlinePanel("exceptions", heading=_("Exceptions"), label=_("Exception")),
            ],
            heading=_("Series"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
        FieldPanel("topics"),
        FieldPanel("agenda", widget=CheckboxSelectMultiple),
        InlinePanel("organiser_links", heading=_("Organisers"), label=_("Organisation")),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldPanel("capacity"),
                FieldPanel("registration_deadline"),
                FieldPanel("waitlist"),
                FieldPanel("reminder_hours"),
                InlinePanel("questions", heading=_("Questions"), label=_("Question")),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("report"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.SearchField("venue"),
        index.RelatedFields(
            "organiser_links",
            [index.RelatedFields("organisation", [index.SearchField("name")])],
        ),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    # The report it follows up, the reports before it, organisers' profiles (cms/cache/).
    shows_page_types = ("reports.ReportPage", "network.InitiativePage")
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    form_class = RegistrationForm
    form_submitted = "events.services.registration_submitted"
    cancellation = "events.services.cancel"  # what the cancel link's button does
    # A new registration learns at once whether it got a seat; someone who registers an address
    # that is registered already is told nothing about that registration (the email tells).
    thank_you = (
        "Danke für Ihre Anmeldung! Wir haben Ihnen eine E-Mail geschickt. Sie sagt, ob Sie einen "
        "Platz haben oder auf der Warteliste stehen, und enthält einen Link zum Absagen."
    )
    THANK_YOU_BY_PLACE = {
        "sitzplatz": "Danke für Ihre Anmeldung! Sie haben einen Platz. Wir haben Ihnen eine "
        "E-Mail mit allen Angaben und einem Link zum Absagen geschickt.",
        "warteliste": "Danke für Ihre Anmeldung! Alle Plätze sind vergeben: Sie stehen auf der "
        "Warteliste und rücken automatisch nach, sobald ein Platz frei wird. Wir haben Ihnen "
        "eine E-Mail mit einem Link zum Absagen geschickt.",
    }

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # The calendar and the home page take the next few without sorting every event.
        indexes = [models.Index(fields=["start", "page_ptr"], name="event_soonest_first")]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.all_day:
            zone = timezone.get_current_timezone()
            self.start = datetime.combine(timezone.localdate(self.start), time.min, zone)
            self.end = datetime.combine(timezone.localdate(self.end), time(23, 59, 59), zone)
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The event cannot end before it starts.")
        if not (self.venue or self.street or self.online_url):
            errors["venue"] = _("Say where the event takes place: a venue, an address or a link.")
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = _("Registration must close before the event starts.")
        errors.update(series_errors(self))
        if self.status != self.Status.SCHEDULED and not self.status_message.strip():
            errors["status_message"] = _("Say what changed: it is shown and mailed.")
        if self.status == self.Status.MOVED_ONLINE and not self.online_url:
            errors["online_url"] = _("An event moved online needs the link to join.")
        if errors:
            raise ValidationError(errors)

    # What visitors see

    def when(self):
        """The date and time as people write them: "Donnerstag, 3. Dezember 2026, 18:00–20:00
        Uhr" in German."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        same_day = start.date() == end.date()
        if self.all_day:
            if same_day:
                return long_date(start)
            return _("%(start)s to %(end)s") % {"start": long_date(start), "end": long_date(end)}
        times = {"start": time_format(start), "end": time_format(end)}
        if same_day:
            return _("%(date)s, %(start)s–%(end)s") % {"date": long_date(start), **times}
        return _("%(start_date)s, %(start)s to %(end_date)s, %(end)s") % {
            "start_date": long_date(start),
            "end_date": long_date(end),
            **times,
        }

    def address_lines(self):
        """Venue, street, postcode and city; nothing for an event that is only online."""
        if not (self.venue or self.street):
            return []
        return [
            line
            for line in (self.venue, self.street, f"{self.postcode} {self.city}".strip())
            if line
        ]

    def public_online_url(self):
        """The link to join, unless only registered people are to have it."""
        return "" if self.registration_required else self.online_url

    @cached_property
    def organisers(self):
        return [
            link.organisation
            for link in with_profile_links(self.organiser_links.all(), "organisation")
        ]

    @property
    def is_past(self):
        return self.end < timezone.now()

    # Registration: by the German page's settings and records (self.rules).

    @cached_property
    def confirmed_count(self):
        return self.rules.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @property
    def seats_left(self):
        if self.rules.capacity is None:
            return None
        return max(self.rules.capacity - self.confirmed_count, 0)

    @property
    def is_full(self):
        return self.seats_left == 0

    @property
    def registration_closes_at(self):
        return self.rules.registration_deadline or self.rules.start

    @property
    def registration_open(self):
        return (
            self.rules.registration_required
            and self.rules.status not in self.CLOSED
            and timezone.now() < self.registration_closes_at
        )

    @property
    def changed(self):
        return self.status != self.Status.SCHEDULED

    def change_key(self):
        """What registrants are told of, as a key: a change mailed once is not mailed again,
        a further change (another date, another text) is."""
        parts = [self.status, self.start.isoformat(), self.end.isoformat(), self.online_url]
        digest = hashlib.sha256("|".join([*parts, self.status_message]).encode()).hexdigest()
        return f"event:{self.pk}:change:{digest[:16]}"

    def thank_you_text(self, request):
        return self.THANK_YOU_BY_PLACE.get(request.GET.get("platz"), self.thank_you)

    @path("kalender/", name="ical")
    def ical_view(self, request):
        return calendar_response(calendar([self], name=self.title), filename=f"{self.slug}.ics")

    @path("kalender/reihe/", name="series_ical")
    def series_ical_view(self, request):
        """Every date of the series this event belongs to, as one entry with its rule."""
        first = self.series or self
        if not first.repeat:
            raise Http404
        series = EventPage.objects.series_of([first])
        content = calendar([first, *series[first]], name=first.title, series=series)
        return calendar_response(content, filename=f"{first.slug}-reihe.ics")

    @property
    def in_series(self):
        return bool(self.series_id or self.repeat)

    @path("absagen/<str:token>/", name="cancel")
    @method_decorator(never_cache)
    def cancel_view(self, request, token):
        """The link in a registrant's emails: a page to cancel with one click on its button.
        Opening the link changes nothing (mail scanners open links too)."""
        registration = Registration.from_cancel_token(token, event=self)
        if registration is None:
            context = {**self.get_context(request), "invalid": True}
            return TemplateResponse(request, "events/registration_cancel.html", context, status=400)
        if request.method == "POST" and not self.is_past:
            service(self.cancellation)(registration)
            return redirect(request.path)
        context = {**self.get_context(request), "registration": registration}
        return TemplateResponse(request, "events/registration_cancel.html", context)

    def get_form_kwargs(self):
        """The German page's questions, whether each is about health among them; in a
        translation's words where it asks as many (matched by their order)."""
        questions = list(self.rules.questions.all())
        words = list(self.questions.all()) if self.rules is not self else questions
        if len(words) == len(questions):
            for question, worded in zip(questions, words, strict=True):
                question.shown_label = worded.label
        return {"questions": questions}

    def checkin_token(self):
        """The helpers' link to the check-in list: signed for this event, and working until a
        day after it (events/views.py)."""
        return signing.dumps(self.pk, salt=CHECKIN_SALT)

    def continued_reports(self):
        """The reports this event continues (their follow-up) that visitors may see, German
        pages only: a report's translation names the same follow-up."""
        return published(self.preceding_reports.all())

    def schema_org(self, request=None):
        """schema.org Event data for the page's head (events/schema.py); read by its template
        only, so pages like the cancel page do not build it."""
        return event_data(self, request)


def long_date(moment):
    return f"{date_format(moment, 'l')}, {date_format(moment, 'DATE_FORMAT')}"


class EventQuestion(Orderable):
    """A question the registration form asks for this event. Answers about health (access
    needs, diet: GDPR Art. 9) need the registrant's explicit consent, are shown to the Office
    only, and are deleted once the event is over."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice: one answer per line.")
    )
    required = models.BooleanField(_("required"), default=False)
    health = models.BooleanField(
        _("about health"),
        default=False,
        help_text=_(
            "Access needs, diet and the like (GDPR Art. 9): asked with an explicit consent, "
            "seen by the Office only, deleted after the event."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("kind"),
        FieldPanel("choices"),
        FieldPanel("required"),
        FieldPanel("health"),
    ]

    def clean(self):
        if self.kind == self.Kind.CHOICE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("A choice needs at least two answers.")})
        if self.health and self.required:
            raise ValidationError({"required": _("A health question cannot be required.")})

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class EventException(Orderable):
    """A date of a series left out, or moved to another time."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date in the series"), help_text=_("One of the series' dates."))
    moved_to = models.DateTimeField(
        _("moved to"), null=True, blank=True, help_text=_("Empty: the date is left out.")
    )

    panels = [FieldPanel("date"), FieldPanel("moved_to")]


class EventOrganiser(Orderable):
    api_fields = ["organisation"]

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organiser_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_links",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "organisation"], name="unique_event_organiser")
        ]


class Registration(Submission):
    """A seat at an event, or a place on its waiting list, until the person cancels."""

    shown_on_pages = "event"  # as the seats left (cms/cache/)

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATUSES = [Status.CONFIRMED, Status.WAITLISTED]
    # Seats are given by the capacity alone (raise it to let the waiting list move up); the
    # office only cancels.
    OFFICE_MOVES = {
        Status.CONFIRMED: [Status.CANCELLED],
        Status.WAITLISTED: [Status.CANCELLED],
        Status.CANCELLED: [],
    }

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    promotion_sent_at = models.DateTimeField(_("move-up email sent"), null=True, blank=True)
    cancellation_sent_at = models.DateTimeField(_("cancellation email sent"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # {question: answer} as asked; answers about health apart, with their consent.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    health_answers = models.JSONField(_("answers about health"), default=dict, blank=True)
    health_consent_at = models.DateTimeField(_("consent to health data"), null=True, blank=True)

    class Meta(Submission.Meta):
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            # One active registration per person and event: a double click or a second visit
            # finds the first.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="one_active_registration_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} → {self.event}"

    def answers_text(self):
        return "; ".join(f"{question}: {answer}" for question, answer in self.answers.items())

    def health_answers_text(self):
        return "; ".join(f"{q}: {a}" for q, a in self.health_answers.items())

    def cancel_url(self):
        token = path_token(str(self.pk), CANCEL_SALT)
        return self.event.full_url + self.event.reverse_subpage("cancel", args=[token])

    @classmethod
    def from_cancel_token(cls, token, event):
        pk = path_token_value(token, CANCEL_SALT)
        return None if pk is None else cls.objects.filter(pk=pk, event=event).first()


class EventSubmissionPage(FormPageMixin, Page):
    """ "Veranstaltung vorschlagen": partners propose an event; it becomes a draft event in the
    Office's moderation workflow (events/services.py)."""

    intro = models.TextField(_("introduction"), blank=True)
    thank_you = models.TextField(
        _("thank-you text"),
        default=(
            "Danke für Ihren Vorschlag! Das Büro prüft ihn und schreibt Ihnen, sobald die "
            "Veranstaltung im Kalender steht."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    max_count = 1
    show_in_menus_default = False
    form_class = EventSubmissionForm
    form_submitted = "events.services.event_submitted"

    class Meta:
        verbose_name = _("event proposal page")


class EventSubmission(ReviewedSubmission):
    """Who proposed an event, for the Office and the mail that tells them how it was decided;
    the decision itself is the moderation workflow's (approved: published)."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("proposed event"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    title = models.CharField(_("title"), max_length=255)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=120)
    email = models.EmailField(_("email address"))
    decision_comment = models.TextField(_("comment on the decision"), blank=True)

    class Meta(ReviewedSubmission.Meta):
        verbose_name = _("event proposal")
        verbose_name_plural = _("event proposals")

    def __str__(self):
        return f"{self.title} ({self.organisation_name})"
