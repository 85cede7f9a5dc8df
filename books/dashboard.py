"""Donations on the admin's start page: this month's and this year's donations with a bar chart
of the last twelve months, and what Finance has to do (cms/dashboard.py)."""

import datetime

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from cms.dashboard import Task
from cms.formats import euros
from donations.models import Payment, StripeEvent

from .models import BankEntry, Receipt
from .receipts import donors_awaiting


def month_totals(today, months=12):
    """What came in in each of the last `months` months, net of refunds and lost disputes,
    oldest first, in one query."""
    first = today.replace(day=1)
    for _step in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    totals = (
        Payment.objects.filter(
            status=Payment.Status.PAID,
            paid_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time())),
        )
        .exclude(dispute=Payment.Dispute.LOST)
        .annotate(month=TruncMonth("paid_at"))
        .values("month")
        .annotate(total=Sum(F("amount") - F("amount_refunded")))
        .values_list("month", "total")
    )
    by_month = {timezone.localtime(month).date(): total for month, total in totals}
    result, month = [], first
    for _step in range(months):
        result.append((month, by_month.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


class DonationTotalsPanel(Component):
    """This month's and this year's donations and the last twelve months as a bar chart,
    drawn on the server as SVG."""

    name = "donation_totals"
    order = 140
    template_name = "books/admin/totals_panel.html"
    HEIGHT = 80

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        months = month_totals(today)
        highest = max(total for _month, total in months) or 1
        bars = [
            {
                "month": month,
                "total": euros(total, cents=True),
                "height": round(float(total) / float(highest) * self.HEIGHT, 1),
                "x": index * 30,
            }
            for index, (month, total) in enumerate(months)
        ]
        for bar in bars:
            bar["y"] = self.HEIGHT - bar["height"]
        return {
            "month": euros(months[-1][1], cents=True),
            "year": euros(sum(t for m, t in months if m.year == today.year), cents=True),
            "today": today,
            "bars": bars,
            "chart_height": self.HEIGHT,
        }


def office_tasks(user):
    """Finance's part of the admin's start page (cms/dashboard.py): payments that failed in the
    last 30 days, open disputes, Stripe events that match no payment, bank entries to review,
    receipts to correct, and last year's receipts still to issue."""
    if not user.has_perm("donations.view_payment"):
        return []
    area = _("Donations")
    payments = reverse("payments:index")
    since = timezone.now() - datetime.timedelta(days=30)
    counts = Payment.objects.aggregate(
        failed=Count("pk", filter=Q(status=Payment.Status.FAILED, created_at__gte=since)),
        disputed=Count("pk", filter=Q(dispute=Payment.Dispute.OPEN)),
    )
    unmatched = StripeEvent.objects.waiting().count()
    to_review = BankEntry.objects.filter(status=BankEntry.Status.REVIEW).count()
    to_correct = Receipt.objects.filter(flagged_at__isnull=False, replaced_by=None).count()
    last_year = timezone.localdate().year - 1
    receipts = donors_awaiting(last_year).count()
    tasks = [
        (_("Payments failed in the last 30 days"), counts["failed"], f"{payments}?status=failed"),
        (_("Open disputes"), counts["disputed"], f"{payments}?dispute=open"),
        (
            _("Stripe events that match no payment"),
            unmatched,
            reverse("waiting_stripe_events:index"),
        ),
        (
            _("Bank statement entries to review"),
            to_review,
            f"{reverse('bank_entries:index')}?status=review",
        ),
        (
            _("Receipts to correct (money went back)"),
            to_correct,
            f"{reverse('receipts:index')}?to_correct=true",
        ),
        (
            _("Donors waiting for their receipt for %(year)d") % {"year": last_year},
            receipts,
            reverse("receipts:collective"),
        ),
    ]
    return [Task(area, label, count, url) for label, count, url in tasks if count]
