"""Donations are tax records: the ledger, the bank statements' lines and a copy of each receipt
are kept ten years (§ 147 AO, § 50 Abs. 7 EStDV). Erasure anonymises the donation records and
the statement lines booked to them; the receipts' copies stay as issued until their ten years
are over, then everything goes (the statement lines before the payments they were booked as,
a receipt only once no correction of it is left)."""

from django.utils.translation import gettext as _
from stripe import StripeError

from cms.privacy import ErasureRefused, PersonalData, days_ago
from donations.campaigns import recount
from donations.models import Donation, Payment
from donations.stripe_api import cancel_subscription

from .models import BankEntry, Receipt

TAX_RECORD_DAYS = 10 * 366


class DonationData(PersonalData):
    private_fields = ("pdf", "checkout_url")

    def records(self, email):
        donations = Donation.objects.filter(email=email)
        return {
            "donations.donations": donations,
            "donations.payments": Payment.objects.filter(donation__in=donations),
            "donations.bank_entries": BankEntry.objects.filter(payment__donation__in=donations),
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
        lines = BankEntry.objects.filter(payment__donation__email=email).update(
            name="(anonymisiert)", iban="", text=""
        )
        anonymised = Donation.objects.filter(email=email).update(
            name="(anonymisiert)",
            wants_receipt=False,
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
        recount()  # off the donor wall
        return {
            "donations.donations_anonymised": anonymised,
            "donations.bank_entries_anonymised": lines,
        }

    def purge(self, now):
        cutoff = days_ago(now, TAX_RECORD_DAYS)
        lines = BankEntry.objects.filter(imported_at__lt=cutoff).delete()[0]
        payments = Payment.objects.filter(created_at__lt=cutoff, bank_entry=None).delete()[0]
        receipts = Receipt.objects.filter(
            issued_at__lt=cutoff, payments=None, replaced_by=None
        ).delete()[0]
        donations = Donation.objects.filter(created_at__lt=cutoff, payments=None).delete()[0]
        return {
            "donations.bank_entries": lines,
            "donations.payments": payments,
            "donations.receipts": receipts,
            "donations.donations": donations,
        }
