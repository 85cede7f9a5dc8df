from django.conf import settings

from cms.privacy import PersonalData, days_ago

from .models import Registration


class EventData(PersonalData):
    def records(self, email):
        return {"events.registrations": Registration.objects.filter(email=email)}

    def purge(self, now):
        """Registrations, REGISTRATION_RETENTION_DAYS after their event ended."""
        cutoff = days_ago(now, settings.REGISTRATION_RETENTION_DAYS)
        return {
            "events.registrations": Registration.objects.filter(event__end__lt=cutoff).delete()[0]
        }
