"""The organisations in the open data API (cms/api.py)."""

from cms.api import RecordsEndpoint

from .models import Organisation, with_profile_links


class OrganisationsEndpoint(RecordsEndpoint):
    model = Organisation

    def get_queryset(self):
        return with_profile_links(Organisation.objects.order_by("id"))
