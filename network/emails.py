from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Site

from cms.emails import absolute, mail_task, send_templated_email
from home.models import SiteSettings

from .models import InitiativePage, ManufakturSignup, PartnerApplication


@mail_task
def send_signup_emails(signup_id):
    """Confirm to the volunteer and notify the coordinator."""
    signup = ManufakturSignup.objects.select_related("manufaktur").get(pk=signup_id)
    context = {"signup": signup, "manufaktur": signup.manufaktur}
    signup.send_once(
        "confirmation_sent_at", "network/email/signup_confirmation", context, to=[signup.email]
    )
    signup.send_once(
        "notification_sent_at",
        "network/email/signup_notification",
        context,
        to=[signup.manufaktur.coordinator_email],
        reply_to=[signup.email],
    )


@mail_task
def send_application_emails(application_id):
    """Confirm to the applicant and notify the office."""
    application = PartnerApplication.objects.select_related("page").get(pk=application_id)
    context = {"application": application}
    application.send_once(
        "confirmation_sent_at",
        "network/email/application_confirmation",
        context,
        to=[application.email],
    )
    application.send_once(
        "notification_sent_at",
        "network/email/application_notification",
        context,
        to=[office_address(application.page)],
        reply_to=[application.email],
    )


@mail_task
def send_decision_email(application_id):
    """Tell the applicant whether the alliance accepted them."""
    application = PartnerApplication.objects.get(pk=application_id)
    application.send_once(
        "decision_sent_at",
        f"network/email/application_{application.status}",
        {"application": application},
        to=[application.email],
    )


@mail_task
def send_partner_invitation(user_id, profile_id):
    """The partner's link to set the password of its new account (valid as long as Django's
    password reset links, PASSWORD_RESET_TIMEOUT; after that "Passwort vergessen")."""
    user = get_user_model().objects.get(pk=user_id)
    profile = InitiativePage.objects.get(pk=profile_id)
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    context = {
        "user": user,
        "profile": profile,
        "url": absolute(reverse("wagtailadmin_password_reset_confirm", args=[uid, token])),
        "login_url": absolute(reverse("wagtailadmin_login")),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_templated_email("network/email/partner_invitation", context, to=[user.email])


def office_address(page):
    """The contact address in the site settings of the site the form was sent from."""
    site = page.get_site() if page else Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    return site_settings.contact_email or settings.DEFAULT_FROM_EMAIL
