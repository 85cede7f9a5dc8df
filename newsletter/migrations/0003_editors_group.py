from django.db import migrations

from cms.permissions import grant


def let_editors_publish(apps, schema_editor):
    """Editors (Wagtail's group) write and publish the pages, keep the organisations and
    challenges that reports name, and send newsletter issues; they see no personal data."""
    grant(
        apps,
        "Editors",
        [
            ("home", "challenge", "add_challenge"),
            ("home", "challenge", "change_challenge"),
            ("network", "organisation", "add_organisation"),
            ("network", "organisation", "change_organisation"),
            ("newsletter", "newsletterpage", "send_newsletterpage"),
        ],
    )
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        GroupPagePermission.objects.get_or_create(
            group=Group.objects.get(name="Editors"),
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename="publish_page"
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_office_subscribers"),
        ("home", "0002_alter_reportpage_follow_up_page"),
        ("network", "0007_decision_email"),
        ("wagtailcore", "0087_alter_grouppagepermission_unique_together_and_more"),
    ]

    operations = [migrations.RunPython(let_editors_publish, migrations.RunPython.noop)]
