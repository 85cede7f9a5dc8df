"""The donors' emails, each a task that sends once (see cms.emails.mail_task)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.emails import absolute, mail_task, send_templated_email

from .models import Donation, ReceiptSettings

# Up to this amount the bank statement is proof enough for the tax office (§ 50 Abs. 4 EStDV).
SIMPLIFIED_PROOF_LIMIT = 300


@mail_task
def send_thanks(donation_id):
    """The thank-you for a donation's first confirmed payment, once: the row stays locked from
    the check to the mark, so a second run waits and then finds the mail sent."""
    with transaction.atomic():
        donation = (
            Donation.objects.select_for_update(of=("self",))
            .select_related("page")
            .get(pk=donation_id)
        )
        if donation.thanked_at is not None:
            return
        site = Site.objects.get(is_default_site=True)
        legal = ReceiptSettings.for_site(site)
        context = {
            "donation": donation,
            "simplified_proof": donation.amount <= SIMPLIFIED_PROOF_LIMIT,
            # What makes the mail with the bank statement a proof: the exemption notice.
            "exemption": None if legal.problem(timezone.localdate()) else legal,
            "manage_url": manage_url(donation),
        }
        send_templated_email("donations/email/thanks", context, to=[donation.email])
        donation.thanked_at = timezone.now()
        donation.save(update_fields=["thanked_at"])


def manage_url(donation):
    return absolute(reverse("donation_manage", args=[donation.manage_token()]))
