"""What every public form must survive: random posts (tests/fuzzing.py) never cause a server
error, and what they store is whole (the forms' own tests show what valid input does)."""

import time

import pytest
from django import forms
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from cms.forms import form_token
from donations.models import Donation, DonationPage
from events.models import EventPage, Registration
from network.models import (
    ManufakturPage,
    ManufakturSignup,
    PartnerApplication,
    PartnerApplicationPage,
)
from newsletter.models import NewsletterIndexPage, Subscriber
from tests.fuzzing import FUZZ

# (how to find a page with the form, what the form stores)
PUBLIC_FORMS = {
    "manufaktur-signup": (lambda: ManufakturPage.objects.get(slug="westendkiez"), ManufakturSignup),
    "partner-application": (lambda: PartnerApplicationPage.objects.get(), PartnerApplication),
    "newsletter": (lambda: NewsletterIndexPage.objects.get(), Subscriber),
    "donation": (lambda: DonationPage.objects.get(), Donation),
    "event-registration": (
        lambda: EventPage.objects.get(slug="beispiel-werkstattgespraech-genehmigungen"),
        Registration,
    ),
}


# Plausible addresses, cheaper to draw than st.emails().
ADDRESSES = st.builds(
    "{}@{}.{}".format,
    st.text("abcdefghijklmnopqrstuvwxyz0123456789._-+ÄÖÜß", min_size=1, max_size=20),
    st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=15),
    st.sampled_from(["de", "org", "com", "münchen"]),
)


def value_for(field):
    """Values a visitor, a bot or an attacker might send for the field."""
    anything = st.text(max_size=200)
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "", "false", "0"]), anything)
    if isinstance(field, forms.EmailField):
        return st.one_of(ADDRESSES, anything)
    if isinstance(field, forms.ChoiceField) and field.choices:
        return st.one_of(st.sampled_from([str(value) for value, _label in field.choices]), anything)
    return anything


@pytest.mark.parametrize(("find_page", "model"), PUBLIC_FORMS.values(), ids=PUBLIC_FORMS)
@FUZZ
@given(data=st.data())
def test_random_posts_never_fail_and_never_half_store(client, db, settings, find_page, model, data):
    """Past the spam checks (honeypot empty, shown long enough ago), with field values drawn
    from what people, bots and attackers send: an answer, never a server error, and whatever
    is stored is a whole record."""
    settings.FORM_RATE_LIMIT = 10**9
    page = find_page()
    fields = {
        name: field
        for name, field in page.form_class.base_fields.items()
        if name not in ("homepage", "shown_at")
    }
    post = {"homepage": "", "shown_at": form_token(time.time() - 30)}
    for name, field in fields.items():
        if data.draw(st.booleans()):  # sometimes missing
            post[name] = data.draw(value_for(field))
    with transaction.atomic():  # what one request stores, and only that
        before = set(model.objects.values_list("pk", flat=True))
        response = client.post(page.url, post, HTTP_HOST="localhost")
        assert response.status_code in (200, 302, 303)
        for record in model.objects.exclude(pk__in=before):
            record.full_clean()  # stored whole: every field valid
