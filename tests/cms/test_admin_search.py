"""Every admin listing of the project answers any search: names with "ł", quotes, NUL and long
input are a result list (perhaps empty), never a 500, on SQLite as on PostgreSQL."""

import os
import subprocess
import sys

import pytest
import wagtail.admin.urls  # noqa: F401 - registers the admin's viewsets
from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import resolve_model_string

from organisations.models import Organisation
from tests.helpers import sign_in
from tests.project import project_apps

PROJECT_APPS = project_apps()
QUERIES = ["Caritas", "Łukasz", "O'Brien", '"', "=SUM(1)", "a\x00b", "x" * 300]


def searchable_listings():
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, (ModelViewSet, ChooserViewSet))
        and resolve_model_string(viewset.model)._meta.app_label in PROJECT_APPS
    ]


def test_the_listings_include_the_organisations():
    assert Organisation in {resolve_model_string(v.model) for v in searchable_listings()}


@pytest.mark.parametrize("viewset", searchable_listings(), ids=lambda v: v.url_prefix)
def test_search_never_fails(client, db, viewset):
    sign_in(client, get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    for query in QUERIES:
        response = client.get(viewset.menu_url, {"q": query})
        assert response.status_code == 200, (query, response.status_code)


def test_organisation_search_finds_by_name(client, db):
    sign_in(client, get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    Organisation.objects.create(name="Caritas München", kind=Organisation.Kind.ASSOCIATION)
    response = client.get("/admin/snippets/organisations/organisation/", {"q": "Caritas"})
    assert "Caritas München" in response.content.decode()


def test_the_same_on_the_other_database(db):
    """`make run` uses SQLite, CI and production PostgreSQL: run this file on SQLite as well."""
    if connection.vendor == "sqlite":
        pytest.skip("this run is on SQLite already")
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", __file__, "-k", "not other"],
        env=environment, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
