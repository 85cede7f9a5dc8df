"""The production setup runs: gunicorn with the production settings and Redis as the cache (as
compose.yaml has it) on loopback serves pages from the page cache, a form posted from a cached
page and a static file (WhiteNoise, hashed and compressed) behind a TLS-ending proxy, then
stops. .ci/run starts Redis."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

BASE_DIR = Path(__file__).resolve().parent.parent
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own on the local server


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
        "WAGTAILADMIN_BASE_URL": "https://m-i-n.example",
        "DATABASE_URL": f"sqlite:///{tmp_path}/site.sqlite3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": REDIS_URL,
        "ANYMAIL_WEBHOOK_SECRET": "smoke:webhook-secret",
    }
    redis.Redis.from_url(REDIS_URL).flushdb()
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
    return request(port, "GET", path, **headers)


def request(port, method, path, body=None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers={**PROXY, **headers})
    response = connection.getresponse()
    return response, response.read()


def test_cached_pages_are_the_same_for_all_and_their_forms_work(production):
    port, _folder = production
    first, first_body = get(port, "/newsletter/")
    second, second_body = get(port, "/newsletter/")
    assert (first.getheader("X-Page-Cache"), second.getheader("X-Page-Cache")) == ("miss", "hit")
    assert first_body == second_body
    assert second.getheader("X-Frame-Options") == "DENY"
    assert second.getheader("Set-Cookie") is None

    token_answer, token = get(port, "/formular/")
    assert token_answer.status == 200
    time.sleep(3.1)  # FORM_MIN_FILL_SECONDS
    form = urlencode(
        {
            "email": "smoke@example.org",
            "consent": "on",
            "homepage": "",
            "shown_at": json.loads(token)["shown_at"],
        }
    )
    answer, _body = request(
        port,
        "POST",
        "/newsletter/",
        body=form,
        **{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status == 302, _body[:500]
    assert answer.getheader("Location").endswith("/newsletter/danke/")

    health, status = get(port, "/health/")
    assert health.status == 200
    assert json.loads(status) == {"database": "ok", "cache": "ok"}


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
