from django import template
from django.utils import timezone

from cms.cache.frame import from_listings
from funding.models import FundingDeadline, with_next_dates

register = template.Library()


@register.simple_tag
def upcoming_deadlines(limit=3):
    """The next funding deadlines across the site, for the home page. Finding them reads every
    deadline of every programme, so which ones they are is kept with the listings' facts for
    the day; those few are then read by id."""
    today = timezone.localdate()
    ids = from_listings(
        f"next-deadlines:{today}:{limit}",
        lambda: [deadline.pk for deadline in FundingDeadline.objects.upcoming(limit, today)],
    )
    found = FundingDeadline.objects.filter(pk__in=ids).select_related("page").in_bulk()
    return with_next_dates([found[pk] for pk in ids if pk in found], today)
