from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OPEN_STATUSES
from .tasks import send_signup_emails


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
