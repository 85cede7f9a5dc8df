"""The site frame: what every page looks up (menu, site and settings, the addresses of the
one-of-a-kind pages, whether any section is private), and the listings' facts (how many pages
each district has, which topics the profiles use): each kept in one cache entry per version
and read together, in one round trip, once per request."""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

from .versions import FRAME_VERSION, LISTING_VERSION, cache_or_default, current_versions

# The cache keys; a new shape of entry takes a new key, as a release before it may still be
# serving beside it and reading its own.
FRAME = "site-frame"
LISTINGS = "listing-facts"
# Each entry with the versions it is kept under: the frame's until the frame changes, the
# listings' facts also until a page is published anywhere.
ENTRIES = {FRAME: (FRAME_VERSION,), LISTINGS: (FRAME_VERSION, LISTING_VERSION)}
VERSIONS = sorted({name for names in ENTRIES.values() for name in names})


class SiteFrame:
    """The site frame's and the listings' lookups under the current versions, read in one
    round trip when first needed and kept for the request; an entry the request added to is
    stored again."""

    def __init__(self):
        self.values = self.versions = None  # read when first needed (load)
        self.changed = set()

    def load(self):
        loaded = cache_or_default(cache.get_many, [*VERSIONS, *ENTRIES])
        self.values = {entry: {} for entry in ENTRIES}
        if loaded is None:
            return
        self.versions = current_versions(VERSIONS, loaded)
        for entry in ENTRIES:
            stored = loaded.get(entry)
            if stored is not None and stored["versions"] == self.versions_of(entry):
                self.values[entry] = stored["values"]

    def versions_of(self, entry):
        return {name: self.versions[name] for name in ENTRIES[entry]}

    def value(self, name, compute, entry=FRAME):
        if self.values is None:
            self.load()
        values = self.values[entry]
        if name not in values:
            values[name] = compute()
            self.changed.add(entry)
        return values[name]

    def save(self):
        # Nothing new, the cache unreachable, or a version it could not keep: nothing to store.
        if not self.changed or self.versions is None or None in self.versions.values():
            return
        for entry in self.changed:
            stored = {"versions": self.versions_of(entry), "values": self.values[entry]}
            cache_or_default(cache.set, entry, stored, settings.PAGE_CACHE_SECONDS or 300)


current_frame = ContextVar("current_frame", default=None)


def from_site_frame(name, compute, entry=FRAME):
    """compute(), kept until the site frame changes (or PAGE_CACHE_SECONDS): for lookups every
    page makes, such as the menu or the address of the guide. Within a request each name is
    computed or read once."""
    frame = current_frame.get()
    if frame is not None:
        return frame.value(name, compute, entry)
    frame = SiteFrame()
    value = frame.value(name, compute, entry)
    frame.save()
    return value


def from_listings(name, compute):
    """compute(), kept until a page is published anywhere or the site frame changes: for the
    facts a listing shows beside its page of results that are the same for every visitor and
    language (counts per district, the choices its filters offer). Nothing that depends on
    who asks, nor on the time unless the name holds the day (the next funding deadlines)."""
    return from_site_frame(name, compute, LISTINGS)
