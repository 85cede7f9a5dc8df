"""The back office's shared machinery for what the public forms send in (cms.models.Submission):
the office reviews it in the Wagtail admin, nobody creates it there."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import ReviewedSubmission


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Submissions come from the public forms only: nobody, not even a superuser, adds one."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records kept as they were made (proofs, ledgers): read and exported, never added,
    changed or deleted in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class StatusForm(WagtailAdminModelForm):
    """The office's part of a submission: its status, moved only as the record's OFFICE_MOVES
    allow, and notes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        allowed = {current, *self.instance.OFFICE_MOVES[current]}
        status = self.fields["status"]
        status.choices = [choice for choice in status.choices if choice[0] in allowed]
        status.error_messages["invalid_choice"] = _("This status cannot be set any more.")


# A cell starting with one of these is run as a formula by spreadsheet programs ("=HYPERLINK(…)"
# from a form's free text); OWASP's advice: make it text with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OfficeExport(SpreadsheetExportMixin):
    """Exports as the office reads them: local times to the minute, several answers in one
    cell, and nothing a spreadsheet would run (XLSX cells are stored as strings by Wagtail
    already)."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: timezone.localtime(value).strftime(
                "%d.%m.%Y %H:%M"
            ),
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(value).replace(
                second=0, microsecond=0
            ),
        },
        list: {
            SpreadsheetExportMixin.FORMAT_CSV: ", ".join,
            SpreadsheetExportMixin.FORMAT_XLSX: ", ".join,
        },
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        csv_text = export_format == self.FORMAT_CSV and isinstance(value, str)
        return f"'{value}" if csv_text and value.startswith(FORMULA_START) else value


class SubmissionIndexView(OfficeExport, IndexView):
    """A public form's records as the office exports them, choices by their names."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name in row:
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.choices:
                row[name] = getattr(item, f"get_{name}_display")()
        return row


class FormSubmissionsView(OfficeExport, SubmissionsListView):
    """The answers to a form editors built (wagtail.contrib.forms), exported like the records
    of the site's own forms."""


class SubmissionInspectView(InspectView):
    """A record as the office reads it: local times in German, "–" for what is empty."""

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if value is None or value == "":
            return "–"
        return super().get_field_display_value(field_name, field)


class SubmissionEditView(EditView):
    """The office's decision (status, notes) beside the whole record it decides on."""

    template_name = "cms/admin/submission_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspect = SubmissionInspectView(model=self.model)
        inspect.object = self.object
        names = [n for n in inspect.get_fields() if n not in self.form.fields and n != "id"]
        # What the person sent first, the record's bookkeeping (times, mails sent) after.
        bookkeeping = {field.name for field in ReviewedSubmission._meta.fields}
        names.sort(key=lambda name: name in bookkeeping)
        context["details"] = [inspect.get_context_for_field(name) for name in names]
        return context


class StatusActionEditView(SubmissionEditView):
    """For submissions whose one next status is an action with consequences (cancelling frees
    a seat, unsubscribing stops mail): the notes are saved as they are, and a new status is
    handed to status_action(instance), the service that performs it."""

    status_action = None

    def save_instance(self):
        changed = self.form.cleaned_data["status"] != self.form.initial["status"]
        self.form.instance.status = self.form.initial["status"]
        instance = super().save_instance()
        if changed:
            type(self).status_action(instance)
        return instance


class RecordViewSet(ModelViewSet):
    """A list of records the public or a provider made (not the office): filters, search,
    inspection and export; what the office may do with them is the permission policy's."""

    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None  # plain database filtering on search_fields
    permission_policy_class = None

    def on_register(self):
        # Before Wagtail registers its default policy for the model.
        register_permission_policy(self.model, self.permission_policy_class(self.model))
        super().on_register()


class ReadOnlyViewSet(RecordViewSet):
    """Records kept as they were made (proofs, the ledger): read, searched, exported."""

    permission_policy_class = ViewOnlyPermissionPolicy
    form_fields = []


class SubmissionViewSet(RecordViewSet):
    """A list of one kind of submission, whose status and notes the office keeps."""

    edit_view_class = SubmissionEditView
    permission_policy_class = SubmissionPermissionPolicy
    form_fields = ["status", "notes"]

    def get_form_class(self, for_update=False):
        return type(
            f"{self.model.__name__}StatusForm",
            (StatusForm,),
            {"Meta": type("Meta", (), {"model": self.model, "fields": self.form_fields})},
        )
