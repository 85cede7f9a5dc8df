"""What finishing a moderation workflow does (WAGTAIL_FINISH_WORKFLOW_ACTION). Wagtail loads it
while its own models load: it imports nothing of the project."""

PROPOSAL_WORKFLOW = "Veranstaltungsvorschlag prüfen"  # made by migration events 0012


def publish_approved(workflow_state, user=None):
    """Publish what a workflow approved, as Wagtail does; a partner's proposal on the Office's
    approval alone: reviewing proposals is the Office's task, publishing pages otherwise is
    not."""
    proposal = workflow_state.workflow.name == PROPOSAL_WORKFLOW
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=proposal
    )
