from django import template
from django.template.loader import render_to_string
from django.utils import translation

from cms.cache.frame import from_site_frame
from cms.cache.parameters import page_address
from cms.pages import published
from newsletter.forms import SubscribeForm
from newsletter.models import NewsletterIndexPage

register = template.Library()


@register.inclusion_tag("newsletter/includes/footer_form.html", takes_context=True)
def newsletter_footer_form(context):
    """The short subscribe form in every page's footer; it posts to the newsletter page. Its
    fields are the same on every page in a language (no token: the time it was shown comes
    from a request of its own), so they are rendered once until the site frame changes; only
    the page it stands on is filled in per request."""
    if isinstance(context.get("page"), NewsletterIndexPage):
        return {}  # the newsletter page shows the full form
    page = from_site_frame("newsletter-page", published(NewsletterIndexPage.objects).first)
    if page is None:
        return {}
    request = context["request"]

    def fields():
        form = SubscribeForm(request=request, consent_text=page.consent_text, auto_id="footer-%s")
        return render_to_string("newsletter/includes/footer_fields.html", {"form": form})

    return {
        "newsletter_page": page,
        "source": page_address(request),
        "fields": from_site_frame(f"newsletter-footer:{translation.get_language()}", fields),
    }
