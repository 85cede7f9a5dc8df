from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button

from cms.viewsets import ReadOnlyViewSet, StatusActionEditView, SubmissionViewSet

from .admin_views import (
    import_detail_view,
    import_view,
    message_detail_view,
    message_view,
    send_view,
)
from .dashboard import office_tasks
from .models import ConsentRecord, Interest, NewsletterPage, Subscriber
from .sending import send_service_message
from .services import unsubscribe


class SubscriberEditView(StatusActionEditView):
    status_action = staticmethod(unsubscribe)


class SubscriberViewSet(SubmissionViewSet):
    """The list: the office looks people up, exports, and unsubscribes someone who asks."""

    model = Subscriber
    edit_view_class = SubscriberEditView
    name = "subscribers"
    url_prefix = "newsletter/abonnenten"
    icon = "user"
    list_display = ["email", "name", "status", "confirmed_at", "created_at"]
    list_filter = ["status", "interests"]
    search_fields = ["email", "name"]
    list_export = [
        "email",
        "name",
        "status",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "source_url",
    ]
    export_filename = "newsletter-abonnenten"


class InterestViewSet(ModelViewSet):
    """The newsletter's topics, which editors and the office manage (retired, not deleted:
    subscribers and proofs name them)."""

    model = Interest
    name = "interests"
    url_prefix = "newsletter/interessen"
    icon = "tag"
    form_fields = ["name", "description", "active", "sort_order"]
    list_display = ["name", "description", "active", "sort_order"]
    copy_view_enabled = False


class ConsentRecordViewSet(ReadOnlyViewSet):
    """The proofs of consent, as they were recorded."""

    model = ConsentRecord
    name = "consent_records"
    url_prefix = "newsletter/einwilligungen"
    icon = "doc-full"
    list_display = ["email", "kind", "confirmed_at", "source_url"]
    list_filter = ["kind"]
    search_fields = ["email"]
    list_export = [
        "email",
        "kind",
        "requested_at",
        "confirmed_at",
        "source_url",
        "source",
        "consent_text",
        "interests",
        "consent_text_version",
        "confirmation_mail_version",
        "request_ip_address",
        "confirm_ip_address",
    ]
    export_filename = "newsletter-einwilligungen"


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.add_subscriberimport")


class ImportViewSet(ViewSet):
    """Importing subscribers (the Office): a file checked row by row, then imported once."""

    name = "newsletter_import"
    url_prefix = "newsletter/import"
    icon = "upload"
    menu_label = _("Import subscribers")
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", import_view, name="index"),
            path("<int:import_id>/", import_detail_view, name="detail"),
        ]


class MessageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.add_message")


class MessageViewSet(ViewSet):
    """Service messages (the Office) to an event's registrants, a Manufaktur's sign-ups or the
    accepted partners."""

    name = "newsletter_messages"
    url_prefix = "newsletter/nachrichten"
    icon = "mail"
    menu_label = _("Messages to participants")
    menu_item_class = MessageMenuItem

    def get_urlpatterns(self):
        return [
            path("", message_view, name="index"),
            path("<int:message_id>/", message_detail_view, name="detail"),
        ]


class NewsletterGroup(ModelViewSetGroup):
    items = [
        SubscriberViewSet,
        InterestViewSet,
        ConsentRecordViewSet,
        ImportViewSet,
        MessageViewSet,
    ]
    menu_icon = "mail"
    menu_label = _("Newsletter")
    menu_order = 192


@hooks.register("register_admin_viewset")
def register_newsletter():
    return NewsletterGroup()


class SubscriberCountsPanel(Component):
    """How many addresses are in which state, on the admin's start page."""

    name = "newsletter_subscribers"
    order = 150
    template_name = "newsletter/admin/subscriber_counts.html"

    def get_context_data(self, parent_context):
        counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by())
        return {
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Subscriber.Status.choices
            ]
        }


@hooks.register("construct_homepage_panels")
def add_subscriber_counts(request, panels):
    if request.user.has_perm("newsletter.view_subscriber"):
        panels.append(SubscriberCountsPanel())


@hooks.register("register_admin_urls")
def register_send_view():
    return [path("newsletter/versand/<int:page_id>/", send_view, name="newsletter_send")]


@hooks.register("register_page_header_buttons")
def send_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class, NewsletterPage) and user.has_perm(
        "newsletter.send_newsletterpage"
    ):
        url = reverse("newsletter_send", args=[page.pk])
        yield Button(_("Send"), url, icon_name="mail", priority=26)


hooks.register("office_tasks", office_tasks)
hooks.register("send_message", send_service_message)
