"""The city departments and what they decide, in the open data API (cms/api.py)."""

from django.db.models import Prefetch
from wagtail.api import APIField

from cms.api import RecordsEndpoint
from cms.translations import german_locale_id
from organisations.models import DEPARTMENTS, Organisation

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
        live = {"page__live": True, "page__locale": german_locale_id()}  # not translations
        return (
            Organisation.objects.filter(**DEPARTMENTS)
            .prefetch_related(
                Prefetch(
                    "activity_links",
                    ActivityDepartment.objects.filter(**live).select_related("page"),
                ),
                Prefetch("permits", ActivityPermit.objects.filter(**live).select_related("page")),
            )
            .select_related(*Organisation.PROFILE_RELATIONS)
            .order_by("id")
        )
