from django import template

from funding.models import FundingDeadline

register = template.Library()


@register.simple_tag
def upcoming_deadlines(limit=3):
    """The next funding deadlines across the site, for the home page."""
    return FundingDeadline.objects.upcoming(limit)
