"""What every public form must survive: random input never causes a server error or stores a
row (the forms' own tests show what valid input does)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from donations.models import Donation, DonationPage
from events.models import EventPage, Registration
from network.models import (
    ManufakturPage,
    ManufakturSignup,
    PartnerApplication,
    PartnerApplicationPage,
)
from newsletter.models import NewsletterIndexPage, Subscriber

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


@pytest.mark.parametrize(("find_page", "model"), PUBLIC_FORMS.values(), ids=PUBLIC_FORMS)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_posts_never_fail_and_never_store(client, db, find_page, model, data):
    page = find_page()
    fields = list(page.form_class.base_fields)
    post = data.draw(st.dictionaries(st.sampled_from(fields), st.text(max_size=300)))
    assert client.post(page.url, post).status_code == 200
    assert model.objects.count() == 0
