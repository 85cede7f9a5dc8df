"""The newsletter's own emails (the issues go out through sending.py)."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone, translation

from cms.emails import absolute, mail_task, send_templated_email
from cms.pages import german

from .models import NewsletterIndexPage, Subscriber

CONFIRMATION_MAIL = "newsletter/email/confirm"
REPERMISSION_MAIL = "newsletter/email/repermission"
WELCOME_MAIL = "newsletter/email/welcome"


def mail_version(template):
    """A short fingerprint of the mail's templates: the proof of consent names the version of
    the confirmation mail the subscriber received."""
    digest = hashlib.sha256()
    for suffix, engine in (("_subject.txt", "text"), (".txt", "text"), (".html", None)):
        digest.update(get_template(template + suffix, using=engine).template.source.encode())
    return digest.hexdigest()[:12]


@mail_task
def send_confirmation(subscriber_id, nonce, template=CONFIRMATION_MAIL):
    """The double opt-in mail: only the link, no advertising (or, for an imported address
    without a proof, the re-permission mail). Sent once per request: the mail version is
    claimed before sending, so a task run again sends nothing."""
    version = mail_version(template)
    # The claim and the mail are one transaction: if the provider fails, the claim is undone
    # and a retry sends the mail; a run at the same time waits for the claim and sends nothing.
    with transaction.atomic():
        claimed = Subscriber.objects.filter(
            pk=subscriber_id,
            status=Subscriber.Status.PENDING,
            confirmation_nonce=nonce,
            confirmation_mail_version="",
        ).update(confirmation_mail_version=version)
        if not claimed:
            return
        subscriber = Subscriber.objects.get(pk=subscriber_id)
        with translation.override(settings.LANGUAGE_CODE):
            confirm_url = absolute(subscriber.confirmation_path())
        send_templated_email(
            template,
            {"subscriber": subscriber, "confirm_url": confirm_url},
            to=[subscriber.email],
        )


@mail_task
def send_welcome(subscriber_id):
    """The welcome mail, if the newsletter page asks for one: once per subscriber (claimed
    with the mail in one transaction, as the confirmation is)."""
    page = german(NewsletterIndexPage.objects.live()).first()
    if page is None or not page.welcome_mail:
        return
    with transaction.atomic():
        claimed = Subscriber.objects.filter(
            pk=subscriber_id, status=Subscriber.Status.CONFIRMED, welcomed_at=None
        ).update(welcomed_at=timezone.now())
        if not claimed:
            return
        subscriber = Subscriber.objects.get(pk=subscriber_id)
        with translation.override(settings.LANGUAGE_CODE):
            links = {
                "preferences_url": absolute(subscriber.preferences_path()),
                "unsubscribe_url": absolute(subscriber.unsubscribe_path()),
            }
        send_templated_email(
            WELCOME_MAIL, {"subscriber": subscriber, "page": page, **links}, to=[subscriber.email]
        )
