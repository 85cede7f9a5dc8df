"""What the tests need to know about the project as a whole."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver


def project_apps():
    """The labels of the project's own apps (those in its top folder), whatever they are."""
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }


def addresses(resolver=None, prefix="", namespace=""):
    """(name, route) of every address the site serves, as Django resolves them."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += addresses(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            found.append((f"{namespace}{pattern.name}" if pattern.name else None, route))
    return found


def takes_arguments(route):
    return any(sign in route for sign in ("<", "(?P", "\\", "("))


def path_of(route):
    """The address of a route without arguments."""
    return "/" + route.replace("^", "").replace("$", "")


def admin_addresses():
    """(name, path) of every admin address that takes no argument."""
    return [
        (name, path_of(route))
        for name, route in addresses()
        if route.startswith("admin/") and not takes_arguments(route)
    ]
