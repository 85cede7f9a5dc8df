"""The books' emails to donors, each a task that sends once (see cms.emails.mail_task)."""

from django.db import transaction
from django.utils import timezone

from cms.emails import mail_task, send_templated_email
from donations.emails import manage_url
from donations.models import MANAGE_LINK_DAYS, Donation

from .models import Receipt


@mail_task
def send_receipt(receipt_id):
    """The receipt as PDF to the donor, once."""
    with transaction.atomic():
        receipt = Receipt.objects.select_for_update().get(pk=receipt_id)
        if receipt.sent_at is not None:
            return
        send_templated_email(
            "books/email/receipt",
            {"receipt": receipt},
            to=[receipt.email],
            attachments=[(receipt.filename, bytes(receipt.pdf), "application/pdf")],
        )
        receipt.sent_at = timezone.now()
        receipt.save(update_fields=["sent_at"])


@mail_task
def send_manage_link(donation_id):
    """The link to the donor's own page, asked for with "Spende verwalten"."""
    donation = Donation.objects.exclude(email="").filter(pk=donation_id).first()
    if donation is None:
        return  # erased since
    context = {"donation": donation, "url": manage_url(donation), "days": MANAGE_LINK_DAYS}
    send_templated_email("books/email/manage_link", context, to=[donation.email])
