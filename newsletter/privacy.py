from cms.privacy import PersonalData

from .models import ConsentRecord, Delivery, Subscriber, TrackingEvent
from .services import purge_unconfirmed


class NewsletterData(PersonalData):
    private_fields = ("token", "confirmation_nonce")

    def records(self, email):
        return {
            "newsletter.subscribers": Subscriber.objects.filter(email=email),
            "newsletter.consent_records": ConsentRecord.objects.filter(email=email),
            "newsletter.deliveries": Delivery.objects.filter(email=email),
            "newsletter.tracking_events": TrackingEvent.objects.filter(email=email),
        }

    def purge(self, now):
        """Requests never confirmed, after 30 days."""
        return {"newsletter.unconfirmed_subscribers": purge_unconfirmed()}
