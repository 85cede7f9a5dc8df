import datetime
import functools
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Site

logger = logging.getLogger(__name__)


def absolute(path):
    """The full address of a path on the site, for links in emails."""
    return Site.objects.get(is_default_site=True).root_url + path


def send_templated_email(template, context, to, reply_to=None, attachments=None):
    """Send <template>_subject.txt, <template>.txt and <template>.html as one German email;
    attachments are (filename, content, mimetype) triples."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"{template}_subject.txt", context, using="text").split()
        )
        text = render_to_string(f"{template}.txt", context, using="text")
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=to, reply_to=reply_to, attachments=attachments
    )
    message.attach_alternative(html, "text/html")
    message.send()


def mail_task(function):
    """A task that sends email. Should the provider fail, the task is queued again, after 1, 2,
    4 … minutes, MAIL_ATTEMPTS times in all before it is given up (and logged); the record the
    mail is about is stored already, and each task's own check that its mail went out keeps a
    retry from sending it twice."""

    @task()
    @functools.wraps(function)
    def attempt(*args, attempt_number=1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt_number >= settings.MAIL_ATTEMPTS:
                logger.exception("%s failed %d times; given up", function.__name__, attempt_number)
                raise
            logger.warning("%s failed; trying again", function.__name__, exc_info=True)
            later = attempt
            if later.get_backend().supports_defer:
                delay = datetime.timedelta(minutes=2 ** (attempt_number - 1))
                later = later.using(run_after=timezone.now() + delay)
            later.enqueue(*args, attempt_number=attempt_number + 1, **kwargs)
            return None

    return attempt
