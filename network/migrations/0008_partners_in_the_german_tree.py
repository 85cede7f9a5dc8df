from django.conf import settings
from django.db import migrations

from cms.workflows import PARTNER_WORKFLOW


def german_tree_only(apps, schema_editor):
    """Partners add and submit pages in the German tree only (network.services.partner_sections):
    what earlier invitations granted on translated sections is taken back."""
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    elsewhere = {"page__locale__language_code": settings.LANGUAGE_CODE}
    GroupPagePermission.objects.filter(group__name="Partners").exclude(**elsewhere).delete()
    WorkflowPage.objects.filter(workflow__name=PARTNER_WORKFLOW).exclude(**elsewhere).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_organisation_of_german_pages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(german_tree_only, migrations.RunPython.noop)]
