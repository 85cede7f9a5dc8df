"""The site's moderation workflows by name, and what finishing one does
(WAGTAIL_FINISH_WORKFLOW_ACTION). Wagtail loads this module while its own models load: it imports
nothing of the project."""

PROPOSAL_WORKFLOW = "Veranstaltungsvorschlag prüfen"  # made by migration events 0012
# The Office's review of what partners write in their accounts (migration network 0005).
PARTNER_WORKFLOW = "Änderung eines Partners prüfen"


def publish_approved(workflow_state, user=None):
    """Publish what a workflow approved; a proposal or a partner's change on the Office's
    approval alone: reviewing them is the Office's task, publishing pages otherwise is not.

    What was approved is the revision the reviewer saw: the one the last task was given
    (its preview), or a later one a reviewer saved in the editor (approving with changes).
    Wagtail publishes the latest revision, whoever made it meanwhile: a partner could slip
    unreviewed text in while the page waits (a revert through the admin API, say)."""
    office_review = workflow_state.workflow.name in (PROPOSAL_WORKFLOW, PARTNER_WORKFLOW)
    reviewed_revision(workflow_state).publish(user=user, skip_permission_checks=office_review)


def reviewed_revision(workflow_state):
    page = workflow_state.content_object
    task_state = workflow_state.current_task_state
    latest = page.get_latest_revision()
    task = task_state.task.specific
    if latest.user is not None and not task.locked_for_user(page, latest.user):
        return latest  # saved by someone who may review: what they approved
    return task_state.revision
