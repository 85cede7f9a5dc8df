"""The demo site's database: built once per test run, copied for every test process, and
copied back after each test that commits.

Most tests run inside a transaction that is rolled back, so they share the demo content. On
PostgreSQL one process of a run builds the demo site, under a file lock (pytest-xdist's
controller while its workers start, else the first test process): migrations, the demo content
and a visit of every page, so that the demo images' renditions exist as on a live site (made in
each test again they cost more than the test). It keeps that database as a template; every
process gets its own database as a copy of it, and gets it back from the template after each
test that commits (other threads and processes see only what is committed), in place of Django's
emptying of every table, which costs more than the copy and leaves no demo site for the next
test. A copy takes a fraction of a second; the build takes 30 seconds, 19 of them for the
migrations: the migrated, empty database is kept between runs under a digest of what the
migrations run, and copied while that is unchanged. On SQLite each process builds its own
in-memory database and keeps a backup of it; the migrated one is kept between runs as a file in
the user's cache folder.
"""

import fcntl
import hashlib
import os
import sqlite3
import sys
import threading
import time
from contextlib import closing, contextmanager
from importlib import metadata
from io import StringIO
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, TransactionTestCase
from django.test.utils import setup_databases, teardown_databases

from tests.demo_records import page_addresses

BASE_DIR = Path(__file__).resolve().parent.parent
# The database the settings name, before the test set-up renames the connection to its own.
CONFIGURED = connection.settings_dict["NAME"]
SQLITE_KEPT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "min-tests"


def load_demo_content():
    call_command("load_demo_content", stdout=StringIO())


def build():
    """The demo site in the test database, with its renditions."""
    load_demo_content()
    visitor = Client()
    for address in page_addresses():
        visitor.get(address)


def template_name():
    """The same in every process of the run."""
    return f"test_{CONFIGURED}_demo"


def set_up(run_folder):
    """This process's test database with the demo site in it; returns what tear_down needs."""
    # Django's teardown of a test that commits (pytest-django's transactional_db, live_server,
    # django_db(transaction=True)) empties every table and adds back the content types and
    # permissions; the copy of the demo site replaces all of that.
    TransactionTestCase._fixture_teardown = lambda test_case: restore()
    if connection.vendor != "postgresql":
        databases = _migrate_sqlite()
        build()
        global sqlite_copy
        sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(sqlite_copy)
        return databases
    name = test_database_name()
    if not make_template(run_folder, name):
        copy(template_name(), name)
        _use(name)
    return [(connection, CONFIGURED, True)]


def test_database_name():
    """As Django names it; pytest-xdist's workers add their suffix (test_min_gw1)."""
    return connection.settings_dict["TEST"]["NAME"] or f"test_{CONFIGURED}"


def make_template(run_folder, name):
    """The run's template of the demo site, built in the database `name` unless a process of
    the run has built it already; whether this call built it (then `name` holds the site)."""
    with _lock(run_folder / "demo-database.lock"):
        built = run_folder / "demo-database.built"
        if built.exists():
            return False
        _migrate(name)
        build()
        connection.close()  # a template database must have no connections
        copy(name, template_name())
        built.touch()
        return True


def build_ahead(run_folder, blocker):
    """In the controller of a pytest-xdist run, while its workers start and collect the tests
    (ten seconds or more, time the build would otherwise add to the run): a thread that makes
    the template, past pytest-django's guard (the controller runs no test), and drops the
    database it built it in. A worker that finds no template when it needs one builds it."""

    def make():
        with blocker.unblock():
            name = test_database_name()
            if make_template(run_folder, name):
                drop(name)

    builder = threading.Thread(target=make, name="demo-database")
    builder.start()
    return builder


def _migrate(name):
    """The test database, migrated: a copy of the migrated database the last run kept, if
    nothing that the migrations run has changed since (they take half a minute)."""
    migrated = migrated_name()
    with _server() as server:
        kept = {
            row[0]
            for row in server.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"test_{CONFIGURED}_migrated_%"],
            )
        }
    for outdated in kept - {migrated}:
        drop(outdated)
    if migrated in kept:
        copy(migrated, name)
        _use(name)
        return
    setup_databases(verbosity=0, interactive=False, aliases={"default"})
    connection.close()
    copy(name, migrated)


def _migrate_sqlite():
    """The in-memory test database, migrated: from the file the last run kept, if nothing
    that the migrations run has changed since."""
    kept = SQLITE_KEPT / f"migrated-{migrations_digest()}.sqlite3"
    if not kept.exists():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        SQLITE_KEPT.mkdir(parents=True, exist_ok=True)
        # Other checkouts on the machine may have other packages: theirs go when unused a week.
        for outdated in SQLITE_KEPT.glob("migrated-*.sqlite3"):
            if outdated.stat().st_mtime < time.time() - 7 * 24 * 3600:
                outdated.unlink(missing_ok=True)
        written = kept.with_suffix(f".{os.getpid()}")  # whole or not at all
        with closing(sqlite3.connect(written)) as target:
            connection.connection.backup(target)
        written.replace(kept)
        return databases
    kept.touch()  # used
    _use(connection.creation._get_test_db_name())  # as setup_databases names it
    connection.ensure_connection()
    with closing(sqlite3.connect(kept)) as source:
        source.backup(connection.connection)
    return [(connection, CONFIGURED, True)]


def migrated_name():
    return f"test_{CONFIGURED}_migrated_{migrations_digest()}"


def migrations_digest():
    """A digest of everything the migrations run: the project's code (they import it), its
    settings and the installed packages (their migrations)."""
    digest = hashlib.sha256()
    folders = [Path(app.path) for app in apps.get_app_configs()] + [BASE_DIR / "config"]
    ours = (f for f in folders if f.is_relative_to(BASE_DIR) and not f.is_relative_to(sys.prefix))
    for folder in sorted(ours):  # the packages of .venv are counted by their versions below
        for path in sorted(folder.rglob("*.py")):
            digest.update(str(path.relative_to(BASE_DIR)).encode() + path.read_bytes())
    for package in sorted(f"{d.name}=={d.version}" for d in metadata.distributions()):
        digest.update(package.encode())
    return digest.hexdigest()[:16]


def restore():
    """Put the demo site back in place of the test database, whatever a test wrote into it."""
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        sqlite_copy.backup(connection.connection)
        return
    connection.close()
    copy(template_name(), connection.settings_dict["NAME"])


def tear_down(databases):
    teardown_databases(databases, verbosity=0)


def drop_template():
    """At the end of the run, in the process that started it (the migrated database stays for
    the next run)."""
    if connection.vendor == "postgresql":
        drop(template_name())


def copy(source, target):
    """On PostgreSQL: the database target as a copy of source, in place of any before it."""
    drop(target)
    with _server() as server:
        server.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def drop(name):
    # FORCE: a finished test's worker or server thread may still hold a connection.
    with _server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _server():
    """The server's maintenance database, past Django's connection (and pytest-django's guard
    on it, which is back in place between tests)."""
    given = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        host=given["HOST"] or None,
        port=given["PORT"] or None,
        user=given["USER"] or None,
        password=given["PASSWORD"] or None,
        autocommit=True,
    ) as server:
        yield server


def _use(name):
    """Point Django at the test database, as setup_databases does when it makes one."""
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.close()


@contextmanager
def _lock(path):
    with open(path, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
