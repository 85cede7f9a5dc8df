"""The district map: how many profiles, third places and funding programmes each of Munich's 25
districts has, drawn by the site itself as tiles that keep the districts' rough places (the grid
is in site.css; no third-party tiles, fonts or scripts). The apps whose pages lie in districts
tell their counts through the Wagtail hook "district_counts", so that this ground floor imports
none of them."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db.models import Count
from wagtail import hooks

from cms.cache.frame import from_listings

from .models import District

SHADES = 4  # how many shades of green a tile's count may take, besides none


@dataclass(frozen=True)
class Tally:
    """One listing's count per district. key names the listing ("places"), title heads its
    column in the table, phrase says a count in words (ngettext_lazy with %(count)d), count()
    counts (a query or two); counts holds what it counted, filled in by tallies()."""

    key: str
    title: str
    phrase: object
    count: Callable[[], dict]
    counts: dict = field(default_factory=dict)

    def says(self, district):
        count = self.counts.get(district, 0)
        return self.phrase % {"count": count}


@dataclass(frozen=True)
class Tile:
    district: str
    name: str
    count: int
    shade: int
    description: str
    counts: list  # every listing's, in the order of the tallies (the table's columns)


def per_district(pages):
    """{district: how many} of these pages (those without a district left out), one query."""
    counts = pages.exclude(district="").values_list("district").annotate(Count("pk"))
    return dict(counts.order_by())


def tallies():
    """Every listing's tally, counted once until a page is published or the frame changes:
    the same for every visitor and language. Only the numbers are kept: the titles and
    phrases are translated as each page is shown (a lazy translation does not survive the
    cache as one)."""
    listed = [district_counts() for district_counts in hooks.get_hooks("district_counts")]
    counted = from_listings(
        "district-counts", lambda: {tally.key: tally.count() for tally in listed}
    )
    return [replace(tally, counts=counted[tally.key]) for tally in listed]


def shade(count, least, most):
    """How dark a tile is: none for no page, then from the least to the most any district has
    (a programme for the whole city lifts every district, so the scale starts at the least)."""
    if not count:
        return 0
    if most == least:
        return 1
    return 1 + round((SHADES - 1) * (count - least) / (most - least))


def tiles(shown, tallies):
    """A tile per district with the count of the listing it stands over (shown), shaded by
    it; its description says every listing's count, the shown one first."""
    others = [tally for tally in tallies if tally is not shown]
    counted = [count for count in shown.counts.values() if count]
    least, most = min(counted, default=0), max(counted, default=0)
    return [
        Tile(
            district=value,
            name=name,
            count=(count := shown.counts.get(value, 0)),
            shade=shade(count, least, most),
            description=", ".join(tally.says(value) for tally in [shown, *others]),
            counts=[tally.counts.get(value, 0) for tally in tallies],
        )
        for value, name in District.choices
    ]
