"""The site's search backend: Wagtail's database backend for the database in use.

On PostgreSQL that is its full-text search, which parses any input safely. SQLite (a first
look with `make run`) gets FTS5, whose query syntax fails on a quote and which cannot restrict a
search to a snippet's fields (the admin's organisation search answered 500 to any word): there
the query is reduced to its words and searched over all indexed fields.
"""

import re
from functools import cache

from modelsearch.backends.database import SearchBackend as database_backend

NON_WORD = re.compile(r"[^\w\s]+")


def plain_words(text):
    """The words of a text, without the punctuation that full-text engines read as syntax."""
    return " ".join(NON_WORD.sub(" ", text).split())


def SearchBackend(params):  # Wagtail looks a backend module's class up by this name
    backend = database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        return plain_sqlite_backend()(params)
    return backend


@cache
def plain_sqlite_backend():
    # Imported only on SQLite: the module looks up a model that exists only there.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    class PlainSQLiteSearchBackend(SQLiteSearchBackend):
        def search(self, query, model_or_queryset, fields=None, **kwargs):
            return self.words_or_nothing(super().search, query, model_or_queryset, **kwargs)

        def autocomplete(self, query, model_or_queryset, fields=None, **kwargs):
            return self.words_or_nothing(super().autocomplete, query, model_or_queryset, **kwargs)

        @staticmethod
        def words_or_nothing(search, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = plain_words(query)
                if not query:  # only punctuation: nothing (the admin cannot list "no results")
                    return getattr(model_or_queryset, "objects", model_or_queryset).none()
            return search(query, model_or_queryset, **kwargs)

    return PlainSQLiteSearchBackend
