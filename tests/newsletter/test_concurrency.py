"""A double click on a slow line, thirty times over: one subscriber, one mail (PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import RequestFactory

from newsletter.models import Subscriber
from newsletter.services import subscribe

PARALLEL = 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_requests_store_one_subscriber_and_send_one_mail(demo_site):
    start = Barrier(PARALLEL)
    data = {"email": "maria@example.org", "name": "Maria", "source": "http://testserver/"}

    def request(_):
        start.wait()
        try:
            subscribe(data, consent_text="Ja, bitte.", request=RequestFactory().post("/"))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(request, range(PARALLEL)))

    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 1
