"""Fixtures for the security tests: both search backends, reused from ``tests/search/``.

``portal_backend`` points the whole portal (pages, API, indexing on upload) at one backend: the
embedded SQLite index or a clone of the session's OpenSearch-API server (osmem-server, or the
cluster at ``OPENSEARCH_URL``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.search.conftest import (  # noqa: F401 - fixtures re-exported for this directory
    _opensearch_server,
    opensearch_backend,
    sqlite_backend,
)


@pytest.fixture(params=["sqlite", "opensearch"])
def portal_backend(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    from search.backends import reset_search_backends

    clone = None
    if request.param == "opensearch":
        server = request.getfixturevalue("_opensearch_server")
        url = os.environ.get("OPENSEARCH_URL")
        if not url:
            clone = server.clone()
            url = clone.url
        settings.SEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.backends.opensearch",
                "URL": url,
                "INDEX": f"gxnb-sec-{uuid.uuid4().hex[:8]}",
            }
        }
    reset_search_backends()
    try:
        yield request.param
    finally:
        reset_search_backends()
        if clone is not None:
            clone.close()
