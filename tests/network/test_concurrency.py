"""Parallel identical submissions, as from a double click on a slow line, store one record."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.db import connection, connections

from network.models import ManufakturPage, ManufakturSignup
from network.services import sign_up
from tests.demo_records import MANUFAKTUR

PARALLEL = 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_sign_ups_store_one(demo_site):
    manufaktur = ManufakturPage.objects.get(slug=MANUFAKTUR)
    data = {"name": "Maria", "email": "maria@example.org", "contribution": "Kuchen"}
    start = Barrier(PARALLEL)

    def submit(_):
        start.wait()
        try:
            return sign_up(manufaktur, data)[1]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(PARALLEL) as pool:
        created = list(pool.map(submit, range(PARALLEL)))

    assert created.count(True) == 1
    assert ManufakturSignup.objects.count() == 1
    assert len(mail.outbox) == 2
