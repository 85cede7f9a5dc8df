"""Every receiver of the cms app, connected in one place (CmsConfig.ready), as Wagtail's own apps
do; docs/architecture.md lists them with the other apps'."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django_tasks.signals import task_finished, task_started
from wagtail.models import Site
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

from .cache.versions import deleted, frame_changed, saved
from .tasks import hold_while_running, release_when_finished


def configured_address():
    """The Site fields for the one configured public address (WAGTAILADMIN_BASE_URL)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    return {"hostname": address.hostname, "port": port}


def use_configured_address(**kwargs):
    """The default Site takes the configured public address, so that links in mails, feeds and
    the sitemap name the address visitors use, whatever host and port the server runs on."""
    Site.objects.filter(is_default_site=True).update(**configured_address())


def register_signal_handlers():
    # The page cache: a change ends the versions of what it shows (cms/cache/versions.py).
    post_save.connect(saved, dispatch_uid="cms.cache.post_save")
    post_delete.connect(deleted, dispatch_uid="cms.cache.post_delete")
    page_unpublished.connect(frame_changed, dispatch_uid="cms.cache.page_unpublished")
    post_page_move.connect(frame_changed, dispatch_uid="cms.cache.post_page_move")
    page_slug_changed.connect(frame_changed, dispatch_uid="cms.cache.page_slug_changed")
    # The watch over running tasks: a running task holds a lock that dies with its worker.
    task_started.connect(hold_while_running, dispatch_uid="cms.tasks.hold_while_running")
    task_finished.connect(release_when_finished, dispatch_uid="cms.tasks.release_when_finished")
    # The default Site takes the configured public address after every migrate.
    post_migrate.connect(use_configured_address, sender=apps.get_app_config("cms"))
