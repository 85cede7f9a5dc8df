from django import template

from cms.cache.frame import from_site_frame
from cms.pages import published
from newsletter.forms import SubscribeForm
from newsletter.models import NewsletterIndexPage

register = template.Library()


@register.inclusion_tag("newsletter/includes/footer_form.html", takes_context=True)
def newsletter_footer_form(context):
    """The short subscribe form in every page's footer; it posts to the newsletter page."""
    if isinstance(context.get("page"), NewsletterIndexPage):
        return {}  # the newsletter page shows the full form
    page = from_site_frame("newsletter-page", published(NewsletterIndexPage.objects).first)
    if page is None:
        return {}
    form = SubscribeForm(
        request=context["request"], consent_text=page.consent_text, auto_id="footer-%s"
    )
    return {"newsletter_page": page, "form": form}
