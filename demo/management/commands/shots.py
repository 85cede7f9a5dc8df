"""Screenshots of the whole site for review: one live page of every page type, at a phone's and a
desktop's width, and the office's admin dashboard, as PNG files in one folder. It serves the
site itself (the database it is pointed at, with the demo content loaded by `make shots`) and
drives Debian's Chromium, so anyone can look at every page in a minute without a running server."""

import os
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, get_page_models

WIDTHS = {"phone": 390, "desktop": 1280}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def page_targets():
    """(name, path) of the first live page of each page type, in the order of the page tree."""
    targets = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().order_by("path").first()
        if page is not None:
            targets.append((f"{model._meta.app_label}-{model.__name__}", page.url))
    return sorted(targets, key=lambda target: target[1])


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Screenshot every page type at 390 and 1280 px and the admin dashboard into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="shots", help="folder for the PNG files")
        parser.add_argument("--only", default="", help="only page types whose name contains this")

    def handle(self, *args, out, only, **options):
        targets = [target for target in page_targets() if only.lower() in target[0].lower()]
        if not targets:
            raise CommandError("No live page to photograph: load the demo content first.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
        server.set_app(StaticFilesHandler(get_wsgi_application()))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        from playwright.sync_api import sync_playwright

        # Playwright's sync API runs an event loop in this thread; the ORM calls here are
        # made before and after it works, never while.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for width_name, width in WIDTHS.items():
                context = browser.new_context(
                    locale="de-DE", viewport={"width": width, "height": 900}
                )
                tab = context.new_page()
                for name, path in targets:
                    tab.goto(base + path)
                    self.save(tab, folder / f"{name}-{width_name}.png")
                self.dashboard(tab, base, folder / f"admin-dashboard-{width_name}.png")
                context.close()
            browser.close()
        server.shutdown()
        self.stdout.write(
            self.style.SUCCESS(f"{len(list(folder.glob('*.png')))} shots in {folder}/")
        )

    def save(self, tab, path):
        tab.screenshot(path=path, full_page=True)
        self.stdout.write(f"  {path}")

    def dashboard(self, tab, base, path):
        """The office's first view: signed in as a superuser made for the shots (no password),
        the second step taken with a device of its own (accounts/two_factor.py)."""
        user, _ = get_user_model().objects.get_or_create(
            username="shots", defaults={"is_superuser": True, "is_staff": True}
        )
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="shots")
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        tab.context.clear_cookies()
        tab.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])
        tab.goto(base + "/admin/")
        self.save(tab, path)
