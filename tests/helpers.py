"""What tests share besides fixtures: the seed report's address and signing in to the admin
(both steps, accounts/two_factor.py). Fixtures live in the conftest.py files."""

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

SEED_SLUG = "werkstattgespraech-nachhaltige-quartiere"


def current_code(device, steps_ahead=0):
    """What the person's authenticator app shows now (or that many 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user):
    """The client, signed in to the admin as the user, both steps taken: the password and a
    code from the user's authenticator app (accounts/two_factor.py)."""
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Telefon")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def staff(client, name, *groups):
    """The client, logged in as a new staff member in these groups."""
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(*groups)
    return sign_in(client, user)
