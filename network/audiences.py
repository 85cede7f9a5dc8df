"""The sign-ups of each Manufaktur and the accepted partners as audiences of a service message
(cms/audiences.py)."""

from django.utils.translation import gettext as _

from cms.audiences import Audience
from cms.models import OPEN_STATUSES, ReviewStatus
from cms.pages import german

from .models import ManufakturPage, ManufakturSignup, PartnerApplication


def message_audiences():
    offered = [
        Audience(
            f"manufaktur:{page.pk}",
            _("Sign-ups of the Manufaktur “%(title)s”") % {"title": page.title},
            f"Sie erhalten diese Nachricht, weil Sie sich für die Manufaktur „{page.title}“ "
            "angemeldet haben.",
            signups(page.pk),
        )
        for page in german(ManufakturPage.objects.live()).order_by("title")
    ]
    offered.append(
        Audience(
            "partners:accepted",
            _("Accepted alliance partners (contact persons)"),
            "Sie erhalten diese Nachricht als Ansprechperson einer Bündnispartnerin der "
            "Münchner Initiative Nachhaltigkeit.",
            lambda: PartnerApplication.objects.filter(status=ReviewStatus.ACCEPTED).values_list(
                "email", "contact_name"
            ),
        )
    )
    return offered


def signups(page_id):
    """Those who signed up and were not declined."""
    return lambda: ManufakturSignup.objects.filter(
        manufaktur=page_id, status__in=[*OPEN_STATUSES, ReviewStatus.ACCEPTED]
    ).values_list("email", "name")
