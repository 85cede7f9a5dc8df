from cms.privacy import PersonalData, days_ago

from .models import QuestionnaireSubmission


class QuestionnaireData(PersonalData):
    def records(self, email):
        return {"questionnaires.submissions": QuestionnaireSubmission.objects.filter(email=email)}

    def purge(self, now):
        """Each answer once the retention period it was given under (said at the consent box,
        stored with the answer) has passed."""
        deleted = 0
        answers = QuestionnaireSubmission.objects
        for days in answers.values_list("retention_days", flat=True).distinct():
            old = answers.filter(retention_days=days, submit_time__lt=days_ago(now, days))
            deleted += old.delete()[0]
        return {"questionnaires.submissions": deleted}
