from cms.privacy import PersonalData, days_ago

from .models import QuestionnairePage, QuestionnaireSubmission


class QuestionnaireData(PersonalData):
    def records(self, email):
        return {"questionnaires.submissions": QuestionnaireSubmission.objects.filter(email=email)}

    def purge(self, now):
        """Each questionnaire's answers once its retention period (set on the page, said at the
        consent box) has passed."""
        deleted = 0
        for page in QuestionnairePage.objects.only("retention_days"):
            cutoff = days_ago(now, page.retention_days)
            old = QuestionnaireSubmission.objects.filter(page=page, submit_time__lt=cutoff)
            deleted += old.delete()[0]
        return {"questionnaires.submissions": deleted}
