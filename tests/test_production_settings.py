"""Production settings come from the environment and pass Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

REALISTIC_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Jw9-zQ7vR2xN8pL5tY1mB4cF6hD0gS-aE7uI2oP9wX3qZ5nV8bT1yR4",
    "ALLOWED_HOSTS": "m-i-n.net,www.m-i-n.net",
    "DATABASE_URL": "postgres://min:secret@db.internal:5432/min",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://m-i-n.net",
    "DEFAULT_FROM_EMAIL": "MIN <noreply@m-i-n.net>",
    "EMAIL_BACKEND": "anymail.backends.brevo.EmailBackend",
    "ANYMAIL_BREVO_API_KEY": "xkeysib-example",
    "ANYMAIL_WEBHOOK_SECRET": "user:password",
    "STRIPE_SECRET_KEY": "sk_test_example",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
}


def run(code, environment):
    """Run Python code in a fresh interpreter with only the given settings environment."""
    base = {
        name: value
        for name, value in os.environ.items()
        if name not in REALISTIC_ENVIRONMENT and not name.startswith(("DJANGO", "ANYMAIL"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **environment},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args, environment):
    return run(
        "import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        environment,
    )


def test_check_deploy_passes_without_warnings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=REALISTIC_ENVIRONMENT
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "variable", ["DJANGO_SECRET_KEY", "WAGTAILADMIN_BASE_URL", "ANYMAIL_WEBHOOK_SECRET"]
)
def test_refuses_to_start_without(variable):
    environment = {k: v for k, v in REALISTIC_ENVIRONMENT.items() if k != variable}
    result = manage("check", environment=environment)
    assert result.returncode != 0
    assert f"{variable} must be set" in result.stderr


def test_without_tracking_no_webhook_secret_is_needed_and_none_is_served():
    environment = {k: v for k, v in REALISTIC_ENVIRONMENT.items() if k != "ANYMAIL_WEBHOOK_SECRET"}
    without_tracking = manage("check", environment={**environment, "EMAIL_TRACKING": "false"})
    assert without_tracking.returncode == 0, without_tracking.stderr
    served = run(
        "import django; django.setup(); from django.urls import resolve; "
        "print(resolve('/anymail/brevo/tracking/').url_name)",
        {**environment, "EMAIL_TRACKING": "false"},
    )
    assert served.stdout.strip() == "wagtail_serve", served.stderr  # a page address, no webhook


def test_only_the_sending_providers_tracking_address_is_served():
    addresses = [
        "/anymail/brevo/tracking/",
        "/anymail/postmark/tracking/",
        "/anymail/brevo/inbound/",
    ]
    served = run(
        "import django; django.setup(); from django.urls import resolve; "
        f"print(*(resolve(address).url_name for address in {addresses!r}))",
        REALISTIC_ENVIRONMENT,
    )
    assert served.stdout.split() == ["brevo_tracking_webhook", "wagtail_serve", "wagtail_serve"]


def test_reads_the_environment():
    expressions = {
        "settings.DEBUG": False,
        "settings.ALLOWED_HOSTS": ["m-i-n.net", "www.m-i-n.net"],
        "settings.CSRF_TRUSTED_ORIGINS": ["https://m-i-n.net", "https://www.m-i-n.net"],
        "settings.DATABASES['default']['HOST']": "db.internal",
        "settings.CACHES['default']['LOCATION']": "redis://redis.internal:6379/0",
        "settings.EMAIL_BACKEND": "anymail.backends.brevo.EmailBackend",
        "settings.ANYMAIL": {"BREVO_API_KEY": "xkeysib-example", "WEBHOOK_SECRET": "user:password"},
        "settings.STRIPE_SECRET_KEY": "sk_test_example",
        "settings.STRIPE_WEBHOOK_SECRET": "whsec_example",
        "settings.WAGTAILADMIN_BASE_URL": "https://m-i-n.net",
        "settings.TASKS['default']['BACKEND']": "django_tasks_db.DatabaseBackend",
    }
    result = run(
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps([{', '.join(expressions)}]))",
        REALISTIC_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == list(expressions.values())


def test_logs_are_json_lines_without_personal_data():
    result = run(
        "import django, logging; django.setup(); from django.test import RequestFactory\n"
        "request = RequestFactory().get('/newsletter/abmelden/Zq3vX9kLm2Np8Rt5Yw7Bc4Df6Gh1Jk/')\n"
        "logging.getLogger('django.request').error('Internal Server Error: %s', request.path,"
        " extra={'request': request, 'status_code': 500})\n"
        "try:\n    raise ValueError('Maria Beispiel, Marienplatz 8, +49 89 1234567')\n"
        "except ValueError:\n    logging.getLogger('newsletter').exception('Mail to %s failed',"
        " 'maria@example.org', extra={'email': 'maria@example.org', 'person': 'Maria Beispiel'})\n"
        "logging.getLogger('donations').warning('Donation %s from %s, %s, %s', "
        "'6f1c2b9e-8d4a-4f7b-9c3e-2a1b0c9d8e7f', '2a00::1', 'max%40example.de', "
        "'6f1c2b9e8d4a4f7b9c3e2a1b0c9d8e7f')\n",
        REALISTIC_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(line["level"], line["logger"]) for line in lines] == [
        ("ERROR", "django.request"),
        ("ERROR", "newsletter"),
        ("WARNING", "donations"),
    ]
    assert lines[0]["message"] == "Internal Server Error: /newsletter/abmelden/[token]/"
    assert lines[1]["message"] == "Mail to [email] failed"
    assert lines[2]["message"] == "Donation [uuid] from [ip], [email], [uuid]"
    assert {name for line in lines for name in line} <= {
        "time", "level", "logger", "message", "exc_info"
    }  # fmt: skip
    assert lines[1]["exc_info"].endswith("builtins.ValueError")  # where, not what it held
    personal = (
        "Zq3vX9kLm2Np8Rt5Yw7Bc4Df6Gh1Jk", "maria@example.org", "Maria", "Marienplatz", "1234567",
        "6f1c2b9e", "2a00", "max%40",
    )  # fmt: skip
    assert not any(value in result.stderr for value in personal)


def test_the_server_keeps_what_it_loaded_out_of_the_garbage_collectors_walks():
    """Every full collection would otherwise walk the whole of Django, Wagtail and the site,
    some milliseconds of an uncached page each time (config/wsgi.py)."""
    result = run("import gc, config.wsgi; print(gc.get_freeze_count())", REALISTIC_ENVIRONMENT)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 100_000
