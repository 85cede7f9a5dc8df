from django.core.exceptions import PermissionDenied

from cms.two_factor import in_admin

from .services import is_partner_only

# What a partner's account reaches in the admin: its pages (Wagtail's page permissions decide
# which: the profile it owns, the events it adds), the explorer and the choosers its forms use,
# images for a logo, its account and second factor. Everything else (reports with the site's
# history, workflows, forms, documents, users …) is refused, whatever Wagtail would show to
# anyone with a page permission.
PARTNER_AREAS = (
    "wagtailadmin_pages:",
    "wagtailadmin_explore",
    "wagtailadmin_choose_page",
    "wagtailadmin_account",
    "wagtailimages:",
    "wagtailimages_chooser:",
    "wagtailsnippetchoosers_organisations_organisation:",
    "wagtailembeds:",
    "two_factor",
)
PARTNER_VIEWS = {
    # The admin API's reads that the explorer and choosers use; none of its actions (a
    # revert, a copy, a publish: each would bypass the Office's review).
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_home",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_dismissibles",
}


class PartnerAreaMiddleware:
    """Keeps a partner's account (network/services.py) to its own work in the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """On the view Django resolved for the request (as cms.two_factor's middleware)."""
        user = request.user
        if user.is_authenticated and in_admin(request) and is_partner_only(user):
            name = request.resolver_match.view_name
            if name not in PARTNER_VIEWS and not name.startswith(PARTNER_AREAS):
                raise PermissionDenied
