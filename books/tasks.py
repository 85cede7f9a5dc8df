"""Donation work on a schedule (PERIODIC_TASKS)."""

from django.utils import timezone
from django_tasks import task

from .receipts import issue_year


@task()
def issue_last_years_receipts():
    """Each January: last year's collective receipts for every donor who asked, emailed."""
    issued, refused = issue_year(timezone.localdate().year - 1)
    return {"issued": len(issued), "refused": refused}
