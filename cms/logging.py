"""Production logs: one JSON object per line (time, level, logger, message), for a log
collector to filter and count, and nothing about a person in them.

Django's request logger attaches the request and names its path; paths carry the tokens of
confirmation, unsubscribe, cancel and donation links, and messages may quote an address. So
every record leaves without the request object, and tokens, email and IP addresses in its text
are masked.
"""

import logging
import re

MASKS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b"), "[ip]"),
    (re.compile(r"\b(?:[0-9a-f]{0,4}:){3,7}[0-9a-f]{0,4}\b", re.IGNORECASE), "[ip]"),
    # A path segment as long as a token (signed links, UUIDs); words are shorter.
    (re.compile(r"(?<=/)[\w:.-]{20,}(?=/|$|\s|')"), "[token]"),
]


def without_personal_data(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


class NoPersonalData(logging.Filter):
    def filter(self, record):
        record.msg = without_personal_data(record.getMessage())
        record.args = ()
        if hasattr(record, "request"):
            record.request = None  # it names the path, the cookies and the visitor's address
        if record.exc_info:
            record.exc_text = without_personal_data(
                logging.Formatter().formatException(record.exc_info)
            )
            record.exc_info = None
        return True
