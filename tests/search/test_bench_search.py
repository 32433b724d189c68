"""``benchmarks/bench_search.py`` stays runnable: every engine answers every kind of query at a
small size, and OpenSearch is skipped, with its reason, where osmem-server has no room."""

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


def test_every_engine_answers_every_kind_of_query(bench, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv("GOMEMLIMIT", "4GiB")
    out = tmp_path / "rows.json"
    rows = bench.run([60], ["sqlite", "opensearch", "tantivy", "scan"], 1, out, None, None)

    engines = {"sqlite (FTS5)", "opensearch (osmem-server)", "tantivy", "substring scan"}
    assert {(r["engine"], r["kind"]) for r in rows} == {(e, k) for e in engines for k in KINDS}
    for row in rows:
        assert row["size"] == 60
        assert row["queries"] > 0
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        assert row["index_rate"] > 0
    assert json.loads(out.read_text(encoding="utf-8")) == rows


def test_opensearch_is_skipped_with_its_reason_where_osmem_has_no_room(
    bench, tmp_path, monkeypatch, capsys
):
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    monkeypatch.setenv("GOMEMLIMIT", "4GiB")
    monkeypatch.setattr(bench, "osmem_room_gib", lambda: 0.2)
    rows = bench.run([40], ["opensearch", "sqlite"], 1, None, None, None)

    assert {r["engine"] for r in rows} == {"sqlite (FTS5)"}
    printed = capsys.readouterr().out
    assert "opensearch (osmem-server)" in printed
    assert "skipped" in printed and "OPENSEARCH_URL" in printed


def test_osmem_need_grows_with_the_reports(bench):
    assert bench.osmem_need_gib(100_000) > 20 > bench.osmem_need_gib(10_000) > 2
