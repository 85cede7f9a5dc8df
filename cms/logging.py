"""Production logs: one JSON object per line (time, level, logger, message, and where there was
an exception its type and where it happened), for a log collector to filter and count, and
nothing about a person in them.

By allowlist, not by hope: a record is written with those fields only (extra fields a caller
attached, the request object among them, are dropped), and an exception is written as its types
and stack frames without its text, which quotes whatever the failing code held: a name, a street,
a phone number, a database row. Messages are masked: email addresses (also percent-encoded),
IP addresses (IPv6 short forms too), UUIDs (a donation's UUID opens its status page) and the
tokens of confirmation, unsubscribe, cancel and donation links in paths.
"""

import logging
import re
import traceback

from pythonjsonlogger.json import JsonFormatter

FIELDS = ("time", "level", "logger", "message", "exc_info")

MASKS = [
    (re.compile(r"[\w.+-]+(@|%40)[\w-]+(\.[\w-]+)+", re.IGNORECASE), "[email]"),
    (
        re.compile(r"\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b", re.I),
        "[uuid]",
    ),
    (re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b"), "[ip]"),
    (re.compile(r"\b(?:[0-9a-f]{0,4}:){3,7}[0-9a-f]{0,4}\b", re.IGNORECASE), "[ip]"),
    (re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}\b)?", re.I), "[ip]"),
    # A path segment as long as a token (signed links); words are shorter.
    (re.compile(r"(?<=/)[\w:.-]{20,}(?=/|$|\s|')"), "[token]"),
]


def without_personal_data(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def exception_outline(exc_info):
    """The exception's types and stack frames (files, lines, functions, code), without the
    exception's text; a chained exception's too."""
    outline = traceback.TracebackException(*exc_info, capture_locals=False)
    parts = []
    while outline is not None:
        kind = outline.exc_type
        name = f"{kind.__module__}.{kind.__qualname__}" if kind else "exception"
        parts.append("".join(outline.stack.format()) + name)
        outline = outline.__cause__ or outline.__context__
    return without_personal_data("\n--- while handling ---\n".join(reversed(parts)))


class NoPersonalData(logging.Filter):
    def filter(self, record):
        record.msg = without_personal_data(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = exception_outline(record.exc_info)
            record.exc_info = None
        return True


class AllowedFieldsFormatter(JsonFormatter):
    """python-json-logger's JSON, with only the allowed fields."""

    def process_log_record(self, log_data):
        return {name: log_data[name] for name in FIELDS if name in log_data}
