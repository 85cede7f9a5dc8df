"""Versions: tokens in the cache that a change replaces, and the rules of what each change
ends (see cms/cache/__init__.py)."""

import functools
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import translate_url
from taggit.models import Tag
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, PageViewRestriction, Site

logger = logging.getLogger(__name__)

FRAME_VERSION = "version:frame"
LISTING_VERSION = "version:listing"


def cache_or_default(call, *args, default=None, **kwargs):
    """A cache call that cannot take the site down: while the cache is unreachable pages are
    rendered every time (and the health check says so)."""
    try:
        return call(*args, **kwargs)
    except Exception:
        logger.warning("The cache is unavailable.", exc_info=True)
        return default


def type_version(label):
    return f"version:type:{label}"


def address_version(path):
    return f"version:address:{path}"


@functools.cache
def declared_types():
    """The page types some page type shows besides itself (a hit reads all their versions)."""
    return sorted(
        {label for model in apps.get_models() for label in getattr(model, "shows_page_types", ())}
    )


def new_versions(keys):
    """New tokens for these versions, now and once the change is committed. A token that
    cannot be written is deleted instead (a Redis at its memory limit refuses writes but
    serves reads and deletes): otherwise every entry built under the old one, the frame's "no
    section is private" among them, would be served again. While the cache is unreachable an
    editor can still publish: its old entries end within PAGE_CACHE_SECONDS."""

    def replace():
        try:
            failed = cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
        except Exception:
            logger.warning("New cache versions could not be written.", exc_info=True)
            failed = keys
        if failed:
            cache_or_default(cache.delete_many, failed)

    replace()
    transaction.on_commit(replace)


def frame_changed(**kwargs):
    new_versions([FRAME_VERSION])


def page_changed(page):
    """A page's own addresses, its type and every listing; the frame when the page is in the
    menu's level (the home page and its children)."""
    if page.depth <= 3:
        frame_changed()
        return
    page = page.specific_deferred
    new_versions(
        [
            LISTING_VERSION,
            type_version(page._meta.label),
            *(address_version(path) for path in addresses(page)),
        ]
    )


def addresses(page):
    """The page's paths in every interface language (German unprefixed, English at /en/); a
    translation's are its German page's (cms/translations.py)."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return []
    # Made in the language of whoever changed the page (an editor's admin may be English).
    path = translate_url(url_parts[2], settings.LANGUAGE_CODE)
    return [
        path if code == settings.LANGUAGE_CODE else f"/{code}{path}"
        for code, _name in settings.LANGUAGES
    ]


def saved(sender, instance, update_fields=None, **kwargs):
    if issubclass(sender, Page):
        # Drafts save only their revision fields; a live page saved whole (a publish, which
        # saves the page whole, a copy, a script) changes what visitors see. A home page's
        # translation, even a draft, adds a tree to the site's root paths (in the frame).
        if update_fields is None and (instance.live or instance.depth <= 2):
            page_changed(instance)
    else:
        record_changed(sender, instance)


def deleted(sender, instance, **kwargs):
    if issubclass(sender, Page):
        frame_changed()
    else:
        record_changed(sender, instance)


# Records besides pages that any page may show: the site frame, images and documents, tags, a
# section made private. A model of the site's own apps says where it shows: shown_on_pages,
# EVERY_PAGE or the field naming the one page it shows on (a registration: its event).
FRAME_RECORDS = (Site, BaseSiteSetting, AbstractImage, AbstractDocument, Tag, PageViewRestriction)
EVERY_PAGE = "every page"


def record_changed(sender, instance):
    if issubclass(sender, AbstractRendition):
        return  # made on first view of an image; the image itself counts
    shown_on = getattr(sender, "shown_on_pages", None)
    if issubclass(sender, FRAME_RECORDS) or shown_on == EVERY_PAGE:
        frame_changed()
    elif shown_on:
        page_changed(getattr(instance, shown_on))


def current_versions(names, loaded):
    """The versions as read before the page was rendered; those missing (new, or evicted) are
    set now, and the entry is stored under them."""
    versions = {name: loaded.get(name) for name in names}
    missing = [name for name, value in versions.items() if value is None]
    if missing:
        for name in missing:
            cache_or_default(cache.add, name, uuid.uuid4().hex, timeout=None)
        versions.update(cache_or_default(cache.get_many, missing, default={}))
    return versions
