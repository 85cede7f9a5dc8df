from django import template

from cms.pages import published
from events.models import EventPage

register = template.Library()


@register.simple_tag
def upcoming_events(limit=3):
    """The next live events across the site, for the home page."""
    return list(published(EventPage.objects).upcoming().for_cards()[:limit])
