"""``benchmarks/bench_search.py`` stays runnable: every engine — the real OpenSearch node among
them — answers every kind of query at a small size, and the node's heap and RSS are reported."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.shared import REPO, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]

KINDS = {"two-character word", "four-character phrase", "several words"}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "bench_search", REPO / "benchmarks" / "bench_search.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_engine_answers_every_kind_of_query(
    bench, tmp_path, monkeypatch, real_opensearch_url
):
    monkeypatch.setenv("OPENSEARCH_URL", real_opensearch_url)
    out = tmp_path / "rows.json"
    rows = bench.run([60], ["sqlite", "opensearch", "tantivy", "scan"], 1, out, None, None)

    engines = {"sqlite (FTS5)", "opensearch", "tantivy", "substring scan"}
    assert {(r["engine"], r["kind"]) for r in rows} == {(e, k) for e in engines for k in KINDS}
    for row in rows:
        assert row["size"] == 60
        assert row["queries"] > 0
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        assert row["index_rate"] > 0
    for row in rows:
        if row["engine"] == "opensearch":
            assert 0 < row["heap_used_mb"] <= row["heap_max_mb"]
            assert row["store_mb"] >= 0
            assert row["rss_mb"] > 0 and row["rss_peak_mb"] >= row["rss_mb"]
            assert row["node_cpu_ms_per_query"] > 0
    assert json.loads(out.read_text(encoding="utf-8")) == rows
    # The benchmark drops its index (and template) so the node is left as it was found.
    from search.backends.opensearch import SearchBackend

    client = SearchBackend(URL=real_opensearch_url, INDEX=bench.OPENSEARCH_INDEX).client
    assert not client.indices.exists_alias(name=bench.OPENSEARCH_INDEX)
    assert not client.indices.exists_index_template(name=bench.OPENSEARCH_INDEX)
