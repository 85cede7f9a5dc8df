"""Who gets how far in, in one middleware after django-otp's OTPMiddleware (which tells whether
this session took the second step) and Django's authentication: each gate looks at the view
Django resolved for the request and may answer in its place, in the order of GATES."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from network.services import is_partner_only

from .two_factor import OPEN, second_step, signed_out


def in_admin(request):
    return request.path.startswith(reverse("wagtailadmin_home"))


def second_factor(request, name):
    """Outside the admin, the site's login for a restricted page leads someone owing the second
    step to it; in the admin, such a person is sent to the code or to the set-up."""
    if not in_admin(request):
        step = name == "wagtailcore_login" and second_step(request.signed_in_user)
        return redirect_to_login(request.GET.get("next", "/"), reverse(step)) if step else None
    step = second_step(request.user)
    if step is None or name in OPEN or name == step:
        return None
    return redirect_to_login(request.path, reverse(step))


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


def partner_area(request, name):
    """A partner's account (network/services.py) reaches its own work in the admin only."""
    user = request.user
    if user.is_authenticated and in_admin(request) and is_partner_only(user):
        view_name = request.resolver_match.view_name
        if view_name not in PARTNER_VIEWS and not view_name.startswith(PARTNER_AREAS):
            raise PermissionDenied
    return None


GATES = (second_factor, partner_area)


class SignInMiddleware:
    """Outside the admin, a session that owes the second step counts as signed out: no login-
    or group-restricted page, document or answer opens to a password alone (the gates see who
    signed in as request.signed_in_user). Then the gates, in order."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not in_admin(request):
            user = request.user
            request.user = SimpleLazyObject(lambda: signed_out() if second_step(user) else user)
            request.signed_in_user = user
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.url_name
        for gate in GATES:
            answer = gate(request, name)
            if answer is not None:
                return answer
        return None
