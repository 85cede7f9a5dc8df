"""Pins on upstream code: every method the site replaces (cms/patches.py) and every private
attribute or method of Wagtail, Django or modelsearch that it reads, writes or subclasses
(docs/architecture.md, "Upstream pieces"). Each is pinned by a digest of the upstream source
the site relies on, so that an upgrade that changes any of it fails here, loudly, and not in a
visitor's request. When one fails: read the new upstream source, check the site's use named in
the pin still fits (and its tests pass), then write the new digest here."""

import hashlib
import inspect

import pytest
from django.contrib.auth.management import create_permissions
from django.core.cache.backends import redis as django_redis
from modelsearch.backends import database
from treebeard.mp_tree import MP_Node
from wagtail.models import Page, Site

from cms import patches
from cms.pages import WAGTAIL_VIEW_RESTRICTIONS, view_restrictions
from cms.redis_cache import RedisCache, SharedClientRedisCacheClient
from cms.translations import WAGTAIL_URL_PARTS, url_parts

# (upstream code, digest of its source, what of the site relies on it)
PINS = [
    (
        WAGTAIL_VIEW_RESTRICTIONS,
        "f41021bde7cdda11",
        "cms.pages.view_restrictions stands in for it and calls it (what it returns, that "
        "Wagtail calls it before serving a page and in private-section listings)",
    ),
    (
        WAGTAIL_URL_PARTS,
        "be4f52b3a4585295",
        "cms.translations.url_parts stands in for it (the tuple it returns, its fallback for "
        "pages outside every site)",
    ),
    (
        Page._get_relevant_site_root_paths,
        "5fa0944fdee2eeb1",
        "cms.translations.url_parts calls it with the request",
    ),
    (
        Page._get_site_root_paths,
        "ca9efde7ab98c4ce",
        "reads request._wagtail_cached_site_root_paths, which cms/cache/middleware.py fills "
        "from the site frame",
    ),
    (
        Page.route_for_request,
        "5530d229b2de42ba",
        "reads request._wagtail_route_for_request, which cms.views.serve_page sets to the "
        "site's own route and cms/cache/middleware.py reads back",
    ),
    (
        Page.route,
        "643c9afcc2deb381",
        "HomePage.route and cms.pages.ListingPage.route take the first step their own way and "
        "hand on as it does (the subpage's route with the rest of the path, the parent kept "
        "as _cached_parent_obj)",
    ),
    (
        MP_Node.get_parent,
        "bfeb7b9d494a1320",
        "reads _cached_parent_obj, which ListingPage.route sets as Wagtail's route does: a "
        "breadcrumb to the section costs no query",
    ),
    (
        Site.find_for_request,
        "4edb710b9fd353a0",
        "reads request._wagtail_site, which cms/cache/middleware.py sets from the site frame",
    ),
    (
        django_redis.RedisCacheClient.__init__,
        "84b786df9ad9dd73",
        "sets self._client (the redis-py class) that cms.redis_cache's client builds with",
    ),
    (
        django_redis.RedisCacheClient._get_connection_pool,
        "025850f6ffcb98ed",
        "cms.redis_cache's client keeps one redis-py client per pool it returns",
    ),
    (
        django_redis.RedisCacheClient.get_client,
        "ba56fb39ace75b84",
        "cms.redis_cache's client replaces it",
    ),
    (
        django_redis.RedisCache.__init__,
        "40131bec6169f7fa",
        "sets self._class, which cms.redis_cache.RedisCache replaces with its own client",
    ),
    (
        django_redis.RedisCache._cache.func,
        "9ff16af6c04a2401",
        "builds the client from self._class",
    ),
    (
        database.SearchBackend,
        "afd842ead344ebd1",
        "cms.search recognises its SQLite answer by the class name SQLiteSearchBackend",
    ),
    (
        create_permissions,
        "c074dec7db211eec",
        "cms.permissions.grant sets app_config.models_module so that it creates a migration's "
        "permissions before post_migrate",
    ),
]


@pytest.mark.parametrize(
    ("upstream", "digest", "relied_on"), PINS, ids=[pin[0].__qualname__ for pin in PINS]
)
def test_the_upstream_code_is_the_one_we_know(upstream, digest, relied_on):
    source = inspect.getsource(upstream)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest, relied_on


def test_each_replacement_stands_in_wagtails_place_and_keeps_the_original():
    assert [(owner, name) for owner, name, _stand_in, _why in patches.REPLACEMENTS] == [
        (Page, "get_view_restrictions"),
        (Page, "get_url_parts"),
    ]
    assert Page.get_view_restrictions is view_restrictions
    assert Page.get_url_parts is url_parts
    originals = {WAGTAIL_VIEW_RESTRICTIONS, WAGTAIL_URL_PARTS}
    assert view_restrictions not in originals and url_parts not in originals


def test_the_cache_keeps_one_redis_client_per_pool():
    """The cache production uses (config/settings/production.py) hands out one client per
    pool, and it reaches Redis."""
    cache = RedisCache("redis://127.0.0.1:6379/13", {})
    client = cache._cache
    assert isinstance(client, SharedClientRedisCacheClient)
    assert client.get_client("a") is client.get_client("b", write=True)
    cache.set("upstream-pin", "ä", 5)
    assert cache.get("upstream-pin") == "ä"
