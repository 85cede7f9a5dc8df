"""The guide "Wer ist zuständig?": for the things initiatives do in their neighbourhood, which city
department decides, which permits and insurance they need and how long it takes; and for each
department, what it is responsible for."""

from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import SampleContent
from cms.pages import ListingPage, route_locations, url_of
from organisations.models import DEPARTMENTS, Organisation, with_profile_links


def department_url(organisation):
    """A city department's page in the guide, or "" while the site has no guide."""
    guide = url_of(ResponsibilityGuidePage)
    return f"{guide}referate/{organisation.pk}/" if guide else ""


class ResponsibilityGuidePage(RoutablePageMixin, ListingPage):
    """ "Wer ist zuständig?": for the things initiatives do in their neighbourhood, which city
    department decides, which permits and insurance they need and how long it takes; and for
    each department, what it is responsible for."""

    query_parameters = ("q",)  # cms/cache/parameters.py

    subpage_types = ["guide.ActivityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("responsibility guide")

    def get_sitemap_urls(self, request=None):
        departments = Organisation.objects.filter(**DEPARTMENTS).order_by("pk")
        return [
            *super().get_sitemap_urls(request),
            *route_locations(self, request, "department", departments.values_list("pk", flat=True)),
        ]

    def activities(self):
        return self.listed().order_by("title")

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
            template="guide/department_page.html",
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

    shows_page_types = ("network.InitiativePage",)  # profiles of those involved (cms/cache/)
    parent_page_types = ["guide.ResponsibilityGuidePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            departments=with_profile_links(self.department_links.all(), "organisation"),
            permits=self.permits.select_related("issued_by"),
            contacts=self.contacts.select_related("organisation"),
        )
        return context


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
