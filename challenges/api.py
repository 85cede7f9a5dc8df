"""The challenges with their history in the open data API (cms/api.py)."""

from cms.api import RecordsEndpoint

from .models import Challenge


class ChallengesEndpoint(RecordsEndpoint):
    model = Challenge

    def get_queryset(self):
        return Challenge.objects.prefetch_related("notes", "organisations").order_by("id")
