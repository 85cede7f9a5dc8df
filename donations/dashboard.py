"""The donations panel on the admin's start page: this month's and this year's donations and a
bar chart of the last twelve months."""

import datetime

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.admin.ui.components import Component

from cms.formats import euros

from .models import Payment


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
    template_name = "donations/admin/totals_panel.html"
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
