from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.models import OPEN_STATUSES

from .models import PartnerApplication
from .tasks import send_application_emails, send_signup_emails

APPLICATION_FIELDS = [
    "organisation_name",
    "sector",
    "website",
    "district",
    "contact_name",
    "email",
    "phone",
    "offers",
    "wants",
]


def sign_up(manufaktur, data):
    """Store a sign-up, or find the open one this person already has; (signup, created).

    Emails go out after the commit, through the task queue, for new sign-ups only: a double
    click or a resubmit stores nothing and sends nothing again."""
    try:
        with transaction.atomic():
            signup = manufaktur.signups.create(
                name=data["name"],
                email=data["email"],
                contribution=data["contribution"],
                consented_at=timezone.now(),
            )
    except IntegrityError:
        existing = manufaktur.signups.get(email=data["email"], status__in=OPEN_STATUSES)
        return existing, False
    transaction.on_commit(lambda: send_signup_emails.enqueue(signup.pk))
    return signup, True


def apply_as_partner(page, data):
    """Store an application, or find the open one of this organisation; (application, created).

    Emails go out after the commit, through the task queue, for new applications only."""
    fields = {name: data[name] for name in APPLICATION_FIELDS}
    try:
        with transaction.atomic():
            application = page.applications.create(**fields, consented_at=timezone.now())
    except IntegrityError:
        existing = PartnerApplication.objects.get(
            email=data["email"],
            organisation_name=data["organisation_name"],
            status__in=OPEN_STATUSES,
        )
        return existing, False
    transaction.on_commit(lambda: send_application_emails.enqueue(application.pk))
    return application, True
