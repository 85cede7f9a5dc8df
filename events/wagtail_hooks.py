from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.viewsets import ReadOnlyViewSet, StatusActionEditView, SubmissionViewSet

from .audiences import message_audiences
from .dashboard import office_tasks
from .models import EventIndexPage, EventPage, EventSubmission, Registration
from .services import cancel
from .views import checkin_admin_view


class RegistrationEditView(StatusActionEditView):
    # Cancelling frees the seat for the waiting list and tells the person.
    status_action = staticmethod(cancel)


class RegistrationViewSet(SubmissionViewSet):
    model = Registration
    edit_view_class = RegistrationEditView
    name = "registrations"
    url_prefix = "veranstaltungen/anmeldungen"
    icon = "date"
    menu_label = _("Attendees")
    menu_order = 195
    add_to_admin_menu = True
    list_display = ["name", "organisation", "event", "status", "attended_at", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "organisation"]
    list_export = [
        "created_at",
        "status",
        "event",
        "event.start",
        "name",
        "email",
        "organisation",
        "attended_at",
        "answers_text",
        "health_answers_text",
        "notes",
    ]
    export_headings = {
        "event.start": _("Start of the event"),
        "answers_text": _("Answers"),
        "health_answers_text": _("Answers about health"),
    }
    export_filename = "veranstaltungs-anmeldungen"


class EventSubmissionViewSet(ReadOnlyViewSet):
    """Partners' proposals and how they were decided; the decision itself is taken in the
    moderation workflow of each proposed event (Wagtail's "Awaiting your review")."""

    model = EventSubmission
    name = "event_submissions"
    url_prefix = "veranstaltungen/vorschlaege"
    icon = "calendar-alt"
    menu_label = _("Event proposals")
    menu_order = 196
    add_to_admin_menu = True
    list_display = ["title", "organisation_name", "contact_name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation_name", "contact_name", "email"]
    list_export = ["created_at", "status", "title", "organisation_name", "contact_name", "email"]
    export_filename = "veranstaltungs-vorschlaege"


@hooks.register("register_admin_viewset")
def register_registrations():
    return RegistrationViewSet()


@hooks.register("register_admin_viewset")
def register_event_submissions():
    return EventSubmissionViewSet()


def registrations_button(page, user, priority):
    """From an event in the page tree to its registrations, for those who may see them."""
    if issubclass(page.specific_class, EventPage) and user.has_perm("events.view_registration"):
        url = reverse("registrations:index") + f"?event={page.pk}"
        yield Button(_("Registrations"), url, icon_name="list-ul", priority=priority)


@hooks.register("register_page_listing_more_buttons")
def page_listing_registrations(page, user, next_url=None):
    yield from registrations_button(page, user, priority=15)


@hooks.register("register_page_header_buttons")
def page_header_registrations(page, user, view_name, next_url=None):
    yield from registrations_button(page, user, priority=25)
    if issubclass(page.specific_class, EventPage) and user.has_perm("events.change_registration"):
        url = reverse("event_checkin_admin", args=[page.pk])
        yield Button(_("Check-in"), url, icon_name="tick", priority=26)


@hooks.register("register_admin_urls")
def register_checkin():
    return [path("veranstaltungen/einlass/<int:event_id>/", checkin_admin_view,
                 name="event_checkin_admin")]  # fmt: skip


hooks.register("office_tasks", office_tasks)

hooks.register("message_audiences", message_audiences)


@hooks.register("partner_sections")
def events_section():
    # A partner adds its own events (network/services.py), the Office approves them.
    return [(index, [EventPage]) for index in EventIndexPage.objects.all()]
