"""Every export of the back office: what a visitor typed never runs as a spreadsheet formula."""

import csv
import io

import pytest
import wagtail.admin.urls  # noqa: F401 - registers the admin's viewsets
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from cms.viewsets import SubmissionIndexView
from network.models import PartnerApplication

ATTACKS = ['=HYPERLINK("https://evil.example","x")', "@SUM(A1)", "+1+1", "-2+3", "\tTab", "\rCR"]


def exporting_viewsets():
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and isinstance(viewset.list_export, (list, tuple))
    ]


def test_every_export_goes_through_the_neutralising_view():
    assert len(exporting_viewsets()) >= 7
    for viewset in exporting_viewsets():
        assert issubclass(viewset.index_view_class, SubmissionIndexView), viewset.name


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_in_free_text_arrives_as_text(office, attack):
    PartnerApplication.objects.create(
        organisation_name=attack,
        sector="civil_society",
        district="06",
        contact_name="Jonas",
        email="jonas@example.org",
        offers="=1+1",
        wants="Ganz normal",
        consented_at="2026-11-30T10:00:00Z",
    )
    response = office.get(reverse("partner_applications:index"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    (row,) = rows
    assert row["Organisation"] == f"'{attack}"
    assert "'=1+1" in row.values()
    assert "Ganz normal" in row.values()
