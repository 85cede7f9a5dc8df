"""What the site stores about a person, across the apps: export it, erase it, and purge what has
outlived its purpose (GDPR Art. 15, 17 and 5(1)(e)).

Each app describes its own personal data in a `privacy.py` module, a PersonalData subclass named
in settings.PERSONAL_DATA; this module only runs them, so cms imports no app.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Counter, PrivacyRequest


class ErasureRefused(Exception):
    """An app cannot erase now (a provider must act first and cannot be reached); the message
    says why, and nothing is erased."""


class PersonalData:
    """One app's records about people, found by email address."""

    # Fields left out of an export (binary copies, internal tokens).
    private_fields = ()

    def records(self, email):
        """{label: queryset} of the records about the person with this address."""
        raise NotImplementedError

    def export(self, email):
        return {
            label: [
                {k: v for k, v in row.items() if k not in self.private_fields}
                for row in records.values()
            ]
            for label, records in self.records(email).items()
        }

    def erase(self, email):
        """Delete the records; {label: how many}. Subclasses keep what the law requires."""
        return {label: records.delete()[0] for label, records in self.records(email).items()}

    def purge(self, now):
        """Delete what is past its retention period; {label: how many}."""
        return {}


def sources():
    return [import_string(path)() for path in settings.PERSONAL_DATA]


def normalised(email):
    return email.strip().lower()


def digest(email):
    """How the log names a person without keeping the address."""
    return hashlib.sha256(normalised(email).encode()).hexdigest()[:16]


def export(email):
    email = normalised(email)
    data = {}
    for source in sources():
        data.update(source.export(email))
    return {
        "email": email,
        "exported_at": timezone.now(),
        "records": {label: rows for label, rows in data.items() if rows},
    }


def export_json(email, handled_by=None, request=None):
    """The export as JSON; logged (on the open request it answers, if any)."""
    data = export(email)
    counts = {label: len(rows) for label, rows in data["records"].items()}
    log(PrivacyRequest.Kind.EXPORT, email, counts, handled_by, request)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def erase(email, handled_by=None, request=None):
    """Erase everything about the person at once, or nothing; logged."""
    email = normalised(email)
    counts = {}
    for source in sources():
        counts.update(source.erase(email))
    counts = {label: n for label, n in counts.items() if n}
    log(PrivacyRequest.Kind.ERASE, email, counts, handled_by, request)
    return counts


def log(kind, email, counts, handled_by=None, request=None):
    """Close the open request, or log one answered on the day it came in; the address goes."""
    request = request or PrivacyRequest()
    request.kind, request.email, request.email_digest = kind, "", digest(email)
    request.counts, request.handled_by, request.handled_at = counts, handled_by, timezone.now()
    request.save()


def note(kind, email, received_on):
    """An open request, to carry out by its due day."""
    return PrivacyRequest.objects.create(
        kind=kind, email=normalised(email), email_digest=digest(email), received_on=received_on
    )


@transaction.atomic
def purge(now=None):
    now = now or timezone.now()
    counts = {}
    for source in sources():
        counts.update(source.purge(now))
    # Rate-limit counters name visitors' addresses; expired ones serve nothing.
    counts["cms.Counter"] = Counter.objects.filter(expires_at__lt=now.timestamp()).delete()[0]
    return {label: n for label, n in counts.items() if n}


def days_ago(now, days):
    return now - datetime.timedelta(days=days)
