from django.utils import timezone
from django_tasks import task

from cms.emails import send_templated_email

from .models import ManufakturSignup


@task()
def send_signup_emails(signup_id):
    """Confirm to the volunteer and notify the coordinator, each once even if retried."""
    signup = ManufakturSignup.objects.select_related("manufaktur").get(pk=signup_id)
    context = {"signup": signup, "manufaktur": signup.manufaktur}
    if signup.confirmation_sent_at is None:
        send_templated_email("network/email/signup_confirmation", context, to=[signup.email])
        signup.confirmation_sent_at = timezone.now()
        signup.save(update_fields=["confirmation_sent_at"])
    if signup.notification_sent_at is None:
        send_templated_email(
            "network/email/signup_notification",
            context,
            to=[signup.manufaktur.coordinator_email],
            reply_to=[signup.email],
        )
        signup.notification_sent_at = timezone.now()
        signup.save(update_fields=["notification_sent_at"])
