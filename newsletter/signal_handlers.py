"""Every receiver of the newsletter app, connected in one place (NewsletterConfig.ready)."""

from anymail.signals import tracking

from .tracking import handle_tracking


def register_signal_handlers():
    # The provider's delivery events (bounces, complaints): anymail's webhook sends them here.
    tracking.connect(handle_tracking, dispatch_uid="newsletter.handle_tracking")
