from django.db import migrations

from cms.permissions import approval_workflow, grant

PARTNERS = "Partners"
WORKFLOW = "Änderung eines Partners prüfen"
TASK = "Büro prüft die Änderung"


def make_partner_accounts_possible(apps, schema_editor):
    """Partners sign in to edit their own profile and propose events: their group reaches the
    admin and uploads and chooses images (for a logo); what they write waits for the Office in
    a workflow of its own. Their pages (network/accounts.py) are given when the first partner
    is invited: on a new site the pages do not exist yet."""
    grant(apps, PARTNERS, [("wagtailadmin", "admin", "access_admin")])
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    partners = Group.objects.get(name=PARTNERS)
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for codename in ("add_image", "choose_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=partners,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )
    approval_workflow(apps, WORKFLOW, TASK, "Office")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_initiativepage_image_initiativepage_image_alt_and_more"),
        ("cms", "0004_office_two_factor"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(make_partner_accounts_possible, migrations.RunPython.noop)]
