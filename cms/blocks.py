"""StreamField blocks shared by every page type, so editors meet the same tools everywhere."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class LinkValue(blocks.StructValue):
    def href(self):
        if page := self.get("page"):
            return page.url
        if email := self.get("email"):
            return f"mailto:{email}"
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A link to a page, another site or an email address: exactly one of them."""

    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External address"))
    email = blocks.EmailBlock(required=False, label=_("Email address"))
    label = blocks.CharBlock(max_length=60, label=_("Link text"))

    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("page", "url", "email") if value.get(name)]
        if len(targets) != 1:
            error = ValidationError(_("Choose exactly one: a page, an address or an email."))
            raise blocks.StructBlockValidationError(
                block_errors={name: error for name in ("page", "url", "email")}
            )
        return value

    class Meta:
        value_class = LinkValue
        icon = "link"
        label = _("Link")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=120, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    icon = blocks.ChoiceBlock(
        choices=[
            ("mail", _("Envelope")),
            ("handshake", _("Handshake")),
            ("people", _("People")),
            ("heart", _("Heart")),
        ],
        required=False,
        label=_("Symbol"),
    )
    heading = blocks.CharBlock(max_length=80, label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"))
    link = LinkBlock(label=_("Link"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
