import threading
import time
from pathlib import Path

import pytest
import redis
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from cms.forms import form_token
from cms.pages import german
from events.models import EventIndexPage
from home.models import HomePage, SiteSettings
from reports.models import ReportIndexPage, ReportPage
from tests import demo_database, workers
from tests.donations import fake_stripe
from tests.helpers import SEED_SLUG, sign_in, staff

# The donations' fixtures (a donation page, Stripe's webhook, pending donations) serve the
# books' tests too.
pytest_plugins = ["tests.donations.fixtures"]

E2E = Path(__file__).parent / "e2e"
# Tests that start processes of their own (Chromium; gunicorn, db_worker, Java) or change what
# the whole Redis server does share the machine: under pytest-xdist (`make test`) each kind
# runs one test after another in one worker, and all other tests spread over every worker.
STACK_FIXTURES = {"production", "worker_env", "redis_cache"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if STACK_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.stack)
        for kind in ("browser", "stack"):
            if item.get_closest_marker(kind):
                item.add_marker(pytest.mark.xdist_group(kind))


def pytest_runtest_setup(item):
    """pytest-xdist sends a group's tests to one worker by a suffix on their ids; if that stops
    working (as with pytest 9.2, pytest-xdist#1386), the group's tests fail instead of running
    beside each other."""
    grouped = getattr(item.config.option, "loadgroup", False) and item.get_closest_marker(
        "xdist_group"
    )
    if grouped and "@" not in item.nodeid:
        pytest.fail("pytest-xdist ran this test outside its group (pytest-xdist#1386)")


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_modify_db_settings,  # pytest-xdist's database names
    django_db_blocker,
    tmp_path_factory,
):
    """Every test starts from the demo content, built once per run (tests/demo_database.py);
    what a test changes is rolled back after it, or copied over after a test that commits
    (demo_database.restore takes the place of Django's emptying of the database)."""
    # One folder for the whole run: pytest-xdist gives each worker a folder inside it.
    folder = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):
        folder = folder.parent
    with django_db_blocker.unblock():
        databases = demo_database.set_up(folder)
    yield
    with django_db_blocker.unblock():
        demo_database.tear_down(databases)


def pytest_sessionstart(session):
    """The controller of a pytest-xdist run builds the demo site while its workers start."""
    config = session.config
    controller = config.pluginmanager.has_plugin("dsession") and not config.option.collectonly
    if controller and connection.vendor == "postgresql":
        config.stash[BUILDER] = demo_database.build_ahead(
            config._tmp_path_factory.getbasetemp(),  # the workers' folders are inside it
            config.stash[blocking_manager_key],
        )


BUILDER = pytest.StashKey[threading.Thread]()


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput") and not session.config.option.collectonly:
        if BUILDER in session.config.stash:
            session.config.stash[BUILDER].join()
        demo_database.drop_template()


@pytest.fixture
def demo_site(transactional_db):
    """The demo site as committed data, for tests that commit (other threads and processes
    see only what is committed)."""


@pytest.fixture(autouse=True)
def default_language():
    """The test client leaves the last request's language active; start each test in German."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def provider_test_backend(settings):
    """Django's test set-up swaps in its locmem backend; anymail's test backend also records
    what the provider would receive (merge data, per-recipient headers)."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages must not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def home(db):
    return german(HomePage.objects).get()


@pytest.fixture
def report_index(db):
    return german(ReportIndexPage.objects).get()


@pytest.fixture
def event_index(db):
    return EventIndexPage.objects.get()


@pytest.fixture
def seed_report(db):
    return german(ReportPage.objects).get(slug=SEED_SLUG)


@pytest.fixture
def site_settings(home):
    return SiteSettings.objects.get(site__root_page=home)


@pytest.fixture
def get_soup(client):
    """GET a path, assert the status and return the parsed HTML."""

    def get(path, status=200):
        response = client.get(path)
        assert response.status_code == status, response
        return BeautifulSoup(response.content, "html.parser")

    return get


@pytest.fixture
def submit_form(client, django_capture_on_commit_callbacks):
    """POST a public form as a person would: trap field empty, shown half a minute ago; the
    emails queued for after the commit are sent."""

    def submit(url, fields):
        data = {"homepage": "", "shown_at": form_token(time.time() - 30), **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return submit


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's, with the second step taken."""
    return sign_in(client, admin_user)


@pytest.fixture
def office(client, db):
    """Logged in as a member of the Office group, as its migrations set it up."""
    return staff(client, "buero", Group.objects.get(name="Office"))


@pytest.fixture
def outside_office(client, db):
    """Logged in as staff who may use the admin but are not in the Office group."""
    editors = Group.objects.create(name="Nur Redaktion")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    return staff(client, "redaktion", editors)


@pytest.fixture
def worker_env(tmp_path):
    """The environment of real db_worker processes on the test database (tests/workers.py)."""
    return workers.environment(tmp_path / "mail")


@pytest.fixture
def stripe_server(settings):
    """Stripe's API on loopback; the site's keys are test keys for it."""
    server = fake_stripe.start()
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_SECRET_KEY = fake_stripe.SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake_min"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def redis_cache(settings):
    """The page cache on Redis, as production runs it, in a database of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
        }
    }
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    server.flushdb()
    yield server
    server.flushdb()
