"""The production setup runs: gunicorn with the production settings on loopback serves a page
and a static file (WhiteNoise, hashed and compressed) behind a TLS-ending proxy, then stops."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


@pytest.fixture
def production(tmp_path):
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "smoke-test-k3Jw9-zQ7vR2xN8pL5tY1mB4cF6hD0gS-aE7uI2oP9wX3q",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/site.sqlite3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    for command in (
        ["migrate", "--noinput"],
        ["load_demo_content"],
        ["collectstatic", "--noinput"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"],
            cwd=BASE_DIR, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{number}", "-w", "2"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", number), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield number, tmp_path
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0  # stops cleanly


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={**PROXY, **headers})
    response = connection.getresponse()
    return response, response.read()


def test_gunicorn_serves_a_page_and_a_static_file(production):
    port, folder = production
    page, body = get(port, "/")
    assert page.status == 200
    assert "Münchner Initiative Nachhaltigkeit" in body.decode()
    assert page.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert "default-src 'self'" in page.getheader("Content-Security-Policy")

    manifest = json.loads((folder / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]
    static, _content = get(port, css, **{"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert static.getheader("Content-Encoding") == "gzip"
    assert "immutable" in static.getheader("Cache-Control")

    insecure = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    insecure.request("GET", "/")
    assert insecure.getresponse().status == 301  # plain HTTP goes to HTTPS
