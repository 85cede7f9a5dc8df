import pytest

from donations.models import DonationPage


@pytest.fixture
def donation_page(db):
    return DonationPage.objects.get()
