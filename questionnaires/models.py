"""Questionnaires and feedback forms that editors build in the admin (Wagtail's form builder),
with what every public form of the site has: the spam defence, a consent box that says how long
the answers are kept, the answers in the privacy export and erasure, and spreadsheet exports
that nothing in them can run."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractFormField,
    AbstractFormSubmission,
    FormMixin,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import SampleContent
from cms.pages import FormPageMixin

from .forms import QuestionnaireAdminForm, QuestionnaireFormBuilder

# The builder's field types but the email address, which the page asks for itself (so that
# the privacy export and erasure find the answers), and hidden fields, which no visitor fills.
QUESTION_TYPES = [choice for choice in FORM_FIELD_CHOICES if choice[0] not in ("email", "hidden")]


class QuestionnaireField(AbstractFormField):
    field_type = models.CharField(_("field type"), max_length=16, choices=QUESTION_TYPES)
    field_type.required_on_save = True  # as Wagtail's, for previews of unsaved questions
    page = ParentalKey(
        "questionnaires.QuestionnairePage", on_delete=models.CASCADE, related_name="form_fields"
    )

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class QuestionnairePage(FormPageMixin, FormMixin, SampleContent, Page):
    """A questionnaire or feedback form: the editor writes the questions, the answers are in
    the admin's "Forms" with their export."""

    class AskEmail(models.TextChoices):
        NO = "", _("No")
        OPTIONAL = "optional", _("Optional")
        REQUIRED = "required", _("Required")

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    ask_email = models.CharField(
        _("ask for an email address"),
        max_length=10,
        choices=AskEmail.choices,
        default=AskEmail.NO,
        blank=True,
        help_text=_("Only where you will write back: answers without an address are anonymous."),
    )
    consent_text = models.CharField(
        _("consent"),
        max_length=300,
        default="Ich bin einverstanden, dass MIN meine Antworten speichert und auswertet.",
        help_text=_("What people agree to; the form adds how long the answers are kept."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep answers for (days)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Then they are deleted, every night, without further notice."),
    )
    thank_you = models.TextField(_("thank-you text"), default="Danke für Ihre Antworten!")

    form_builder = QuestionnaireFormBuilder
    base_form_class = QuestionnaireAdminForm
    form_submitted = "questionnaires.services.questionnaire_submitted"
    preview_modes = Page.DEFAULT_PREVIEW_MODES  # the form; the thank-you text is plain

    content_panels = [
        *Page.content_panels,
        FieldPanel("is_sample"),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Questions"), label=_("Question")),
        MultiFieldPanel(
            [FieldPanel("ask_email"), FieldPanel("consent_text"), FieldPanel("retention_days")],
            heading=_("Personal data"),
        ),
        FieldPanel("thank_you"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    @property
    def form_class(self):
        rules = self.rules  # a translation gives words, not rules
        return self.form_builder(rules.get_form_fields(), page=rules, words=self).get_form_class()

    def get_form_class(self):
        return self.form_class

    def get_submissions_list_view_class(self):
        # By path: admin views cannot be imported while the models load.
        return import_string("cms.viewsets.FormSubmissionsView")

    def get_submission_class(self):
        return QuestionnaireSubmission

    def get_data_fields(self):
        fields = super().get_data_fields()
        if self.ask_email:
            fields.insert(1, ("email", _("Email address")))
        return fields


class QuestionnaireSubmission(AbstractFormSubmission):
    """The answers to a questionnaire (form_data), with the address the person gave, if any,
    by which the privacy export and erasure find them."""

    key = models.UUIDField(unique=True, editable=False)  # the same form sent twice is one
    email = models.EmailField(_("email address"), max_length=254, blank=True, db_index=True)
    consented_at = models.DateTimeField(_("consent given at"))
    # What the person agreed to, in the words shown (German, or the English page's), and the
    # period it named: the nightly purge follows it (questionnaires/privacy.py).
    consent_text = models.TextField(_("consent text shown"), blank=True)
    retention_days = models.PositiveSmallIntegerField(_("kept for (days)"))

    class Meta(AbstractFormSubmission.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def get_data(self):
        return {**super().get_data(), "email": self.email}
