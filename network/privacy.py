from django.conf import settings

from cms.models import ReviewStatus
from cms.privacy import PersonalData, days_ago

from .models import ManufakturSignup, PartnerApplication

DECIDED = [ReviewStatus.ACCEPTED, ReviewStatus.DECLINED]


class NetworkData(PersonalData):
    def records(self, email):
        return {
            "network.partner_applications": PartnerApplication.objects.filter(email=email),
            "network.manufaktur_signups": ManufakturSignup.objects.filter(email=email),
        }

    def purge(self, now):
        """Applications and sign-ups the office decided, DECIDED_SUBMISSION_RETENTION_DAYS after
        they came in; open ones stay until decided."""
        cutoff = days_ago(now, settings.DECIDED_SUBMISSION_RETENTION_DAYS)
        return {
            f"network.{label}": model.objects.filter(
                status__in=DECIDED, created_at__lt=cutoff
            ).delete()[0]
            for label, model in (
                ("partner_applications", PartnerApplication),
                ("manufaktur_signups", ManufakturSignup),
            )
        }
