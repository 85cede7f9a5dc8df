"""German first, English where a page is translated.

The German page tree is the site: every page has one path, shown by the German interface at
"/…" and by the English one at "/en/…". A page may have an English translation (Wagtail's i18n:
"Translate" in the page's menu copies it into the English locale, where an editor writes it and
publishes it). The English interface then shows the translation in the German page's place, at
the same address; without one it shows the German page and says so.

Wagtail keeps translations in a tree of their own under a translated home page. That tree is
never routed, and the site's listings, feeds, search and API list German pages only
(cms.pages.published), so no page is listed twice and a translation's parents may stay drafts.
A translation is a page of its own for what it shows; what a page counts or receives (a
campaign's progress, a listing's pages, a form's records) belongs to its German page
(german_page)."""

from django.conf import settings
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site

from .cache.frame import from_site_frame


def german_locale_id():
    """The German locale's id, from the site frame: whether a page is a translation costs no
    query."""
    return from_site_frame("german-locale", lambda: Locale.get_default().pk)


def is_translation(page):
    return page.locale_id != german_locale_id()


def content_language(page):
    """The language of the page's content (a query only for a translation)."""
    return page.locale.language_code if is_translation(page) else settings.LANGUAGE_CODE


def german_page(page):
    """The German page a translation belongs to (the page itself when it is German)."""
    if not is_translation(page):
        return page
    return page.get_translation(german_locale_id()).specific


def published_translations(language):
    """The published translations into this language: not the aliases of German pages that
    Wagtail makes of untranslated parents."""
    return Page.objects.live().filter(locale__language_code=language, alias_of=None)


def translation_of(page, language):
    """The page's published translation into this language, or None."""
    if language == settings.LANGUAGE_CODE:
        return None
    translations = published_translations(language).filter(translation_key=page.translation_key)
    return translations.specific().first()


def translated_titles(pages, language):
    """The pages, each with the title of its published translation into the language where
    there is one (the menu of the English interface) and that title's language, in one
    query."""
    pages = list(pages)
    titles = {}
    if language != settings.LANGUAGE_CODE and pages:
        keys = [page.translation_key for page in pages]
        titles = dict(
            published_translations(language)
            .filter(translation_key__in=keys)
            .values_list("translation_key", "title")
        )
    for page in pages:
        translated = titles.get(page.translation_key)
        page.title = translated or page.title
        page.title_language = language if translated else settings.LANGUAGE_CODE
    return pages


def route(request, path):
    """Wagtail's route for a request (Page.route_for_request): the page at this path in the
    German tree, or its translation into the interface's language where one is published.
    None for no page."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    home = site.root_page.specific
    try:
        page, args, kwargs = home.route(request, components)
        # A private section's pages stay German, behind its password or login: Wagtail checks
        # the restrictions of the tree the served page is in, and an English section that is
        # a translation (not an alias) has none of the German one's.
        translated = translation_of(page, translation.get_language())
        if translated is not None and not page.get_view_restrictions():
            # The rest of the path is the page's own (a routable page's "danke/").
            page, args, kwargs = translated.route(request, components[page.depth - home.depth :])
    except Http404:
        return None
    return page, args, kwargs


WAGTAIL_URL_PARTS = Page.get_url_parts


def url_parts(page, request=None):
    """Page.get_url_parts (cms/patches.py puts it in Wagtail's place): a German page's address in
    the interface's language, as the English interface keeps its visitors at /en/; a
    translation's is its German page's address in the translation's language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if is_translation(page):
        language = page.locale.language_code
        german = page.get_translation_or_none(german_locale_id())
        if german is None:  # made in the English tree only: Wagtail's own address
            return WAGTAIL_URL_PARTS(page, request)
        page = german
    root_paths = page._get_relevant_site_root_paths(request)
    if not root_paths:
        return None
    site_id, root_path, root_url, _language = root_paths[0]
    try:
        with translation.override(language):
            path = reverse("wagtail_serve", args=(page.url_path[len(root_path) :],))
    except NoReverseMatch:
        return (site_id, None, None)
    return (site_id, root_url, path)
