"""What the tests' mail backend (anymail's test backend, Django's outbox) holds."""

from django.core import mail


def recipients():
    """Every address mailed, in order: a batch through the provider is one message to many."""
    return sorted(address for message in mail.outbox for address in message.to)
