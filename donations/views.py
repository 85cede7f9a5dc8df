import json
import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .webhooks import apply_event, well_formed

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: verified by their signature before anything is read, checked for the
    shape of an event (else 400), then applied. An error while applying answers 500, and Stripe
    delivers the event again."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("A Stripe event arrived, but STRIPE_WEBHOOK_SECRET is not set")
        return HttpResponseBadRequest("Webhooks are not configured.")
    try:
        payload = request.body.decode()
        stripe.WebhookSignature.verify_header(
            payload,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,  # an old replay fails
        )
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Invalid signature.")
    if not well_formed(event):
        return HttpResponseBadRequest("Not a Stripe event.")
    try:
        apply_event(event)
    except Exception:
        logger.exception("Stripe event %s could not be applied", event["id"])
        return HttpResponse("Not applied; please retry.", status=500)
    return HttpResponse("OK")
