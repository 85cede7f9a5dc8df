"""The alliance: its members and partners as shared records, so every report, profile and event
refers to the same organisation instead of retyping its name, and their public profiles."""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import OPEN_STATUSES, ReviewedSubmission, SampleContent
from cms.pages import (
    FormPageMixin,
    choice_param,
    published,
    route_locations,
    slug_param,
    url_of,
)

from .choices import District, Sector
from .forms import ManufakturSignupForm, PartnerApplicationForm

REPORTS_PER_PROFILE_PAGE = 12
PROFILES_PER_PAGE = 12


class Organisation(index.Indexed, models.Model):
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
        """A city department's page in the "Wer ist zuständig?" guide, or ""."""
        if self.kind != self.Kind.CITY_DEPARTMENT:
            return ""
        guide = url_of(ResponsibilityGuidePage)
        return f"{guide}referate/{self.pk}/" if guide else ""

    @property
    def profile_page(self):
        """The organisation's live profile page, if it has one."""
        for relation in self.PROFILE_RELATIONS:
            page = getattr(self, relation, None)
            if page is not None and page.live:
                return page
        return None


class InitiativeTopic(TaggedItemBase):
    content_object = ParentalKey(
        "network.InitiativePage", on_delete=models.CASCADE, related_name="topic_items"
    )


class InitiativeIndexPage(Page):
    """Who does what where: the profiles, filterable by district, topic and kind."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.InitiativePage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("profile index")

    def profiles(self):
        return published(InitiativePage.objects).child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        profiles = self.profiles()
        district = choice_param(request, "district", District)
        if district:
            profiles = profiles.filter(district=district)
        kind = choice_param(request, "kind", Organisation.Kind)
        if kind:
            profiles = profiles.filter(organisation__kind=kind)
        slug = slug_param(request, "topic")
        topic = Tag.objects.filter(slug=slug).first() if slug else None
        if topic:
            profiles = profiles.filter(topics=topic)
        profiles = (
            profiles.select_related("organisation", "logo")
            .prefetch_related("logo__renditions", "topics")
            .order_by("title")
        )
        all_profiles = self.profiles()
        districts_in_use = set(all_profiles.values_list("district", flat=True))
        kinds_in_use = set(all_profiles.values_list("organisation__kind", flat=True))
        context.update(
            profiles=Paginator(profiles, PROFILES_PER_PAGE).get_page(request.GET.get("page")),
            districts=[choice for choice in District.choices if choice[0] in districts_in_use],
            kinds=[choice for choice in Organisation.Kind.choices if choice[0] in kinds_in_use],
            topics=Tag.objects.filter(
                network_initiativetopic_items__content_object__in=all_profiles
            )
            .distinct()
            .order_by("name"),
            selected_district=district,
            selected_kind=kind,
            selected_topic=topic,
        )
        return context


class InitiativePage(Page):
    """The public profile of an initiative, association or partner of the alliance."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="initiative_page",
        help_text=_("Reports that name this organisation link to this profile."),
    )
    teaser = models.TextField(_("teaser"), max_length=300)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.CharField(
        _("district"),
        max_length=2,
        choices=District.choices,
        blank=True,
        help_text=_("Leave empty for initiatives active across the city."),
    )
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=InitiativeTopic, blank=True)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    contact_email = models.EmailField(_("public email address"), blank=True)
    contact_phone = models.CharField(_("public phone number"), max_length=40, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("teaser"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("district"), FieldPanel("topics")], heading=_("Where and what")
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Public contact"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("description"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("district"),
    ]

    parent_page_types = ["network.InitiativeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def report_links(self):
        """This organisation's part in live reports, newest report first, with what the
        report cards show (image, challenges) fetched in bulk."""
        if not self.organisation_id:
            return []
        return (
            self.organisation.report_links.filter(page__live=True)
            .select_related("page__image")
            .prefetch_related(
                "page__image__renditions",
                Prefetch(
                    "page__challenge_links",
                    # home depends on network, so its model is named, not imported.
                    queryset=apps.get_model("home", "ReportChallenge").objects.select_related(
                        "challenge"
                    ),
                ),
            )
            .order_by("-page__date", "-page_id")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report_links"] = Paginator(self.report_links(), REPORTS_PER_PROFILE_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class ManufakturIndexPage(Page):
    """The working groups ("Manufakturen") people can join."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.ManufakturPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("Manufaktur index")

    def manufakturen(self):
        return published(ManufakturPage.objects).child_of(self).order_by("title")


class ManufakturPage(FormPageMixin, Page):
    """A working group: what it works on, where and how often it meets, and a sign-up form."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="manufaktur_page",
        help_text=_("Reports that name this working group link to this page."),
    )
    teaser = models.TextField(_("teaser"), max_length=300)
    goals = RichTextField(_("what the group works on"), features=RICH_TEXT_FEATURES)
    meeting_place = models.CharField(_("where it meets"), max_length=200, blank=True)
    meeting_rhythm = models.CharField(
        _("how often it meets"),
        max_length=200,
        blank=True,
        help_text=_('E.g. "every second Tuesday of the month, 7 pm".'),
    )
    coordinator_name = models.CharField(_("coordinator"), max_length=120)
    coordinator_email = models.EmailField(
        _("coordinator's email address"),
        help_text=_("Internal: receives new sign-ups. Never shown on the site."),
    )
    signup_intro = models.TextField(
        _("text above the sign-up form"),
        blank=True,
        default="Sie möchten mitarbeiten? Schreiben Sie uns kurz, was Sie einbringen möchten.",
    )
    thank_you = models.TextField(
        _("thank-you text"),
        default="Danke für Ihre Anmeldung! Die Koordination meldet sich bei Ihnen.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("teaser"),
        FieldPanel("goals"),
        MultiFieldPanel(
            [FieldPanel("meeting_place"), FieldPanel("meeting_rhythm")], heading=_("Meetings")
        ),
        MultiFieldPanel(
            [FieldPanel("coordinator_name"), FieldPanel("coordinator_email")],
            heading=_("Coordination"),
        ),
        MultiFieldPanel(
            [FieldPanel("signup_intro"), FieldPanel("thank_you")], heading=_("Sign-up form")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("goals"),
        index.SearchField("meeting_place"),
    ]

    parent_page_types = ["network.ManufakturIndexPage"]
    subpage_types = []
    form_class = ManufakturSignupForm

    class Meta:
        verbose_name = _("Manufaktur")
        verbose_name_plural = _("Manufakturen")

    def form_valid(self, form):
        from .services import sign_up  # services import this module

        sign_up(self, form.cleaned_data)


class ManufakturSignup(ReviewedSubmission):
    """Someone who wants to work in a Manufaktur; the office and the coordinator follow up."""

    manufaktur = models.ForeignKey(
        ManufakturPage,
        verbose_name=_("Manufaktur"),
        on_delete=models.PROTECT,
        related_name="signups",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    contribution = models.TextField(_("what they would like to contribute"))

    class Meta(ReviewedSubmission.Meta):
        verbose_name = _("Manufaktur sign-up")
        verbose_name_plural = _("Manufaktur sign-ups")
        constraints = [
            # One open sign-up per person and Manufaktur: a double click, a resubmit or a
            # second visit while the first is open finds the first.
            models.UniqueConstraint(
                fields=["manufaktur", "email"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_signup_per_person",
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.manufaktur}"


class PartnerApplicationPage(FormPageMixin, Page):
    """ "Bündnispartner werden": editors write the text, organisations apply through the form."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you = models.TextField(
        _("thank-you text"),
        default="Danke für Ihre Bewerbung! Wir melden uns, sobald wir sie geprüft haben.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []
    max_count = 1
    form_class = PartnerApplicationForm

    class Meta:
        verbose_name = _("partner application page")

    def form_valid(self, form):
        from .services import apply_as_partner  # services import this module

        apply_as_partner(self, form.cleaned_data)


class PartnerApplication(ReviewedSubmission):
    """An organisation that wants to join the alliance, until the office decides."""

    # What the applicant fills in (the rest is the office's).
    APPLICANT_FIELDS = [
        "organisation_name",
        "sector",
        "website",
        "district",
        "contact_name",
        "email",
        "phone",
        "offers",
        "wants",
    ]

    page = models.ForeignKey(
        PartnerApplicationPage,
        verbose_name=_("sent from"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    district = models.CharField(_("district"), max_length=2, choices=District.choices, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    offers = models.TextField(_("what the organisation brings"))
    wants = models.TextField(_("what the organisation wants"))

    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, blank=True)

    class Meta(ReviewedSubmission.Meta):
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "organisation_name"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_application_per_organisation",
            )
        ]

    def __str__(self):
        return self.organisation_name


class ResponsibilityGuidePage(RoutablePageMixin, Page):
    """ "Wer ist zuständig?": for the things initiatives do in their neighbourhood, which city
    department decides, which permits and insurance they need and how long it takes; and for
    each department, what it is responsible for."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.ActivityPage"]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("responsibility guide")

    def get_sitemap_urls(self, request=None):
        departments = Organisation.objects.filter(**DEPARTMENTS).order_by("pk")
        return [
            *super().get_sitemap_urls(request),
            *route_locations(self, request, "department", departments.values_list("pk", flat=True)),
        ]

    def activities(self):
        return published(ActivityPage.objects).child_of(self).order_by("title")

    @path("")
    def choose(self, request):
        """The activities, narrowed by a search for the visitor's own words."""
        # Words only: a NUL byte could not even reach PostgreSQL.
        query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        activities = self.activities()
        if query:
            activities = activities.filter(
                Q(title__icontains=query)
                | Q(summary__icontains=query)
                | Q(keywords__icontains=query)
            )
        return self.render(request, context_overrides={"activities": activities, "query": query})

    @path("referate/<int:pk>/", name="department")
    def department(self, request, pk):
        department = get_object_or_404(Organisation, pk=pk, **DEPARTMENTS)
        return self.render(
            request,
            template="network/department_page.html",
            context_overrides={
                "department": department,
                "responsibilities": department.activity_links.filter(page__in=self.activities())
                .select_related("page")
                .order_by("page__title"),
                "permits": department.permits.filter(page__in=self.activities())
                .select_related("page")
                .order_by("page__title", "sort_order"),
                "challenges": department.challenges.all(),
            },
        )


class ActivityPage(SampleContent, Page):
    """One activity (a street party, a parklet …) as a checklist: who decides, which permits
    and insurance, how much time to allow, whom to ask."""

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    keywords = models.CharField(
        _("other words for it"),
        max_length=255,
        blank=True,
        help_text=_('Words visitors may search for, e.g. "Hoffest, Nachbarschaftsfest".'),
    )
    lead_time_weeks = models.PositiveSmallIntegerField(
        _("typical lead time in weeks"),
        null=True,
        blank=True,
        help_text=_("How long before the date to start, all permits included."),
    )
    insurance = RichTextField(_("insurance"), features=RICH_TEXT_FEATURES, blank=True)
    tips = RichTextField(_("tips from practice"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("summary"),
        FieldPanel("keywords"),
        InlinePanel(
            "department_links", heading=_("Responsible departments"), label=_("Department")
        ),
        FieldPanel("lead_time_weeks"),
        InlinePanel("permits", heading=_("Permits"), label=_("Permit")),
        FieldPanel("insurance"),
        InlinePanel("steps", heading=_("Checklist"), label=_("Step")),
        InlinePanel("contacts", heading=_("Contacts"), label=_("Contact")),
        FieldPanel("tips"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("keywords"),
        index.SearchField("insurance"),
        index.RelatedFields("permits", [index.SearchField("name")]),
    ]

    parent_page_types = ["network.ResponsibilityGuidePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            departments=self.department_links.select_related(
                *(f"organisation__{name}" for name in Organisation.PROFILE_RELATIONS)
            ),
            permits=self.permits.select_related("issued_by"),
            contacts=self.contacts.select_related("organisation"),
        )
        return context


DEPARTMENTS = {"kind": Organisation.Kind.CITY_DEPARTMENT}


class ActivityDepartment(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="department_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="activity_links",
        limit_choices_to=DEPARTMENTS,
    )
    decides = models.CharField(
        _("what it decides"),
        max_length=255,
        blank=True,
        help_text=_('E.g. "Sondernutzungserlaubnis für Straßen und Plätze".'),
    )

    panels = [FieldPanel("organisation"), FieldPanel("decides")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "organisation"], name="unique_activity_department"
            )
        ]


class ActivityPermit(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="permits")
    name = models.CharField(_("permit"), max_length=200)
    issued_by = models.ForeignKey(
        Organisation,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="permits",
    )
    lead_time = models.CharField(
        _("lead time"), max_length=100, blank=True, help_text=_('E.g. "4 bis 6 Wochen".')
    )
    note = models.TextField(_("what to know"), blank=True)
    link = models.URLField(_("form or information"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("issued_by"),
        FieldPanel("lead_time"),
        FieldPanel("note"),
        FieldPanel("link"),
    ]


class ActivityStep(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=255)

    panels = [FieldPanel("text")]


class ActivityContact(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(
        _("name or office"), max_length=200, help_text=_('E.g. "Bezirksinspektion Mitte".')
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("website"),
    ]
