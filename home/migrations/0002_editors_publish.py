from django.db import migrations


def let_editors_publish(apps, schema_editor):
    """Editors (Wagtail's group) write and publish the pages; they see no personal data."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        GroupPagePermission.objects.get_or_create(
            group=Group.objects.get_or_create(name="Editors")[0],
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename="publish_page"
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(let_editors_publish, migrations.RunPython.noop)]
