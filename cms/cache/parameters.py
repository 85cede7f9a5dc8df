"""What a cached page may take from its request: the path and the query parameters pages read.
Everything else a visitor brings along ("?ref=…", "?utm_source=…") belongs to that visitor,
and a page stored for everyone would hand it on."""

import functools
from urllib.parse import urlencode

from django.apps import apps
from django.urls import get_resolver
from django.utils.encoding import escape_uri_path


@functools.cache
def page_parameters():
    """Every query parameter a public page reads, as each page type and each view declares it
    next to its code (query_parameters: filters, pagination, search, Stripe's return);
    tests/cms/test_page_cache.py checks that the code reads no other."""
    owners = [*apps.get_models(), *views(get_resolver().url_patterns)]
    return frozenset(name for owner in owners for name in getattr(owner, "query_parameters", ()))


def views(patterns):
    """The views of these URL patterns, those of included ones too."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from views(pattern.url_patterns)
        else:
            yield pattern.callback


def page_query(query, **changes):
    """The query string ("?…", or "") of the parameters pages read (page_parameters) in this
    QueryDict, with changes (None drops a parameter): all that a cache key, a link or a hidden
    field may take from a request. The rest ("?ref=…", "?utm_source=…") belongs to the one
    visitor who came with it, and a cached page would hand it to everyone."""
    values = {name: query.getlist(name) for name in page_parameters() if name in query}
    for name, value in changes.items():
        values[name] = [] if value is None else [value]
    pairs = sorted((name, value) for name, listed in values.items() for value in listed)
    return f"?{urlencode(pairs)}" if pairs else ""


def local_path(path):
    """A path as a link on this site: a 404 under "/%2F/evil.example/" has the path
    "///evil.example/", which a browser would follow to another host."""
    return "/" + escape_uri_path(path).lstrip("/")


def site_address(path, query):
    """A path and a QueryDict as an address on this site, with only the parameters pages
    read."""
    return local_path(path) + page_query(query)


def page_address(request):
    """Where on this site the visitor is: the path and the parameters pages read."""
    return site_address(request.path, request.GET)
