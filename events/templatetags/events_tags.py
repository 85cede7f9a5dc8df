from django import template

from events.models import EventPage

register = template.Library()


@register.simple_tag
def upcoming_events(limit=3):
    """The next live events across the site, for the home page."""
    return list(EventPage.objects.live().public().upcoming().for_cards()[:limit])
