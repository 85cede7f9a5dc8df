"""Donations are tax records: the ledger and a copy of each receipt are kept ten years (§ 147
AO, § 50 Abs. 7 EStDV). Erasure anonymises the donation records; the receipts' copies stay as
issued until their ten years are over, then everything goes."""

from django.utils.translation import gettext as _
from stripe import StripeError

from cms.privacy import ErasureRefused, PersonalData, days_ago

from .models import Donation, Payment, Receipt
from .stripe_api import cancel_subscription

TAX_RECORD_DAYS = 10 * 366


class DonationData(PersonalData):
    private_fields = ("pdf", "checkout_url")

    def records(self, email):
        donations = Donation.objects.filter(email=email)
        return {
            "donations.donations": donations,
            "donations.payments": Payment.objects.filter(donation__in=donations),
            "donations.receipts": Receipt.objects.filter(email=email),
        }

    def erase(self, email):
        """Anonymise; a regular donation still running is cancelled at Stripe first, or the
        bank would go on paying for a donor the ledger no longer knows."""
        running = Donation.objects.select_for_update().filter(
            email=email, status=Donation.Status.ACTIVE
        )
        for donation in running.exclude(subscription_id=""):
            try:
                cancel_subscription(donation.subscription_id)
            except StripeError as error:
                raise ErasureRefused(
                    _("The regular donation could not be cancelled at Stripe, so nothing was "
                      "erased. Please try again later.")
                ) from error  # fmt: skip
            donation.advance(Donation.Status.ENDED)
        anonymised = Donation.objects.filter(email=email).update(
            name="(anonymisiert)",
            email="",
            street="",
            postcode="",
            city="",
            customer_id="",
            public_name="",
            iban="",
            name_key="",
            donor_key="",
        )
        return {"donations.donations_anonymised": anonymised}

    def purge(self, now):
        cutoff = days_ago(now, TAX_RECORD_DAYS)
        payments = Payment.objects.filter(created_at__lt=cutoff).delete()[0]
        receipts = Receipt.objects.filter(issued_at__lt=cutoff, payments=None).delete()[0]
        donations = Donation.objects.filter(created_at__lt=cutoff, payments=None).delete()[0]
        return {
            "donations.payments": payments,
            "donations.receipts": receipts,
            "donations.donations": donations,
        }
