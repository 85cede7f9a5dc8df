from django.conf import settings

from cms.privacy import PersonalData, days_ago

from .models import Registration


class EventData(PersonalData):
    def records(self, email):
        return {"events.registrations": Registration.objects.filter(email=email)}

    def purge(self, now):
        """Answers about health once the event is over; registrations
        REGISTRATION_RETENTION_DAYS after their event ended."""
        cutoff = days_ago(now, settings.REGISTRATION_RETENTION_DAYS)
        over = Registration.objects.filter(event__end__lt=now).exclude(health_answers={})
        return {
            "events.health_answers": over.update(health_answers={}),
            "events.registrations": Registration.objects.filter(event__end__lt=cutoff).delete()[0],
        }
