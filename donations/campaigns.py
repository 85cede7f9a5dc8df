"""A campaign's progress: the paid gifts of money in its period, online and offline, net of
refunds and lost disputes, counted again in the transaction that changes a payment."""

import datetime

from django.db import transaction
from django.db.models import Count, F, Min, Sum
from django.utils import timezone

from cms.pages import german

from .models import CampaignTotal, DonationPage, Payment

WALL_NAMES = 200


def counted_payments(page):
    start, end = (
        timezone.make_aware(datetime.datetime.combine(day, time))
        for day, time in ((page.campaign_start, datetime.time.min),
                          (page.campaign_end, datetime.time.max))
    )  # fmt: skip
    return (
        Payment.objects.filter(
            status=Payment.Status.PAID, kind=Payment.Kind.MONEY, paid_at__range=(start, end)
        )
        .exclude(dispute=Payment.Dispute.LOST)
        .filter(amount__gt=F("amount_refunded"))
    )


@transaction.atomic
def recount():
    """Count the running campaign again. The total's row is locked first, so of two webhooks
    at once the second counts after the first has committed and sees its payment too."""
    page = (
        german(DonationPage.objects.live())
        .exclude(goal=None)
        .exclude(campaign_start=None)
        .exclude(campaign_end=None)
        .first()
    )
    if page is None:
        return
    CampaignTotal.objects.get_or_create(page=page)
    total = CampaignTotal.objects.select_for_update().get(page=page)
    payments = counted_payments(page)
    figures = payments.aggregate(
        raised=Sum(F("amount") - F("amount_refunded"), default=0),
        gifts=Count("pk"),
    )
    names = list(
        payments.exclude(donation__public_name="")
        .values("donation__public_name")
        .annotate(first=Min("paid_at"))
        .order_by("first")
        .values_list("donation__public_name", flat=True)[:WALL_NAMES]
    )
    if (total.raised, total.gifts, total.names) != (figures["raised"], figures["gifts"], names):
        total.raised, total.gifts, total.names = figures["raised"], figures["gifts"], names
        total.save()  # a new version of the page's cached copies (shown_on_pages)
