"""What every public form must survive: random posts (tests/fuzzing.py) never cause a server
error, and what they store is whole (the forms' own tests show what valid input does)."""

import time

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.test import client as test_client
from hypothesis import given
from hypothesis import strategies as st

from cms.forms import form_token
from tests.factories import FORM_PAGES, PUBLIC_FORMS
from tests.fuzzing import FUZZ

# Plausible addresses, cheaper to draw than st.emails().
ADDRESSES = st.builds(
    "{}@{}.{}".format,
    st.text("abcdefghijklmnopqrstuvwxyz0123456789._-+ÄÖÜß", min_size=1, max_size=20),
    st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=15),
    st.sampled_from(["de", "org", "com", "münchen"]),
)


def at_the_limit(field):
    """Entries of about the field's longest length, where a form and its column can disagree."""
    if not getattr(field, "max_length", None):
        return st.nothing()
    lengths = st.integers(field.max_length - 2, field.max_length + 2)
    if isinstance(field, forms.EmailField):
        return lengths.map(lambda n: "a" * (n - 12) + "@example.org")
    if isinstance(field, forms.URLField):
        return lengths.map(lambda n: "https://example.org/" + "a" * (n - 20))
    return lengths.flatmap(lambda n: st.text("abcłß ", min_size=n, max_size=n))


def value_for(field):
    """Values a visitor, a bot or an attacker might send for the field."""
    anything = st.one_of(st.text(max_size=200), at_the_limit(field))
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "", "false", "0"]), anything)
    if isinstance(field, forms.EmailField):
        return st.one_of(ADDRESSES, anything)
    if isinstance(field, forms.ChoiceField) and field.choices:
        return st.one_of(st.sampled_from([str(value) for value, _label in field.choices]), anything)
    return anything


@pytest.fixture
def quick_client(client, monkeypatch):
    """The test client without its record of every template a response rendered (a copy of
    the context per template, a third of a fuzzed post's time): the fuzzer reads only the
    answer."""
    monkeypatch.setattr(test_client, "store_rendered_templates", lambda *args, **kwargs: None)
    return client


@pytest.fixture
def form_under_test(form, settings):
    """The page with the form, the form's fields as the page makes them (a donation's amounts
    and purposes come from the page) and the model it stores: found once per test, not per
    example. The rate limit is lifted here too: a setting changed inside the examples would
    stack one override per example, and every settings lookup would walk them all."""
    settings.FORM_RATE_LIMIT = 10**9
    find_page, model = PUBLIC_FORMS[form]
    page = find_page()
    fields = page.form_class(request=RequestFactory().get(page.url), **page.get_form_kwargs())
    return page, fields.fields, model


@pytest.mark.parametrize("form", PUBLIC_FORMS, ids=PUBLIC_FORMS)
@FUZZ
@given(data=st.data())
def test_random_posts_never_fail_and_never_half_store(
    quick_client, db, stripe_server, form, form_under_test, data
):
    """Past the spam checks (honeypot empty, shown long enough ago), with field values drawn
    from what people, bots and attackers send: an answer, never a server error, and whatever
    is stored is a whole record. Each field keeps a person's valid entry, goes missing or gets a
    random value, so that many posts reach the write (a valid donation goes on to the Stripe
    stand-in)."""
    page, fields, model = form_under_test
    valid = FORM_PAGES[form][1](email=data.draw(ADDRESSES))
    post = {"homepage": "", "shown_at": form_token(time.time() - 30)}
    for name, field in fields.items():
        if name in post:
            continue
        way = data.draw(st.sampled_from(["valid", "valid", "missing", "random"]))
        if way == "random":
            post[name] = data.draw(value_for(field))
        elif way == "valid" and name in valid:
            post[name] = valid[name]
    with transaction.atomic():  # what one request stores, and only that
        before = set(model.objects.values_list("pk", flat=True))
        response = quick_client.post(page.url, post, HTTP_HOST="localhost")
        assert response.status_code in (200, 302, 303)
        for record in model.objects.exclude(pk__in=before):
            record.full_clean()  # stored whole: every field valid


SPAM = "Billig kaufen: https://spam.example"


@pytest.mark.parametrize(("find_page", "valid_data"), FORM_PAGES.values(), ids=FORM_PAGES)
def test_mails_to_an_unverified_address_carry_no_text_the_sender_typed(
    db, find_page, valid_data, submit_form, stripe_server
):
    """Anyone can type someone else's address: what the form sends there must not relay the
    sender's words (names, messages), or the site mails spam for them."""
    page = find_page()
    data = valid_data(email="opfer@example.org")
    for name, field in page.form_class.base_fields.items():
        typed = type(field) is forms.CharField and not isinstance(field.widget, forms.HiddenInput)
        if typed and name in data and name != "other_amount":
            data[name] = SPAM[: field.max_length]
    response = submit_form(page.url, data)
    assert response.status_code in (302, 303)
    to_sender = [message for message in mail.outbox if message.to == ["opfer@example.org"]]
    for message in to_sender:
        parts = [message.subject, message.body, *(c for c, _t in message.alternatives)]
        assert not any(SPAM[:10] in part for part in parts), message.subject


SPAM_CHECKS = {
    "honeypot": lambda: {"homepage": "http://spam.example"},
    "too-fast": lambda: {"shown_at": form_token()},
    "forged-token": lambda: {"shown_at": "x"},
    "no-token": lambda: {"shown_at": ""},
    "expired-token": lambda: {"shown_at": form_token(0)},
}


@pytest.mark.parametrize("check", SPAM_CHECKS.values(), ids=SPAM_CHECKS)
@pytest.mark.parametrize("form", FORM_PAGES, ids=FORM_PAGES)
def test_every_form_refuses_what_bots_send(db, submit_form, stripe_server, form, check):
    """Each public form, as its page posts it: the spam checks answer with the form and its
    message, and nothing is stored or mailed; the same entries as a person sends them pass."""
    find_page, valid_data = FORM_PAGES[form]
    model = PUBLIC_FORMS[form][1]
    page = find_page()
    response = submit_form(page.url, {**valid_data(email="bot@example.org"), **check()})
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one(".form-errors")
    assert not model.objects.filter(email="bot@example.org").exists()
    assert mail.outbox == []
    person = submit_form(page.url, valid_data(email="mensch@example.org"))
    assert person.status_code in (302, 303)
    assert model.objects.filter(email="mensch@example.org").exists()


@pytest.mark.parametrize("form", FORM_PAGES, ids=FORM_PAGES)
def test_every_form_limits_the_posts_from_one_address(
    db, submit_form, stripe_server, settings, form
):
    settings.FORM_RATE_LIMIT = 2
    find_page, valid_data = FORM_PAGES[form]
    page = find_page()
    for number in range(2):
        answer = submit_form(page.url, valid_data(email=f"person{number}@example.org"))
        assert answer.status_code in (302, 303)
    blocked = submit_form(page.url, valid_data(email="person2@example.org"))
    assert "Zu viele Anfragen" in blocked.content.decode()
    assert not PUBLIC_FORMS[form][1].objects.filter(email="person2@example.org").exists()


@pytest.mark.parametrize(("find_page", "model"), PUBLIC_FORMS.values(), ids=PUBLIC_FORMS)
def test_each_field_takes_no_more_than_its_column_holds(db, find_page, model):
    """A longer entry would pass the form and then fail in PostgreSQL (SQLite does not check)."""
    columns = {
        field.name: field for field in model._meta.get_fields() if hasattr(field, "max_length")
    }
    form_class = find_page().form_class
    checked = []
    for name, field in form_class.base_fields.items():
        column = columns.get(name)
        if column is None or column.max_length is None or isinstance(field, forms.ChoiceField):
            continue
        assert field.max_length == column.max_length, (name, field.max_length, column.max_length)
        checked.append(name)
    assert "email" in checked
