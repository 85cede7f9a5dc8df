"""Two-factor sign-in in a browser: an Office member signs in, is led to the set-up, adds the
authenticator app by its key and a code, and reaches the admin; the set-up passes axe."""

from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.helpers import current_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_office_member_sets_up_the_app_before_the_admin(web, site):
    # A flush between browser tests removes migration data: the group is made again here.
    office, _created = Group.objects.get_or_create(name="Office")
    office.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "require_two_factor"])
    )
    user = get_user_model().objects.create_user("buero", "buero@example.org", "geheim-123")
    user.groups.add(office)

    web.goto(f"{site}/admin/login/")
    web.locator("#id_username").fill("buero")
    web.locator("#id_password").fill("geheim-123")
    web.locator("form button[type=submit]").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Zwei-Faktor-Anmeldung")
    expect(web.locator(".two-factor-qr svg")).to_be_visible()
    assert_accessible(web)

    # A phone without a camera takes the key as typed.
    app = TOTPDevice(key=b32decode(web.locator("li code").inner_text()).hex())
    web.get_by_label("Code aus Ihrer Authenticator-App").fill(current_code(app))
    web.get_by_label("Ihr Passwort").fill("geheim-123")
    web.get_by_role("button", name="Einschalten").click()
    expect(web.get_by_role("heading", level=1)).to_contain_text("Münchner Initiative")
    expect(web.locator(".messages")).to_contain_text("eingeschaltet")
    assert TOTPDevice.objects.get(user=user).key == app.key
