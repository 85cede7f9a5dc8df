from django import template

from ..districts import tallies, tiles
from ..models import District

register = template.Library()


@register.inclusion_tag("organisations/includes/district_map.html")
def district_map(listing, selected):
    """The district map over a listing (its key: "profiles", "places", "funding"): each tile
    filters it by its district, as the listing's select does without JavaScript."""
    counted = tallies()
    shown = next(tally for tally in counted if tally.key == listing)
    return {
        "tiles": tiles(shown, counted),
        "tallies": counted,
        "shown": shown,
        "selected": selected,
    }


@register.inclusion_tag("organisations/includes/district_locator.html")
def district_locator(page):
    """The small map on a profile's or place's page: its district among the 25, and the spot
    on OpenStreetMap when the page has coordinates."""
    return {
        "page": page,
        "districts": District.choices,
        "here": page.district,
        "here_name": page.get_district_display(),
    }
