"""The organisations in the open data API (cms/api.py)."""

from cms.api import RecordsEndpoint

from .models import Organisation


class OrganisationsEndpoint(RecordsEndpoint):
    model = Organisation

    def get_queryset(self):
        return Organisation.objects.select_related(*Organisation.PROFILE_RELATIONS).order_by("id")
