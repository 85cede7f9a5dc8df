from django import template

from cms.pages import url_of
from funding.models import FundingDeadline, FundingIndexPage

register = template.Library()


@register.simple_tag
def upcoming_deadlines(limit=3):
    """The next funding deadlines across the site, for the home page."""
    return FundingDeadline.objects.upcoming(limit)


@register.simple_tag
def funding_guide_url():
    return url_of(FundingIndexPage)
