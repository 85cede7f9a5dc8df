"""Real `manage.py db_worker` processes, for the tests of what survives a dead worker: their
environment (tests/worker_settings.py: the database queue as in production, mail written to
MAIL_DIR by a backend that takes its time), starting one, and waiting for what they do."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def environment(mail_folder):
    """The environment of worker processes on the test database; their mail lands in
    mail_folder, one file per recipient and message."""
    name = connection.settings_dict["NAME"]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    mail_folder.mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": url,
        "MAIL_DIR": str(mail_folder),
    }


def worker(environment):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=BASE_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
