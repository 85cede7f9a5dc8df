"""`make shots`: the command photographs one live page of every page type at a phone's and a
desktop's width, and the admin dashboard, run as a process of its own on the demo site."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from PIL import Image

from demo.management.commands.shots import page_targets
from tests.project import project_apps
from tests.workers import BASE_DIR

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="another process sees only a server database"
    ),
]


def test_every_page_type_of_the_demo_has_its_shot(demo_site):
    names = {name for name, _path in page_targets()}
    assert {"home-HomePage", "reports-ReportPage", "events-EventPage", "places-PlacePage"} <= names
    assert all(name.split("-")[0] in project_apps() for name in names)


def test_shots_are_taken_at_both_widths_with_the_dashboard(browser, demo_site, tmp_path):
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{connection.settings_dict['NAME']}"
    subprocess.run(
        [sys.executable, "manage.py", "shots", "--out", str(tmp_path), "--only", "ReportPage"],
        cwd=BASE_DIR, env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True,
    )  # fmt: skip
    widths = {path.name: Image.open(path).width for path in tmp_path.glob("*.png")}
    assert widths == {
        "reports-ReportPage-phone.png": 390,
        "reports-ReportPage-desktop.png": 1280,
        "admin-dashboard-phone.png": 390,
        "admin-dashboard-desktop.png": 1280,
    }
