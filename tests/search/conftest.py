"""Backends for the search tests: a fresh SQLite file, and OpenSearch.

OpenSearch is a real OpenSearch-API server: the ``osmem-server`` process started once for the
session (each test gets its own clone of it), or the cluster at ``OPENSEARCH_URL`` when set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from search.backends.base import BaseSearchBackend


@pytest.fixture
def sqlite_backend(tmp_path) -> Iterator[BaseSearchBackend]:
    from search.backends.sqlite import SearchBackend

    backend = SearchBackend(PATH=tmp_path / "search.sqlite3")
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def _opensearch_server() -> Iterator[object | None]:
    if os.environ.get("OPENSEARCH_URL"):
        yield None
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@pytest.fixture
def opensearch_backend(_opensearch_server) -> Iterator[BaseSearchBackend]:
    from search.backends.opensearch import SearchBackend

    url = os.environ.get("OPENSEARCH_URL")
    if url:
        backend = SearchBackend(URL=url, INDEX=f"gxnb-test-{uuid.uuid4().hex[:8]}")
        yield backend
        backend.client.indices.delete(index=f"{backend.alias}-*", ignore_unavailable=True)
        backend.client.indices.delete_index_template(name=backend.alias, ignore=[404])
        return
    clone = _opensearch_server.clone()  # type: ignore[attr-defined]
    try:
        yield SearchBackend(URL=clone.url, INDEX="gxnb-test")
    finally:
        clone.close()
