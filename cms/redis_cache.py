"""Django's Redis cache, keeping one redis-py client per connection pool and checking no keys.

Django builds a new redis.Redis for every cache call, and redis-py builds its table of reply
handlers (some 170 entries) with each: that costs more than the round trip to Redis itself, and
a page from the page cache makes one call. A client is safe to share between threads; its pool
hands each call a connection of its own. Django also checks every key character by character
for what memcached cannot store; Redis stores any key, and a hit reads eight."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def validate_key(self, key):
        pass
