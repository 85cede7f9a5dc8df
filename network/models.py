"""The alliance's members and partners as shared records, so every report, profile and event
refers to the same organisation instead of retyping its name."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.fields import page_link


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
    profile_page = page_link(
        _("profile page"),
        help_text=_("Where reports and events link to when they name this organisation."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("profile_page"),
    ]
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
