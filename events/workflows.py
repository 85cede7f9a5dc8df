"""What finishing a moderation workflow does (WAGTAIL_FINISH_WORKFLOW_ACTION). Wagtail loads it
while its own models load: it imports nothing of the project."""

PROPOSAL_WORKFLOW = "Veranstaltungsvorschlag prüfen"  # made by migration events 0012
# The Office's review of what partners write in their accounts (migration network 0005).
PARTNER_WORKFLOW = "Änderung eines Partners prüfen"


def publish_approved(workflow_state, user=None):
    """Publish what a workflow approved, as Wagtail does; a proposal or a partner's change on
    the Office's approval alone: reviewing them is the Office's task, publishing pages
    otherwise is not."""
    office_review = workflow_state.workflow.name in (PROPOSAL_WORKFLOW, PARTNER_WORKFLOW)
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=office_review
    )
