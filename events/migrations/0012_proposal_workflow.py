from django.db import migrations

from cms.permissions import approval_workflow, grant

WORKFLOW = "Veranstaltungsvorschlag prüfen"
TASK = "Büro prüft den Vorschlag"


def make_the_proposal_workflow(apps, schema_editor):
    """Partners' proposals wait for the Office: one task, its group the Office. The workflow is
    started by the proposal form (events.services.submit_event), not assigned to pages, so the
    editors' own events are published as before."""
    approval_workflow(apps, WORKFLOW, TASK, "Office")
    grant(
        apps,
        "Office",
        [
            ("events", "eventsubmission", "view_eventsubmission"),
            ("events", "eventsubmission", "change_eventsubmission"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_proposals"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(make_the_proposal_workflow, migrations.RunPython.noop)]
