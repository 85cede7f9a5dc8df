"""Public pages tell the browser what they may load and do; the admin keeps working."""

import pytest


@pytest.mark.parametrize(
    "address", ["/", "/berichte/", "/mitmachen/spenden/", "/newsletter/", "/gibt-es-nicht/"]
)
def test_public_pages_send_the_security_headers(client, home, address):
    response = client.get(address)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "https://checkout.stripe.com" in policy["form-action"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_cached_pages_send_them_too(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Security-Policy"] and response["Permissions-Policy"]


def test_the_admin_is_left_to_wagtail(admin_client, home):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
