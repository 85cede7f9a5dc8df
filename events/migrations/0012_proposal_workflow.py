from django.db import migrations

from cms.permissions import grant

WORKFLOW = "Veranstaltungsvorschlag prüfen"
TASK = "Büro prüft den Vorschlag"


def make_the_proposal_workflow(apps, schema_editor):
    """Partners' proposals wait for the Office: one task, its group the Office. The workflow is
    started by the proposal form (events.services.submit_event), not assigned to pages, so the
    editors' own events are published as before."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    office, _created = Group.objects.get_or_create(name="Office")
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK, content_type=content_type)
    task.groups.add(office)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
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
