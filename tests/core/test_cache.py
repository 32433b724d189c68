"""The Redis cache backend (gxnb_portal/cache.py) against a real Redis."""

from __future__ import annotations

import os

import pytest

from gxnb_portal.cache import RedisCache
from tests.pipeline.workers import needs_redis

pytestmark = needs_redis

URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rpartition("/")[0] + "/11"


@pytest.fixture
def cache():
    backend = RedisCache(URL, {"KEY_PREFIX": "gxnb-test-cache"})
    backend.clear()
    yield backend
    backend.clear()


def test_one_client_serves_every_call(cache):
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is first
    assert cache._cache.get_client("k", write=True) is first


def test_it_behaves_as_djangos_redis_cache(cache):
    assert cache.get("missing") is None
    assert cache.add("n", 0, timeout=30) is True
    assert cache.add("n", 5, timeout=30) is False
    assert cache.incr("n") == 1 and cache.incr("n") == 2
    with pytest.raises(ValueError):
        cache.incr("absent")
    cache.set("obj", {"年度": [2023, 2024]}, timeout=30)
    assert cache.get("obj") == {"年度": [2023, 2024]}
    cache.delete("obj")
    assert cache.get("obj") is None
