"""The office's start page in the admin says what there is to do. Each app names its own work
in an `office_tasks` hook (cms imports no app): a function of the signed-in user that returns
Tasks for what that user's groups may see and do, so the Office, Finance and Editors each find
their own work on top, every item linking to the list that shows it."""

from typing import NamedTuple

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import PrivacyRequest


class Task(NamedTuple):
    area: str  # the heading it stands under: "To review", "This week's events", …
    label: str  # what waits: "New partner applications"
    figure: object  # how many, or how it stands: 2, "8 of 20 seats"
    url: str  # the list that shows these records


class OfficeTasksPanel(Component):
    name = "office_tasks"
    order = 50  # above Wagtail's own panels
    template_name = "cms/admin/office_tasks.html"
    heading = _("To do")

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        areas = {}
        for office_tasks in hooks.get_hooks("office_tasks"):
            for task in office_tasks(self.user):
                areas.setdefault(task.area, []).append(task)
        return {"heading": self.heading, "areas": list(areas.items())}


def privacy_tasks(user):
    """Open privacy requests, with the day the first is due (a month after it came in)."""
    if not user.has_perm("cms.add_privacyrequest"):
        return []
    open_requests = list(PrivacyRequest.objects.filter(handled_at=None).only("received_on"))
    if not open_requests:
        return []
    due = min(request.due_on for request in open_requests)
    figure = _("%(count)d, the first due %(day)s") % {
        "count": len(open_requests),
        "day": formats.date_format(due, "SHORT_DATE_FORMAT"),
    }
    return [
        Task(_("Privacy"), _("Privacy requests to answer"), figure, reverse("privacy_requests"))
    ]
