"""What the tests need to know about the project as a whole."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def project_apps():
    """The labels of the project's own apps (those in its top folder), whatever they are."""
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }
