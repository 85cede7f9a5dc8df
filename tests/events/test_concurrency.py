"""Many people register for the last seats at the same moment: never more seats than the event
has, and a double click stays one registration (PostgreSQL, real parallel transactions)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections

from events.models import EventIndexPage, Registration
from events.services import cancel, register
from tests.factories import make_event

PARALLEL = 20
Status = Registration.Status

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database"),
    pytest.mark.django_db(transaction=True),
]


def person(number):
    return {"name": f"Person {number}", "email": f"person{number}@example.org"}


def in_parallel(action, count=PARALLEL):
    """Run action(n) for n in range(count), all released at the same moment."""
    start = Barrier(count)

    def run(number):
        start.wait()
        try:
            return action(number)
        except ValidationError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def event(demo_site):
    """An event with 10 seats, 8 of them taken."""
    event = make_event(
        EventIndexPage.objects.get(), "Letzte Plätze", registration_required=True, capacity=10
    )
    for number in range(100, 108):
        register(event, person(number))
    return event


def test_parallel_registrations_for_the_last_two_seats(event):
    outcomes = in_parallel(lambda n: register(event, person(n))[0].status)
    assert outcomes.count(Status.CONFIRMED) == 2
    assert outcomes.count(Status.WAITLISTED) == PARALLEL - 2
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 10
    assert len(mail.outbox) == 8 + PARALLEL


def test_without_a_waiting_list_the_rest_are_refused(event):
    event.waitlist = False
    event.save_revision().publish()
    outcomes = in_parallel(lambda n: register(event, person(n))[0].status)
    assert outcomes.count(Status.CONFIRMED) == 2
    assert outcomes.count("full") == PARALLEL - 2
    assert event.registrations.count() == 10


def test_parallel_identical_registrations_store_one(event):
    created = in_parallel(lambda n: register(event, person(1))[1])
    assert created.count(True) == 1
    assert event.registrations.filter(email="person1@example.org").count() == 1


def test_parallel_cancellations_and_registrations_never_overbook(event):
    """Half cancel their seats while others register: the seats stay within the capacity and
    the waiting list moves up by exactly the seats freed."""
    for number in range(108, 112):  # two more seats, two on the waiting list
        register(event, person(number))
    seated = list(event.registrations.filter(status=Status.CONFIRMED).order_by("pk")[:5])

    def act(number):
        if number < len(seated):
            return cancel(seated[number])
        return register(event, person(number + 200))[0].status

    in_parallel(act, count=10)
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 10
    assert event.registrations.filter(status=Status.CANCELLED).count() == 5
