from django.db import migrations

from cms.permissions import grant

INTERESTS = [
    ("newsletter", "interest", "add_interest"),
    ("newsletter", "interest", "change_interest"),
    ("newsletter", "interest", "view_interest"),
]


def let_editors_and_the_office_manage_interests(apps, schema_editor):
    """Both offer topics (editors write the issues, the office answers the subscribers); no
    one deletes one: subscribers and proofs of consent name it."""
    grant(apps, "Office", INTERESTS)
    grant(apps, "Editors", INTERESTS)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0004_interests_scheduling_welcome")]

    operations = [
        migrations.RunPython(let_editors_and_the_office_manage_interests, migrations.RunPython.noop)
    ]
