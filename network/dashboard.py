"""The admin's start page (cms/dashboard.py): for the Office the applications and sign-ups
that wait for a decision, each linking to the list filtered to them; for a partner its own
pages and how each stands (in the Office's review, draft, live)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.dashboard import Task
from cms.models import ReviewStatus

from .models import ManufakturSignup, PartnerApplication
from .services import is_partner_only

LISTS = {
    PartnerApplication: (
        "partner_applications:index",
        {
            ReviewStatus.NEW: _("New partner applications"),
            ReviewStatus.IN_REVIEW: _("Partner applications in review"),
        },
    ),
    ManufakturSignup: (
        "manufaktur_signups:index",
        {
            ReviewStatus.NEW: _("New Manufaktur sign-ups"),
            ReviewStatus.IN_REVIEW: _("Manufaktur sign-ups in review"),
        },
    ),
}


def office_tasks(user):
    tasks = []
    for model, (list_name, labels) in LISTS.items():
        if not user.has_perm(f"network.change_{model._meta.model_name}"):
            continue
        counts = dict(
            model.objects.filter(status__in=labels)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        tasks += [
            Task(_("To review"), label, counts[status], f"{reverse(list_name)}?status={status}")
            for status, label in labels.items()
            if counts.get(status)
        ]
    return tasks


def partner_tasks(user):
    if not is_partner_only(user):
        return []
    return [
        Task(
            _("Your pages"),
            page.get_admin_display_title(),
            page.status_string,
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        )
        for page in Page.objects.filter(owner=user).order_by("path")
    ]
