"""A link by email that signs someone in to the admin: the way in for the real person while
guesses from everywhere brake her account (accounts.forms). It works once, for
SIGN_IN_LINK_SECONDS, until her password changes, and only by a POST from the page it opens
(mail scanners open every link)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache

from cms.emails import absolute, mail_task, send_templated_email
from cms.forms import claim

SALT = "cms.sign_in"  # as when the links were first made here in cms: links in flight stay valid
BACKEND = "django.contrib.auth.backends.ModelBackend"


def password_stamp(user):
    """Changes when the password does: a link sent before no longer works."""
    return salted_hmac(SALT, user.password).hexdigest()[:16]


def link_token(user):
    return signing.dumps(
        {"u": user.pk, "p": password_stamp(user), "n": secrets.token_hex(8)}, salt=SALT
    )


def user_of(token):
    """The active admin user the token is for, or None (forged, expired, password changed)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.SIGN_IN_LINK_SECONDS)
    except signing.BadSignature:
        return None, None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("p") != password_stamp(user):
        return None, None
    if not user.has_perm("wagtailadmin.access_admin"):
        return None, None
    return user, data.get("n", "")


@mail_task
def send_sign_in_link(user_id):
    user = get_user_model().objects.get(pk=user_id)
    if not user.email:
        return
    url = absolute(reverse("sign_in_link", args=[link_token(user)]))
    context = {"user": user, "url": url, "minutes": settings.SIGN_IN_LINK_SECONDS // 60}
    send_templated_email("accounts/email/sign_in_link", context, to=[user.email])


@never_cache
def sign_in_link_view(request, token):
    user, nonce = user_of(token)
    if user is not None and request.method == "POST":
        mine = secrets.randbelow(2**31)
        if claim(f"sign-in:{nonce}", mine, settings.SIGN_IN_LINK_SECONDS) == mine:
            login(request, user, backend=BACKEND)
            return redirect("wagtailadmin_home")
        user = None  # used already
    return render(request, "accounts/sign_in_link.html", {"valid": user is not None})
