"""On a phone: a visitor finds the second date of a series in the month view and registers for
it; at the door a helper opens the check-in link, finds the name and marks it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage, Registration
from tests.e2e.axe import assert_accessible
from tests.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_for_a_date_of_a_series_then_check_in_at_the_door(web, site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.set_viewport_size({"width": 390, "height": 844})
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=18, minute=0, second=0)
    first = make_event(
        EventIndexPage.objects.get(), "Manufaktur-Treffen", start, registration_required=True,
        capacity=10, repeat="weekly", repeat_interval=1, repeat_count=3,
    )  # fmt: skip
    second = EventPage.objects.get(series=first, occurrence_date=(start + timedelta(days=7)).date())

    web.goto(f"{site}/veranstaltungen/monat/{second.start:%Y}/{second.start.month}/")
    assert_accessible(web)
    web.get_by_role("link", name="18:00 Manufaktur-Treffen").nth(
        1 if start.month == second.start.month else 0
    ).click()
    expect(web).to_have_url(f"{site}{second.url}")
    form = web.locator("#anmeldung form")
    form.get_by_label("Name").fill("Zofia Łukasiewicz")
    form.get_by_label("E-Mail-Adresse").fill("zofia@example.org")
    form.get_by_label("Ich bin einverstanden").check()
    form.get_by_role("button", name="Anmelden").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Danke")
    registration = Registration.objects.get()
    assert registration.event_id == second.pk and not first.registrations.exists()

    web.goto(f"{site}/einlass/{second.checkin_token()}/")
    assert_accessible(web)
    expect(web.get_by_role("status")).to_have_text("0 von 1 da")
    web.get_by_label("Namen suchen").fill("łuk")
    web.get_by_role("button", name="Ist da").click()
    expect(web.get_by_role("status")).to_have_text("1 von 1 da")
    assert web.evaluate("document.documentElement.scrollWidth") <= 390
    registration.refresh_from_db()
    assert registration.attended_at is not None
