"""The spam defence every public form shares: honeypot, time to fill, rate limit per address."""

import time

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.forms import SpamProtectedForm, client_ip, client_key, form_token

pytestmark = pytest.mark.django_db  # the rate limit counts in the database


class ContactForm(SpamProtectedForm):
    name = forms.CharField(label="Name", help_text="So wie es auf dem Namensschild steht.")


def request_from(address="203.0.113.7", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def submit(request=None, seconds_ago=10, **data):
    fields = {"name": "Anna", "homepage": "", "shown_at": form_token(time.time() - seconds_ago)}
    fields.update(data)
    return ContactForm(fields, request=request or request_from())


def error_codes(form):
    return [error.code for error in form.non_field_errors().as_data()]


def test_a_person_gets_through():
    form = submit()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Anna"


def test_honeypot_filled_is_refused():
    form = submit(homepage="http://spam.example")
    assert not form.is_valid()
    assert error_codes(form) == ["honeypot"]


def test_too_fast_is_refused_and_succeeds_a_moment_later():
    form = submit(seconds_ago=0.5)
    assert not form.is_valid()
    assert error_codes(form) == ["too_fast"]
    assert "Das ging sehr schnell" in form.non_field_errors()[0]


@pytest.mark.parametrize(
    "token",
    ["garbage", form_token(time.time() - 10)[:-2] + "xx", form_token(0)],
    ids=["garbage", "forged", "expired"],  # the same names in every run (and test process)
)
def test_missing_forged_or_expired_token_is_refused_with_a_fresh_one(token):
    form = submit(shown_at=token)
    assert not form.is_valid()
    assert error_codes(form) == ["expired"]
    assert form.data["shown_at"] != token
    assert form["shown_at"].value() == form.data["shown_at"]


def test_a_form_shown_without_its_time_gets_one_and_asks_again():
    form = submit(shown_at="")
    assert not form.is_valid()
    assert error_codes(form) == ["unconfirmed"]
    assert submit(shown_at=form.data["shown_at"], seconds_ago=10).errors  # too fast yet


@override_settings(FORM_RATE_LIMIT=3)
def test_rate_limit_per_address():
    for _ in range(3):
        assert submit().is_valid()
    blocked = submit()
    assert not blocked.is_valid()
    assert error_codes(blocked) == ["rate_limit"]
    assert submit(request=request_from("198.51.100.9")).is_valid()


@override_settings(FORM_RATE_LIMIT=3)
def test_an_ipv6_connection_is_one_visitor_for_the_limit():
    """A phone or home line gets a whole /64: hopping between its addresses is one visitor."""
    for host in range(1, 4):
        assert submit(request=request_from(f"2001:db8:1:2::{host}")).is_valid()
    hopped = submit(request=request_from("2001:db8:1:2:ffff:abcd:1234:9"))
    assert error_codes(hopped) == ["rate_limit"]
    assert submit(request=request_from("2001:db8:1:3::1")).is_valid()  # the next /64


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:1", "2001:db8:1:2::/64"),
        ("2a00::1", "2a00::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("kein-ip", "kein-ip"),
    ],
)
def test_limits_count_an_ipv6_client_by_its_64(address, key):
    assert client_key(request_from(address)) == key


def test_a_form_time_serves_one_submission():
    shown_at = form_token(time.time() - 10)
    assert submit(shown_at=shown_at).is_valid()
    assert submit(shown_at=shown_at).is_valid()  # the same entries again: a double click
    other = submit(shown_at=shown_at, name="Bert")
    assert error_codes(other) == ["used"]
    assert other.data["shown_at"] != shown_at  # a fresh time to send it again with


@override_settings(FORM_RATE_LIMIT=1)
def test_rate_limit_is_per_kind_of_form():
    class OtherForm(ContactForm):
        pass

    assert submit().is_valid()
    other = OtherForm(submit().data, request=request_from())
    assert other.is_valid()


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "1.2.3.4", "203.0.113.7"),
        (1, "10.0.0.2", "1.2.3.4, 198.51.100.9", "198.51.100.9"),
        (2, "10.0.0.2", "1.2.3.4, 198.51.100.9, 10.0.0.3", "198.51.100.9"),
        (1, "10.0.0.2", None, "10.0.0.2"),
        # A CDN and one proxy (docs/deploy.md): the visitor, as the CDN saw it, then the edge.
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.9, 172.70.1.1", "198.51.100.9"),
        (2, "10.0.0.2", "2001:db8:1:2::7, 2606:4700::1", "2001:db8:1:2::7"),
    ],
    ids=["no proxy", "one proxy", "two proxies", "no header", "cdn and proxy", "cdn over ipv6"],
)
def test_client_ip_trusts_only_the_configured_proxies(proxies, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request_from(remote, forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=1, FORM_RATE_LIMIT=1)
def test_forged_forwarded_for_does_not_escape_the_limit():
    assert submit(request=request_from("10.0.0.2", "1.1.1.1, 198.51.100.9")).is_valid()
    again = submit(request=request_from("10.0.0.2", "2.2.2.2, 198.51.100.9"))
    assert error_codes(again) == ["rate_limit"]


def test_rendering_hides_the_honeypot_from_people_and_labels_errors():
    form = submit(name="", homepage="")
    form.is_valid()
    soup = BeautifulSoup(form.render(), "html.parser")
    trap = soup.select_one(".form-trap")
    assert trap["aria-hidden"] == "true"
    assert trap.input["tabindex"] == "-1"
    assert trap.input["autocomplete"] == "off"
    assert soup.select_one('input[type=hidden][name="shown_at"]')
    name = soup.select_one("input[name=name]")
    assert name["aria-invalid"] == "true"
    described = name["aria-describedby"].split()
    assert all(soup.find(id=element_id) for element_id in described)
    assert soup.find(id=described[0]).get_text(strip=True)
    assert soup.select_one(f'label[for="{name["id"]}"]').get_text(strip=True) == "Name"


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(
        st.sampled_from(["name", "homepage", "shown_at", "csrfmiddlewaretoken", "other"]),
        st.text(),
    ),
    address=st.ip_addresses().map(str),
)
def test_random_input_is_refused_never_crashes(data, address):
    """Nothing a client can type forges the signed timestamp, so random posts never pass."""
    form = ContactForm(data, request=request_from(address))
    assert not form.is_valid()
    assert form.errors
    form.render()
