import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .webhooks import apply_event

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: verified by their signature before anything is read, then applied.
    An error while applying answers 500, and Stripe delivers the event again."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("A Stripe event arrived, but STRIPE_WEBHOOK_SECRET is not set")
        return HttpResponseBadRequest("Webhooks are not configured.")
    try:
        event = stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Invalid signature.")
    try:
        apply_event(event.to_dict())
    except Exception:
        logger.exception("Stripe event %s could not be applied", event.id)
        return HttpResponse("Not applied; please retry.", status=500)
    return HttpResponse("OK")
