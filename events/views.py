"""The check-in list at the door: for the Office in the admin, and for a helper by the event's
signed link, on a phone, without an account. Small and without script (a filter box where
there is one), so that it works on a slow connection; each tap posts one explicit state."""

from datetime import timedelta

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cms.pages import german

from .models import CHECKIN_SALT, EventPage, Registration
from .services import check_in, fill_report_count


def checkin(request, event, office=False):
    if request.method == "POST":
        action = request.POST.get("action")
        number = request.POST.get("registration", "")
        if action in ("arrived", "undo") and number.isdigit():
            check_in(event, int(number), arrived=action == "arrived")
            return redirect(f"{request.path}#r{number}")
        if action == "report" and office and event.report_id:
            count, published = fill_report_count(event, request.user)
            if published:
                text = _("The report now counts %(count)d participants.")
            else:
                text = _("The report's draft now counts %(count)d participants, for the editors.")
            messages.success(request, text % {"count": count})
            return redirect(request.path)
    seats = event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("name", "pk")
    registrations = list(seats.only("name", "organisation", "attended_at"))
    context = {
        "event": event,
        "registrations": registrations,
        "arrived": sum(1 for r in registrations if r.attended_at),
        "office": office,
    }
    if office:
        context["helper_url"] = request.build_absolute_uri(
            reverse("event_checkin", args=[event.checkin_token()])
        )
    return TemplateResponse(request, "events/checkin.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def checkin_helper_view(request, token):
    """The helper's link: it names the event and works until a day after it."""
    try:
        event_id = signing.loads(token, salt=CHECKIN_SALT)
    except signing.BadSignature:
        raise Http404 from None
    event = german(EventPage.objects.live()).filter(pk=event_id).first()
    if event is None or timezone.now() > event.end + timedelta(days=1):
        raise Http404
    return checkin(request, event)


@never_cache
def checkin_admin_view(request, event_id):
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    return checkin(request, get_object_or_404(EventPage, pk=event_id), office=True)
