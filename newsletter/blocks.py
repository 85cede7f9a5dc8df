"""The blocks of a newsletter issue. Each renders twice: as part of the web page in the archive
(its `template`) and as part of the email (newsletter/email/blocks/<name>.html and .txt)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks import (
    RICH_TEXT_FEATURES,
    CallToActionBlock,
    CaptionedImageBlock,
    HeadingBlock,
)
from cms.pages import published
from events.models import EventPage
from funding.models import FundingDeadline


class ReportsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Neue Berichte", label=_("Heading"))
    reports = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="reports.ReportPage"), label=_("Reports")
    )

    class Meta:
        icon = "doc-full"
        label = _("Chosen reports")
        template = "newsletter/blocks/reports.html"


class UpcomingEventsBlock(blocks.StructBlock):
    """The next events at the time the issue is shown or sent, so it never lists past ones."""

    heading = blocks.CharBlock(
        max_length=120, default="Kommende Veranstaltungen", label=_("Heading")
    )
    count = blocks.IntegerBlock(min_value=1, max_value=10, default=3, label=_("How many"))

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "newsletter/blocks/events.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["events"] = list(
            published(EventPage.objects).upcoming().for_cards()[: value["count"]]
        )
        return context


class FundingDeadlinesBlock(blocks.StructBlock):
    """The next funding deadlines at the time the issue is shown or sent."""

    heading = blocks.CharBlock(max_length=120, default="Förderfristen", label=_("Heading"))
    count = blocks.IntegerBlock(min_value=1, max_value=10, default=3, label=_("How many"))

    class Meta:
        icon = "time"
        label = _("Funding deadlines")
        template = "newsletter/blocks/deadlines.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["deadlines"] = FundingDeadline.objects.upcoming(value["count"])
        return context


class NewsletterBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    reports = ReportsBlock()
    events = UpcomingEventsBlock()
    deadlines = FundingDeadlinesBlock()
