"""Backends for the search tests: a fresh SQLite file, and OpenSearch twice.

- ``opensearch_backend``: an OpenSearch-API server without plugins — the ``osmem-server``
  process started once for the session (each test gets its own clone of it), or the cluster at
  ``OPENSEARCH_URL`` when set. The quick path, and the fallback mapping without smartcn.
- ``real_opensearch_backend``: a real OpenSearch node with analysis-smartcn, assembled and run by
  ``scripts/opensearch.sh`` (``make opensearch``): the node at ``OPENSEARCH_TEST_URL`` (CI starts
  one for the whole run), or one this session starts when ``OPENSEARCH_TEST_START=1``. Without
  either the tests that need it are skipped with that reason — except under CI, where a missing
  node is an error.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

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


REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "opensearch.sh"


def start_node(env: dict[str, str] | None = None) -> str:
    """Start (or reuse) a node with ``scripts/opensearch.sh``; return its URL."""
    done = subprocess.run(
        ["bash", str(SCRIPT), "start"],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts/opensearch.sh start failed:\n{done.stderr[-4000:]}")
    return done.stdout.strip().splitlines()[-1]


def stop_node(env: dict[str, str] | None = None) -> None:
    subprocess.run(
        ["bash", str(SCRIPT), "stop"],
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="session")
def real_opensearch_url() -> Iterator[str]:
    url = os.environ.get("OPENSEARCH_TEST_URL")
    if url:
        yield url
        return
    if os.environ.get("OPENSEARCH_TEST_START") != "1":
        reason = (
            "no real OpenSearch node: set OPENSEARCH_TEST_URL (make opensearch prints one) or "
            "OPENSEARCH_TEST_START=1"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the real-node tests: {reason}")
        pytest.skip(reason)
    was_running = (
        subprocess.run(["bash", str(SCRIPT), "status"], capture_output=True, check=False).returncode
        == 0
    )
    url = start_node()
    yield url
    # Under xdist another worker may still use the node: leave it to `make opensearch-stop`.
    if not was_running and not os.environ.get("PYTEST_XDIST_WORKER"):
        stop_node()


@pytest.fixture
def real_opensearch_backend(real_opensearch_url) -> Iterator[BaseSearchBackend]:
    """An empty index of its own (a unique alias) on the real node."""
    from search.backends.opensearch import SearchBackend

    backend = SearchBackend(
        URL=real_opensearch_url, INDEX=f"gxnb-test-{uuid.uuid4().hex[:8]}", TIMEOUT=60
    )
    yield backend
    backend.client.indices.delete(index=f"{backend.alias}-*", ignore_unavailable=True)
    backend.client.indices.delete_index_template(name=backend.alias, ignore=[404])
