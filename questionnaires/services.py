import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import QuestionnaireSubmission


def questionnaire_submitted(page, form):
    """Store the answers once: the same form sent again (a double click, a retry) finds the
    submission it made."""
    answers = form.answers()
    key = form.submission_key(json.dumps(answers, sort_keys=True, cls=DjangoJSONEncoder))
    try:
        with transaction.atomic():
            QuestionnaireSubmission.objects.create(
                page=page,
                key=key,
                form_data=answers,
                email=form.cleaned_data.get("email", ""),
                consented_at=timezone.now(),
                consent_text=str(form.fields["consent"].label),
                retention_days=page.retention_days,
            )
    except IntegrityError:
        if not QuestionnaireSubmission.objects.filter(key=key).exists():
            raise
