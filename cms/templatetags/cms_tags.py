import json

from django import template
from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from cms.cache.frame import from_site_frame
from cms.cache.parameters import local_path, page_address, page_query
from cms.formats import euros as format_euros
from cms.pages import published, url_of
from cms.translations import content_language as page_language
from cms.translations import german_page, translated_titles

register = template.Library()


@register.simple_tag(takes_context=True)
def participate(context):
    """The four ways to take part (site settings), shown on every page: rendered once per
    language until the site frame changes."""
    request = context["request"]
    return from_site_frame(
        f"participate:{translation.get_language()}",
        lambda: render_to_string("includes/participate.html", request=request),
    )


@register.simple_tag
def url_of_page_type(label):
    """The address of the site's one live page of a type ("events.EventIndexPage"), from the
    site frame: "All events" needs no query."""
    return url_of(apps.get_model(label))


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site root's live children marked "show in menus", each knowing whether the current
    page lies in its section."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return []
    current = context.get("page")
    language = translation.get_language()
    items = from_site_frame(
        f"menu:{site.pk}:{language}",
        lambda: translated_titles(published(site.root_page.get_children()).in_menu(), language),
    )
    if isinstance(current, Page):
        current = german_page(current)  # a translation is in its German page's section
    for item in items:
        item.active = isinstance(current, Page) and current.path.startswith(item.path)
    return items


@register.simple_tag(takes_context=True)
def language_links(context):
    """This address in each interface language, for the switch and hreflang links."""
    request = context["request"]
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(page_address(request), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language of the page's content: German, or its translation's (cms/translations.py);
    the interface's on a page that is not Wagtail's (the search)."""
    page = context.get("page")
    if not isinstance(page, Page):
        return translation.get_language()
    return page_language(page)


@register.simple_tag(takes_context=True)
def canonical_url(context, language):
    """The address in the content's language: the German one where the English interface
    shows the same German content, a translation's own."""
    request = context["request"]
    path = local_path(request.path)
    return request.build_absolute_uri(translate_url(path, language))


@register.simple_tag(takes_context=True)
def page_query_with(context, **changes):
    """This page's query string with changes, e.g. {% page_query_with page=2 %}: Django's
    querystring tag would copy every parameter of whoever filled the page cache."""
    return page_query(context["request"].GET, **changes)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)


# What json_script escapes, so that no value can end the script element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def schema_org(context, page):
    """The page's schema.org data (its schema_org(request)) as JSON-LD; its addresses are made
    with the request, which keeps the site's root paths for the whole render."""
    return json_ld(page.schema_org(context.get("request")))


@register.filter
def json_ld(data):
    """Structured data (schema.org) for search engines, as a JSON-LD script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


@register.filter
def euros(amount, cents=False):
    """German euros: {{ amount|euros }} → "25 €", {{ amount|euros:True }} → "25,00 €"."""
    return "" if amount is None else format_euros(amount, cents=cents)
