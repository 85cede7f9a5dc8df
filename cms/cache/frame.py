"""The site frame: what every page looks up (menu, site and settings, the addresses of the
one-of-a-kind pages, whether any section is private), kept in one cache entry per frame
version and read once per request."""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

from .versions import FRAME_VERSION, cache_or_default, current_versions

FRAME = "frame"


class SiteFrame:
    """The site frame's lookups under the current frame version, read in one round trip when
    first needed and kept for the request; stored again if the request added to them."""

    def __init__(self):
        self.values = None
        self.changed = False

    def load(self):
        loaded = cache_or_default(cache.get_many, [FRAME_VERSION, FRAME])
        if loaded is None:
            self.values, self.version = {}, None
            return
        self.version = current_versions([FRAME_VERSION], loaded)[FRAME_VERSION]
        stored = loaded.get(FRAME)
        fresh = stored is not None and stored["version"] == self.version
        self.values = stored["values"] if fresh else {}

    def value(self, name, compute):
        if self.values is None:
            self.load()
        if name not in self.values:
            self.values[name] = compute()
            self.changed = True
        return self.values[name]

    def save(self):
        if self.changed and self.version is not None:
            entry = {"version": self.version, "values": self.values}
            cache_or_default(cache.set, FRAME, entry, settings.PAGE_CACHE_SECONDS or 300)


current_frame = ContextVar("current_frame", default=None)


def from_site_frame(name, compute):
    """compute(), kept until the site frame changes (or PAGE_CACHE_SECONDS): for lookups every
    page makes, such as the menu or the address of the guide. Within a request each name is
    computed or read once."""
    frame = current_frame.get()
    if frame is not None:
        return frame.value(name, compute)
    frame = SiteFrame()
    value = frame.value(name, compute)
    frame.save()
    return value
