"""Every receiver of the events app, connected in one place (EventsConfig.ready)."""

from wagtail.signals import page_published, workflow_approved, workflow_rejected

from .models import EventPage
from .services import announce_change, fill_free_seats, proposal_decided, series_published


def event_published(sender, instance, **kwargs):
    # More seats published: the waiting list moves up at once.
    fill_free_seats(instance)
    # A change (a new date, online, cancelled) is mailed to everyone registered.
    announce_change(instance)
    # A series' dates follow its first event.
    series_published(instance)


def proposal_approved(sender, instance, **kwargs):
    """A partner's proposal decided in the moderation workflow: the partner is told."""
    proposal_decided(instance, approved=True)


def proposal_rejected(sender, instance, **kwargs):
    proposal_decided(instance, approved=False)


def register_signal_handlers():
    page_published.connect(event_published, sender=EventPage, dispatch_uid="events.published")
    workflow_approved.connect(proposal_approved, dispatch_uid="events.proposal_approved")
    workflow_rejected.connect(proposal_rejected, dispatch_uid="events.proposal_rejected")
