"""Donations are tax records: the ledger and a copy of each receipt are kept ten years (§ 147
AO, § 50 Abs. 7 EStDV). Erasure anonymises the donation records; the receipts' copies stay as
issued until their ten years are over, then everything goes."""

from cms.privacy import PersonalData, days_ago

from .models import Donation, Payment, Receipt

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
        anonymised = Donation.objects.filter(email=email).update(
            name="(anonymisiert)", email="", street="", postcode="", city="", customer_id=""
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
