from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published, workflow_approved, workflow_rejected

        from .models import EventPage
        from .services import (
            announce_change,
            fill_free_seats,
            proposal_decided,
            series_published,
        )

        # More seats published: the waiting list moves up at once.
        page_published.connect(
            lambda sender, instance, **kwargs: fill_free_seats(instance),
            sender=EventPage,
            weak=False,
            dispatch_uid="events.fill_free_seats",
        )
        # A change (a new date, online, cancelled) is mailed to everyone registered.
        page_published.connect(
            lambda sender, instance, **kwargs: announce_change(instance),
            sender=EventPage,
            weak=False,
            dispatch_uid="events.announce_change",
        )
        # A series' dates follow its first event.
        page_published.connect(
            lambda sender, instance, **kwargs: series_published(instance),
            sender=EventPage,
            weak=False,
            dispatch_uid="events.series_published",
        )
        # A partner's proposal decided in the moderation workflow: the partner is told.
        workflow_approved.connect(
            lambda sender, instance, **kwargs: proposal_decided(instance, approved=True),
            weak=False,
            dispatch_uid="events.proposal_approved",
        )
        workflow_rejected.connect(
            lambda sender, instance, **kwargs: proposal_decided(instance, approved=False),
            weak=False,
            dispatch_uid="events.proposal_rejected",
        )
