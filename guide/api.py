"""The city departments and what they decide, in the open data API (cms/api.py)."""

from django.db.models import Prefetch
from wagtail.api import APIField
from wagtail.models import Page

from cms.api import RecordsEndpoint
from cms.pages import published
from organisations.models import DEPARTMENTS, Organisation, with_profile_links

from .models import ActivityDepartment, ActivityPermit
from .serializers import DecisionSerializer, PermitSerializer


class DepartmentsEndpoint(RecordsEndpoint):
    model = Organisation
    body_fields = [
        *RecordsEndpoint.body_fields,
        APIField("decides", serializer=DecisionSerializer(many=True, source="activity_links")),
        APIField("permits", serializer=PermitSerializer(many=True)),
    ]

    def get_queryset(self):
        shown = {"page__in": published(Page.objects)}  # not translations, nor private ones
        departments = Organisation.objects.filter(**DEPARTMENTS)
        return (
            with_profile_links(departments)
            .prefetch_related(
                Prefetch(
                    "activity_links",
                    ActivityDepartment.objects.filter(**shown).select_related("page"),
                ),
                Prefetch("permits", ActivityPermit.objects.filter(**shown).select_related("page")),
            )
            .order_by("id")
        )
