"""Signed values in link paths (a registration's cancel link, a monthly donor's management
link). Page routes allow letters, digits, "_" and "-" only, so the signer's ":" becomes "-";
the values themselves (numbers, hexadecimal) hold no "-"."""

from django.core import signing


def path_token(value, salt):
    return signing.Signer(salt=salt).sign(value).replace(":", "-", 1)


def path_token_value(token, salt):
    """What a path_token carries, or None when the site did not make it."""
    try:
        return signing.Signer(salt=salt).unsign(token.replace("-", ":", 1))
    except signing.BadSignature:
        return None
