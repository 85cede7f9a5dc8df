"""The demo site, built once per test database and copied back for each test that commits.

Most tests run inside a transaction that is rolled back, so they share the demo content loaded
when the test database is made. Tests that commit (other threads, processes, a live server)
find the database emptied after the previous one; they get the demo site back from a copy
taken right after that first load: on PostgreSQL a template database, on SQLite a backup of
the in-memory database. Both take a fraction of a second; loading the demo again took seconds.
"""

import sqlite3

from django.db import connection


def copy_name():
    return f"{connection.settings_dict['NAME']}_demo"


def take():
    """Keep a copy of the test database as it is now."""
    if connection.vendor == "postgresql":
        connection.close()  # a template database must have no connections
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy_name()}"')
            cursor.execute(
                f'CREATE DATABASE "{copy_name()}" TEMPLATE "{connection.settings_dict["NAME"]}"'
            )
    else:
        global sqlite_copy
        connection.ensure_connection()
        sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(sqlite_copy)


def restore():
    """Put the copy back in place of the test database, whatever the tests wrote into it."""
    if connection.vendor == "postgresql":
        connection.close()
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            # FORCE: a finished test's worker or server thread may still hold a connection.
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy_name()}"')
    else:
        connection.ensure_connection()
        sqlite_copy.backup(connection.connection)


def drop():
    if connection.vendor == "postgresql":
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy_name()}"')
