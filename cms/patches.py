"""Where the site puts its own code in Wagtail's place, all of it here (CmsConfig.ready applies
it). Each stand-in keeps and calls the method it replaces; tests/test_upstream.py pins that
method's source, so an upgrade that changes it fails until the stand-in is checked against it.
docs/architecture.md lists these with the other upstream pieces the site relies on."""

from wagtail.models import Page

from .pages import view_restrictions
from .translations import url_parts

# (class, attribute, stand-in, why)
REPLACEMENTS = [
    (
        Page,
        "get_view_restrictions",
        view_restrictions,
        "a translation also obeys its German page's restrictions; no query while no section "
        "is private (checked before every page is served)",
    ),
    (
        Page,
        "get_url_parts",
        url_parts,
        "a German page's address in the interface's language (/en/…), a translation's at its "
        "German page's address",
    ),
]


def apply():
    for owner, name, stand_in, _why in REPLACEMENTS:
        setattr(owner, name, stand_in)
