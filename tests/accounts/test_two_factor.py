"""Two-factor sign-in to the admin (accounts/two_factor.py): Office, Finance and superusers set it
up before any admin page; everyone may; whoever has it gives a code after the password (also
after the mailed sign-in link); codes are checked, taken once and throttled."""

import datetime
import io
import re
from base64 import b32decode

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageViewRestriction

from accounts.sign_in import link_token
from cms.forms import client_key, count
from tests.helpers import current_code

PASSWORD = "lang-und-geheim-1"
SET_UP = "/admin/zwei-faktoren/"
VERIFY = "/admin/zwei-faktoren/pruefen/"


def person(group=None, superuser=False):
    users = get_user_model().objects
    make = users.create_superuser if superuser else users.create_user
    user = make(f"person-{group or 'chef'}".lower(), "p@example.org", PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def signed_in_with_password(client, user):
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def app_for(client):
    """What a person's authenticator app holds after typing the key the set-up page shows."""
    html = client.get(SET_UP).content.decode()
    assert "<svg" in html  # the QR code, drawn here
    key = re.search(r"<code>([A-Z2-7]+)</code>", html)[1]
    return TOTPDevice(key=b32decode(key).hex())


def set_up(client, user):
    """Through the set-up page, as a person with the app: the device, confirmed."""
    app = app_for(client)
    response = client.post(
        SET_UP,
        {"action": "add", "name": "Telefon", "code": current_code(app), "password": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()
    return TOTPDevice.objects.get(user=user, confirmed=True, key=app.key)


@pytest.mark.parametrize(
    "who", [{"group": "Office"}, {"group": "Finance"}, {"superuser": True}], ids=str
)
def test_who_must_set_it_up_reaches_nothing_else_first(client, home, who):
    user = person(**who)
    signed_in_with_password(client, user)
    for address in ["/admin/", "/admin/pages/", "/admin/datenschutz/", "/admin/users/"]:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(SET_UP + "?next=")
    assert client.get("/").status_code == 200  # the public site is the same for everyone
    set_up(client, user)
    assert client.get("/admin/").status_code == 200


def test_editors_may_set_it_up_and_then_give_a_code(client, home):
    editor = person("Editors")
    signed_in_with_password(client, editor)
    assert client.get("/admin/").status_code == 200  # not required of editors
    assert "Zwei-Faktor-Anmeldung" in client.get(reverse("wagtailadmin_account")).content.decode()
    device = set_up(client, editor)
    client.logout()
    signed_in_with_password(client, editor)
    assert client.get("/admin/pages/")["Location"] == f"{VERIFY}?next=/admin/pages/"
    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/pages/"})
    assert "nicht (mehr) richtig" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):  # the next code
        right = client.post(VERIFY, {"code": current_code(device), "next": "/admin/pages/"})
        assert right["Location"] == "/admin/pages/"
        assert client.get("/admin/pages/").status_code == 200


def test_a_code_is_taken_once_and_guessing_is_throttled(client, home):
    user = person("Office")
    signed_in_with_password(client, user)
    device = set_up(client, user)  # took the code of this moment
    client.logout()
    signed_in_with_password(client, user)
    replay = client.post(VERIFY, {"code": current_code(device)})
    assert "nicht (mehr) richtig" in replay.content.decode()  # the same code again: refused
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Right after a wrong one, even the right code waits (and each wrong one doubles the wait).
    throttled = client.post(VERIFY, {"code": current_code(device, steps_ahead=1)})
    assert "Bitte warten Sie" in throttled.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_mailed_sign_in_link_does_not_skip_the_code(client, home):
    user = person("Finance")
    signed_in_with_password(client, user)
    set_up(client, user)
    client.logout()
    link = reverse("sign_in_link", args=[link_token(user)])
    assert client.post(link).status_code == 302
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_device_is_removed_only_with_the_password(client, home):
    user = person("Editors")
    signed_in_with_password(client, user)
    device = set_up(client, user)
    client.post(SET_UP, {"action": "remove", "device": device.pk, "password": "falsch"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.post(SET_UP, {"action": "remove", "device": device.pk, "password": PASSWORD})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_set_up_wants_the_password_and_a_right_code(client, home):
    user = person("Office")
    signed_in_with_password(client, user)
    app = app_for(client)
    no_password = client.post(
        SET_UP, {"action": "add", "name": "Telefon", "code": current_code(app), "password": "x"}
    )
    wrong_code = client.post(
        SET_UP, {"action": "add", "name": "Telefon", "code": "99999", "password": PASSWORD}
    )
    for response in (no_password, wrong_code):
        assert response.status_code == 200
        assert re.search(r"nicht (\(mehr\) )?richtig", response.content.decode())
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_after_the_code_only_addresses_of_this_site(client, home):
    user = person("Office")
    signed_in_with_password(client, user)
    device = set_up(client, user)
    client.logout()
    signed_in_with_password(client, user)
    answer = client.post(VERIFY, {"code": current_code(device, 1), "next": "https://evil.example/"})
    assert answer["Location"] == "/admin/"


def test_development_may_drop_the_requirement_not_the_step(client, home, settings):
    settings.TWO_FACTOR_REQUIRED = False
    user = person("Office")
    signed_in_with_password(client, user)
    assert client.get("/admin/").status_code == 200


def test_an_administrator_turns_it_off_for_a_lost_phone(client, home):
    user = person("Office")
    signed_in_with_password(client, user)
    set_up(client, user)
    output = io.StringIO()
    call_command("two_factor_off", user.get_username(), stdout=output)
    assert "1 device(s)" in output.getvalue()
    client.logout()
    signed_in_with_password(client, user)
    assert client.get("/admin/")["Location"].startswith(SET_UP)


# A password alone opens no restricted content (accounts.middleware.SignInMiddleware).


def office_only_report(seed_report):
    restriction = PageViewRestriction.objects.create(page=seed_report, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Office"))
    return seed_report


@pytest.mark.parametrize("has_device", [True, False], ids=["device set up", "must set one up"])
def test_a_password_alone_counts_as_signed_out_on_the_site(client, seed_report, has_device):
    user = person("Office")
    office_only_report(seed_report)
    if has_device:
        signed_in_with_password(client, user)
        set_up(client, user)
        client.logout()
    signed_in_with_password(client, user)

    page = client.get(seed_report.url)
    assert page.status_code == 302, page.content.decode()[:3000]
    assert page["Location"].startswith("/_util/login/")
    api = client.get("/api/v2/pages/?type=reports.ReportPage")
    assert seed_report.pk not in [item["id"] for item in api.json()["items"]]
    assert "public" in api["Cache-Control"]  # the same answer for everyone
    assert "/admin/" not in client.get("/").content.decode()  # no userbar either
    # The site's login for the restricted page leads to the second step, not round again.
    login = client.get(f"/_util/login/?next={seed_report.url}")
    step = VERIFY if has_device else SET_UP
    assert login["Location"] == f"{step}?next={seed_report.url}"


def test_after_the_second_step_the_restricted_page_opens(client, seed_report):
    user = person("Office")
    office_only_report(seed_report)
    signed_in_with_password(client, user)
    set_up(client, user)  # this session took the step
    page = client.get(seed_report.url)
    assert page.status_code == 200
    assert "public" not in page.get("Cache-Control", "")


# A second factor is the person's own (accounts.two_factor.pending_device, announce_device).


def test_a_set_up_key_belongs_to_the_session_that_opened_it(client, home):
    user = person("Office")
    thief, owner = Client(), client
    signed_in_with_password(thief, user)
    stolen = app_for(thief)
    signed_in_with_password(owner, user)
    assert app_for(owner).key != stolen.key
    assert not TOTPDevice.objects.filter(user=user).exists()  # nothing stored to read
    set_up(owner, user)
    # The thief's key was never confirmed: it opens nothing, and the set-up is closed to a
    # password alone once the account has a device.
    answer = thief.post(
        SET_UP,
        {"action": "add", "name": "x", "code": current_code(stolen), "password": PASSWORD},
    )
    assert answer["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_set_up_key_expires(client, home):
    user = person("Office")
    signed_in_with_password(client, user)
    old = app_for(client)
    assert app_for(client).key == old.key  # the same while the set-up lasts
    later = timezone.now() + datetime.timedelta(minutes=16)
    with time_machine.travel(later):
        new = app_for(client)
        assert new.key != old.key
        answer = client.post(
            SET_UP,
            {"action": "add", "name": "T", "code": current_code(old), "password": PASSWORD},
        )
        assert answer.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_confirmed_device_is_announced_by_mail(
    client, home, mailoutbox, django_capture_on_commit_callbacks
):
    user = person("Office")
    user.email = "buero@example.org"
    user.save()
    signed_in_with_password(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        set_up(client, user)
    (mail,) = mailoutbox
    assert mail.to == ["buero@example.org"]
    assert "Zwei-Faktor-Anmeldung" in mail.subject
    assert "Telefon" not in mail.body  # what the one who set it up typed is not sent


def test_parallel_guesses_of_a_code_are_counted_before_they_are_checked(client, home, settings):
    """Each try takes its number before the code is looked at, as the login's brake: once the
    limit is reached, even the right code is refused unchecked."""
    user = person("Office")
    signed_in_with_password(client, user)
    device = set_up(client, user)
    client.logout()
    signed_in_with_password(client, user)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        key = f"second-factor:{user.pk}:{client_key(RequestFactory().get('/'))}"
        count(key, settings.LOGIN_FAILURE_WINDOW)  # tries under way from this address
    answer = client.post(VERIFY, {"code": current_code(device, 1)})
    assert "Bitte warten Sie" in answer.content.decode()
    device.refresh_from_db()
    assert device.last_t < device.t0 + 10**9  # unchecked: the code was not taken
    assert client.get("/admin/").status_code == 302
