"""Groups and their permissions, set up by data migrations so that every install has them."""

from django.contrib.auth.management import create_permissions


def grant(apps, group_name, permissions):
    """Give the group (created if missing) these (app_label, model, codename) permissions."""
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    for app_label, model, codename in permissions:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )


def approval_workflow(apps, workflow_name, task_name, group_name):
    """A workflow of one task: the group (created if missing) approves or asks for changes."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=group_name)
    workflow, _created = Workflow.objects.get_or_create(name=workflow_name)
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=task_name, content_type=content_type)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
