"""The donors' emails, each a task that sends once (see cms.emails.mail_task)."""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.emails import mail_task, send_templated_email

from .models import Donation, Interval, Receipt, ReceiptSettings

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
            "manage_url": donation.page.manage_url(donation)
            if donation.page and donation.interval == Interval.MONTHLY
            else "",
        }
        send_templated_email("donations/email/thanks", context, to=[donation.email])
        donation.thanked_at = timezone.now()
        donation.save(update_fields=["thanked_at"])


@mail_task
def send_receipt(receipt_id):
    """The receipt as PDF to the donor, once."""
    with transaction.atomic():
        receipt = Receipt.objects.select_for_update().get(pk=receipt_id)
        if receipt.sent_at is not None:
            return
        send_templated_email(
            "donations/email/receipt",
            {"receipt": receipt},
            to=[receipt.email],
            attachments=[(receipt.filename, bytes(receipt.pdf), "application/pdf")],
        )
        receipt.sent_at = timezone.now()
        receipt.save(update_fields=["sent_at"])
