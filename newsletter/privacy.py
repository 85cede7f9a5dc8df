import datetime

from django.db import transaction

from cms.privacy import PersonalData

from .models import ConsentRecord, Delivery, Subscriber, SubscriberImport, TrackingEvent
from .services import purge_unconfirmed

# An import's rows (addresses and names as the file gave them) serve its review, then go.
IMPORT_RETENTION = datetime.timedelta(days=90)


class NewsletterData(PersonalData):
    private_fields = ("token", "confirmation_nonce")

    def records(self, email):
        return {
            "newsletter.subscribers": Subscriber.objects.filter(email=email),
            "newsletter.consent_records": ConsentRecord.objects.filter(email=email),
            "newsletter.deliveries": Delivery.objects.filter(email=email),
            "newsletter.tracking_events": TrackingEvent.objects.filter(email=email),
        }

    def export(self, email):
        data = super().export(email)
        data["newsletter.import_rows"] = [
            {"import": batch.source, "uploaded": batch.created_at, **row}
            for batch in SubscriberImport.objects.all()
            for row in batch.rows
            if row["email"] == email
        ]
        return data

    @transaction.atomic
    def erase(self, email):
        counts = super().erase(email)
        erased = 0
        for batch in SubscriberImport.objects.select_for_update():
            kept = [row for row in batch.rows if row["email"] != email]
            if len(kept) < len(batch.rows):
                erased += len(batch.rows) - len(kept)
                batch.rows = kept
                batch.save(update_fields=["rows"])
        return {**counts, "newsletter.import_rows": erased}

    def purge(self, now):
        """Requests never confirmed (and imported addresses never asked) after 30 days;
        imports with their rows after 90."""
        imports = SubscriberImport.objects.filter(created_at__lt=now - IMPORT_RETENTION)
        return {
            "newsletter.unconfirmed_subscribers": purge_unconfirmed(),
            "newsletter.imports": imports.delete()[0],
        }
