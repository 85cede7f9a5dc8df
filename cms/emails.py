from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


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
