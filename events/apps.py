from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from .models import EventPage
        from .services import announce_change, fill_free_seats, series_published

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
