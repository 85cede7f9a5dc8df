"""The load balancer's health address checks the database and the cache."""

from django.core.cache import cache


def test_healthy(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_cache_is_reported(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}
