"""The admin, like the public site, talks to no other host (no update check, no Gravatar)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_dashboard_requests_stay_on_the_site(web, site, sign_in_to_admin):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "geheim-123")
    requests = []
    web.on("request", lambda request: requests.append(request.url))

    sign_in_to_admin(web, user, "geheim-123")
    expect(web.get_by_role("heading", level=1)).to_contain_text("Münchner Initiative")
    web.wait_for_load_state("networkidle")

    outside = [url for url in requests if not url.startswith(site)]
    assert outside == []
