"""The people a service message can go to, named by each app in a `message_audiences` hook (cms
imports no app): the registrants of an event, the sign-ups of a Manufaktur, the accepted
partners. The newsletter's sending machinery mails them (newsletter.messages); these are not
the newsletter, so they need no consent to marketing, but each message says why the person
gets it. An app that writes such a message itself (an event's change) hands it to the sender
the newsletter registers in a `send_message` hook."""

from typing import NamedTuple

from wagtail import hooks


class Audience(NamedTuple):
    key: str  # stored with the message: "event:12:confirmed"
    label: str  # what the office chooses: "Reparatur-Café, 12.12.2026: registered"
    reason: str  # why each person gets it, printed in the message (German, as the mail)
    recipients: object  # a function returning (email, name) pairs


def audiences():
    """Every audience the apps offer now, in their order."""
    return [audience for offer in hooks.get_hooks("message_audiences") for audience in offer()]


def audience(key):
    """The audience of that key, or None if it is no longer offered."""
    return next((a for a in audiences() if a.key == key), None)


def send_message(key, subject, body, once):
    """Send a service message to the audience of that key, at most once for `once` (a key of
    what the message tells): True if it was started now, False if it was sent before or no
    sender is installed."""
    senders = hooks.get_hooks("send_message")
    return bool(senders) and senders[-1](key, subject, body, once)
