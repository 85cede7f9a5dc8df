from django.db import migrations

from cms.permissions import grant


def add_english(apps, schema_editor):
    """English next to German: pages may be translated (cms/translations.py), by editors."""
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="en")
    grant(apps, "Editors", [("simple_translation", "simpletranslation", "submit_translation")])


def remove_english(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.filter(language_code="en", pages=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_office_two_factor"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(add_english, remove_english)]
