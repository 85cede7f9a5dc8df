"""The alliance's network: the public profiles of its initiatives and partners, the working groups
("Manufakturen") with their sign-ups, and the applications of organisations that want to join."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
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
from cms.cache.frame import from_listings
from cms.models import OPEN_STATUSES, PageImage, ReviewedSubmission, SampleContent
from cms.pages import FormPageMixin, ListingPage, choice_param, page_of, published, slug_param
from cms.translations import is_translation
from organisations.districts import Tally, per_district
from organisations.models import Coordinates, District, Organisation
from reports.models import ReportChallenge

from .choices import Sector
from .forms import ManufakturSignupForm, PartnerApplicationForm

REPORTS_PER_PROFILE_PAGE = 12
PROFILES_PER_PAGE = 12


class InitiativeTopic(TaggedItemBase):
    content_object = ParentalKey(
        "network.InitiativePage", on_delete=models.CASCADE, related_name="topic_items"
    )


def profile_schema(page, request=None):
    """A profile page as schema.org Organization data for its head."""
    data = {
        "@context": "https://schema.org",
        **(page.organisation.schema_org() if page.organisation else {"@type": "Organization"}),
        "name": page.title,
        "description": page.teaser,
        "url": page.get_full_url(request),
        "areaServed": {"@type": "City", "name": "München"},
    }
    if page.organisation and page.organisation.website:
        data["sameAs"] = page.organisation.website
    if geo := getattr(page, "schema_geo", dict)():  # a profile may say where it is
        data["location"] = {"@type": "Place", **geo}
    for field, key in (("contact_email", "email"), ("contact_phone", "telephone")):
        if getattr(page, field, ""):  # public contacts only (a coordinator's address is not)
            data[key] = getattr(page, field)
    return data  # the share image is the page's og:image


class InitiativeIndexPage(ListingPage):
    """Who does what where: the profiles, filterable by district, topic and kind."""

    query_parameters = ("district", "kind", "topic", "page")  # cms/cache/parameters.py

    subpage_types = ["network.InitiativePage"]

    class Meta:
        verbose_name = _("profile index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        profiles = self.listed()
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
            profiles.select_related("organisation", "logo", "image")
            .prefetch_related("logo__renditions", "image__renditions", "topics")
            .order_by("title")
        )
        districts_in_use, kinds_in_use, topics = from_listings(
            f"profile-filters:{self.pk}", self.filters_in_use
        )
        context.update(
            items=page_of(request, profiles, PROFILES_PER_PAGE),
            filtered=bool(district or kind or topic),
            districts=[choice for choice in District.choices if choice[0] in districts_in_use],
            kinds=[choice for choice in Organisation.Kind.choices if choice[0] in kinds_in_use],
            topics=topics,
            selected_district=district,
            selected_kind=kind,
            selected_topic=topic,
        )
        return context

    def filters_in_use(self):
        """What the filters offer: the districts and kinds of the listed profiles, and their
        topics (the same for every visitor: kept with the listings' facts)."""
        listed = self.listed()
        in_use = set(listed.values_list("district", "organisation__kind").order_by().distinct())
        topics = Tag.objects.filter(network_initiativetopic_items__content_object__in=listed)
        return (
            {district for district, _kind in in_use},
            {kind for _district, kind in in_use},
            list(topics.distinct().order_by("name")),
        )


def require_organisation(page):
    """A German profile or working group names its organisation; a translation takes its
    German page's (it has none of its own: one page per organisation)."""
    if page.organisation_id is None and not is_translation(page):
        required = page._meta.get_field("organisation").error_messages["required"]
        raise ValidationError({"organisation": required})


class InitiativePage(Coordinates, SampleContent, PageImage, Page):
    """The public profile of an initiative, association or partner of the alliance."""

    query_parameters = ("page",)  # cms/cache/parameters.py

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,  # on a translation (a German profile requires it: clean())
        on_delete=models.SET_NULL,
        related_name="initiative_page",
        help_text=_("Reports that name this organisation link to this profile."),
    )
    # One page per organisation: a copy or a translation takes none (a translation's
    # relations are its German page's, cms/translations.py).
    exclude_fields_in_copy = ["organisation"]

    def clean(self):
        super().clean()
        require_organisation(self)

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

    schema_org = profile_schema  # JSON-LD in the head

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("organisation"),
        FieldPanel("teaser"),
        FieldPanel("logo"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("topics"),
            ],
            heading=_("Where and what"),
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

    shows_page_types = ("reports.ReportPage",)  # the reports it took part in (cms/cache/)
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
            self.organisation.report_links.filter(page__in=published(Page.objects))
            .select_related("page__image")
            .prefetch_related(
                "page__image__renditions",
                Prefetch(
                    "page__challenge_links",
                    queryset=ReportChallenge.objects.select_related("challenge"),
                ),
            )
            .order_by("-page__date", "-page_id")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report_links"] = page_of(request, self.report_links(), REPORTS_PER_PROFILE_PAGE)
        return context


def district_tally():
    """The published profiles per district, for the district map (organisations/districts.py)."""
    return Tally(
        key="profiles",
        title=_("Profiles"),
        phrase=ngettext_lazy("%(count)d profile", "%(count)d profiles", "count"),
        count=lambda: per_district(published(InitiativePage.objects)),
    )


class ManufakturIndexPage(ListingPage):
    """The working groups ("Manufakturen") people can join."""

    subpage_types = ["network.ManufakturPage"]

    class Meta:
        verbose_name = _("Manufaktur index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.listed().order_by("title")
        return context


class ManufakturPage(FormPageMixin, SampleContent, PageImage, Page):
    """A working group: what it works on, where and how often it meets, and a sign-up form."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,  # on a translation (a German page requires it: clean())
        on_delete=models.SET_NULL,
        related_name="manufaktur_page",
        help_text=_("Reports that name this working group link to this page."),
    )
    exclude_fields_in_copy = ["organisation"]  # as a profile's

    def clean(self):
        super().clean()
        require_organisation(self)

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

    schema_org = profile_schema  # JSON-LD in the head

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("organisation"),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
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

    shows_page_types = ()  # nothing but its own content (cms/cache/)
    parent_page_types = ["network.ManufakturIndexPage"]
    subpage_types = []
    form_class = ManufakturSignupForm
    form_submitted = "network.services.signup_submitted"

    class Meta:
        verbose_name = _("Manufaktur")
        verbose_name_plural = _("Manufakturen")


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
    form_submitted = "network.services.application_submitted"

    class Meta:
        verbose_name = _("partner application page")


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
