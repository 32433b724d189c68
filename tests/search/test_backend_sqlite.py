from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.search.contract import BackendContract, SeedContract


class TestSqliteContract(BackendContract):
    @pytest.fixture
    def backend(self, sqlite_backend):
        return sqlite_backend


class TestSqliteSeeds(SeedContract):
    @pytest.fixture
    def backend(self, sqlite_backend):
        return sqlite_backend


# The same contract with a bitmap for every token (the frequent-token sets a large collection
# has), kept up to date through the log of changes, and rewritten after every write.


@pytest.fixture
def bitmap_backend(tmp_path):
    """A backend with a bitmap for every token."""
    from search.backends.sqlite import SearchBackend

    backend = SearchBackend(PATH=tmp_path / "search.sqlite3", BITMAP_MIN_DOCS=1)
    yield backend
    backend.close()


class TestSqliteBitmapsContract(BackendContract):
    @pytest.fixture
    def backend(self, bitmap_backend):
        return bitmap_backend


class TestSqliteBitmapsRewrittenContract(BackendContract):
    @pytest.fixture
    def backend(self, tmp_path):
        from search.backends.sqlite import SearchBackend

        backend = SearchBackend(
            PATH=tmp_path / "search.sqlite3", BITMAP_MIN_DOCS=1, BITS_LOG_LIMIT=0
        )
        yield backend
        backend.close()


class TestSqliteBitmapsSeeds(SeedContract):
    @pytest.fixture
    def backend(self, bitmap_backend):
        return bitmap_backend


def test_token_sets_follow_writes_seen_by_another_process(tmp_path):
    """A reader that loaded the bitmaps before a write applies the logged change; its answers
    equal those of an index rebuilt from scratch with the same documents."""
    from search.backends.base import SearchRequest
    from search.backends.sqlite import SearchBackend
    from tests.search.documents import DOCS, PINGGU, QIAOKOU

    writer = SearchBackend(PATH=tmp_path / "s.sqlite3", BITMAP_MIN_DOCS=1)
    writer.rebuild(DOCS)
    reader = SearchBackend(PATH=tmp_path / "s.sqlite3", BITMAP_MIN_DOCS=1)
    queries = [
        "公开",
        "网站",
        "规范性文件",
        '"政务公开"',
        "网站 -疫情",
        "复议 OR 疫情",
        "无纸化 办公",
    ]
    for q in queries:
        reader.search(SearchRequest(q=q))
    assert writer.conn.execute("SELECT count(*) FROM bits").fetchone()[0] > 100

    changed = type(PINGGU)(**{**PINGGU.to_json(), "published": None})
    changed.sections = {"s1": "一、总体情况\n本年度全面推行无纸化办公，网站改版。"}
    writer.index([changed])
    writer.delete([QIAOKOU.id])
    assert writer.conn.execute("SELECT count(*) FROM bits_log").fetchone()[0] == 2

    fresh = SearchBackend(PATH=tmp_path / "fresh.sqlite3", BITMAP_MIN_DOCS=1)
    fresh.rebuild([changed, *(d for d in DOCS if d.id not in (PINGGU.id, QIAOKOU.id))])
    for q in queries:
        got, want = reader.search(SearchRequest(q=q)), fresh.search(SearchRequest(q=q))
        assert (got.total, got.facets) == (want.total, want.facets), q
        assert sorted(h.id for h in got.hits) == sorted(h.id for h in want.hits), q


def test_rebuild_swaps_the_file_and_open_connections_follow(sqlite_backend, tmp_path):
    from search.backends.base import SearchRequest
    from search.backends.sqlite import SearchBackend
    from tests.search.documents import DOCS

    sqlite_backend.index(DOCS)
    other = SearchBackend(PATH=sqlite_backend.path)  # another process's view of the same file
    assert other.search(SearchRequest(q="硚口")).total == 1
    sqlite_backend.rebuild(DOCS[:1])
    assert other.search(SearchRequest(q="硚口")).total == 0
    assert other.count() == 1
    assert not (tmp_path / "search.sqlite3.building").exists()


def test_common_word_ranks_a_bounded_candidate_set(tmp_path):
    from search.backends.base import SearchDocument, SearchRequest
    from search.backends.sqlite import SearchBackend

    backend = SearchBackend(PATH=tmp_path / "s.sqlite3", RANK_CANDIDATES=3)
    docs = [
        SearchDocument(
            id=i, title=f"报告{i}", year=2020, sections={"s1": "公开" * (10 if i == 1 else 1)}
        )
        for i in range(1, 8)
    ]
    backend.index(docs)
    results = backend.search(SearchRequest(q="公开", per_page=7))
    # Only the three newest matches (7, 6, 5) were ranked; the rest follow, newest first.
    assert results.total == 7
    assert [h.id for h in results.hits][3:] == [4, 3, 2, 1]
    assert all(h.score is not None for h in results.hits[:3])
    # Fewer matches than the bound: ranked exactly, the report saying it ten times first.
    exact = SearchBackend(PATH=tmp_path / "s.sqlite3", RANK_CANDIDATES=100)
    assert exact.search(SearchRequest(q="公开")).hits[0].id == 1


def test_approximate_phrase_total_never_lists_a_report_without_the_phrase(tmp_path):
    from search.backends.base import SearchRequest
    from search.backends.sqlite import SearchBackend
    from tests.search.documents import BEIBEI, DOCS

    backend = SearchBackend(PATH=tmp_path / "s.sqlite3", EXACT_PHRASE_LIMIT=1, RANK_CANDIDATES=1)
    backend.index(DOCS)
    for sort in ("relevance", "year", "published"):
        results = backend.search(SearchRequest(q='"政务公开"', sort=sort))
        assert results.total_exact is False
        assert results.total == 4  # the candidates: 北碚 has every bigram, not the phrase
        assert BEIBEI.id not in [h.id for h in results.hits]
        assert len(results.hits) == 3


def test_rows_indexed_with_findings_are_deleted_whole(tmp_path):
    """Documents no longer carry findings, but an index written before held a ``_f<hash>`` meta
    token per finding. Re-indexing or deleting such a row hands FTS5 those tokens again (a
    contentless table deletes by being given the indexed tokens), so none is left behind."""
    import json
    import zlib

    from search.backends.base import SearchDocument, SearchRequest
    from search.backends.sqlite import SearchBackend, filter_token, prepare

    # No bitmaps (fewer reports than BITMAP_MIN_DOCS): the rows below are written behind the
    # backend's back, without the change log a bitmap would need.
    backend = SearchBackend(PATH=tmp_path / "s.sqlite3")
    backend.rebuild([SearchDocument(id=1, title="报告一", sections={"s1": "col 公开"})])
    conn = backend.conn
    finding = filter_token("f", "T3-COL")
    for doc_id in (2, 3):
        doc = SearchDocument(id=doc_id, title=f"报告{doc_id}", sections={"s1": "公开"})
        p = prepare(doc)
        # The format-2 row layout (zlib JSON), as an older portal wrote it, findings included.
        data = zlib.compress(json.dumps({**doc.to_json(), "findings": ["T3-COL"]}).encode())
        norm = zlib.compress(json.dumps(p.norm).encode())
        with conn:
            conn.execute(
                "INSERT INTO doc (id, year, region, level, published, data, norm) "
                "VALUES (?, NULL, '', '', '', ?, ?)",
                (doc_id, data, norm),
            )
            conn.execute(
                "INSERT INTO fts(rowid, title, body, meta) VALUES (?, ?, ?, ?)",
                (doc_id, p.title, p.body, f"{p.meta} {finding}"),
            )
    backend.index([SearchDocument(id=2, title="报告二", sections={"s1": "公开"})])
    backend.delete([3])
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")  # apply the delete markers
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, row)")
    left = dict(
        conn.execute("SELECT term, doc FROM temp.vocab WHERE term IN (?, 'col')", [finding])
    )
    assert left == {"col": 1}  # report 1's own word; no finding token of 2 or 3 is left
    assert [h.id for h in backend.search(SearchRequest(q="col")).hits] == [1]
    assert sorted(h.id for h in backend.search(SearchRequest(q="公开")).hits) == [1, 2]


def test_year_order_pages_equal_a_full_sort(tmp_path):
    """Year sorts page through per-year buckets; every page equals the slice of a full sort
    (year, then publication date, then newest id; reports without a year last)."""
    import datetime as dt
    import random

    from search.backends.base import SearchDocument, SearchRequest
    from search.backends.sqlite import SearchBackend

    rng = random.Random(5)
    docs = []
    for i in range(1, 121):
        year = rng.choice([2019, 2020, 2021, None])
        published = dt.date(2022, 1, rng.randint(1, 28)) if rng.random() < 0.8 else None
        docs.append(SearchDocument(id=i, title=f"报告{i}", year=year, published=published))
    backend = SearchBackend(PATH=tmp_path / "s.sqlite3")
    backend.index(docs)

    def published(d):
        return d.published.isoformat() if d.published else ""

    expected = {
        "year": sorted(docs, key=lambda d: (d.year or 0, published(d), d.id), reverse=True),
        "year_asc": sorted(docs, key=lambda d: (-(d.year or 9999), d.id), reverse=True),
    }
    expected["relevance"] = expected["year"]  # no words: the year order
    for sort, ordered in expected.items():
        for page in range(1, 8):
            got = backend.search(SearchRequest(sort=sort, page=page, per_page=17, snippets=False))
            want = [d.id for d in ordered][(page - 1) * 17 : page * 17]
            assert [h.id for h in got.hits] == want, (sort, page)


# ---- the stored report ------------------------------------------------------------------------

_SECTION_TEXT = st.lists(
    st.sampled_from(
        [
            *'政务公开網站礄口區（）ＡＢ１２ab12,.;:\n\r\t\x00\x1f\u2028"\\{}[]<>',
            *("zhèng wù", "(gōng kāi)", "入口網站", "規範性文件"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    sections=st.dictionaries(st.sampled_from(["s1", "s2", "s3", "s6", "t"]), _SECTION_TEXT),
    title=_SECTION_TEXT,
)
def test_a_stored_report_reads_back_as_written(sections, title):
    """Whatever the text holds (line breaks, quotes, control characters, Traditional, full
    width), the stored blob gives back the document and the analysed text exactly."""
    from search.analysis import analyse
    from search.backends.base import SearchDocument
    from search.backends.sqlite import _pack_doc, _unpack_doc
    from search.snippets import section_norm

    doc = SearchDocument(id=7, title=title, year=2023, sections=sections, figures={"t3_new": 1.0})
    norm = {"title": analyse(title).text, **section_norm(sections)}
    stored = _unpack_doc(_pack_doc(doc, norm), b"")
    assert stored.doc == doc
    assert list(stored.doc.sections) == list(sections)
    assert stored.title_norm == norm["title"]
    assert stored.norm_sections == norm["sections"]
    assert stored.aligned == norm["aligned"]
    assert stored.breaks == {k: [list(b) for b in v] for k, v in norm["breaks"].items()}


def test_rows_in_the_earlier_format_are_still_read_and_deleted(tmp_path):
    """An index written before the zstd format (zlib JSON in ``data`` and ``norm``) answers
    the same — results, snippets, ``get`` — and its reports can still be deleted."""
    import json
    import sqlite3
    import zlib

    from search.backends.base import SearchRequest
    from search.backends.sqlite import SearchBackend, _unpack_doc
    from tests.search.documents import DOCS, QIAOKOU

    path = tmp_path / "s.sqlite3"
    backend = SearchBackend(PATH=path)
    backend.index(DOCS)
    queries = ["政务公开", "硚口 网站", '"门户网站"']
    before = [backend.search(SearchRequest(q=q)) for q in queries]
    backend.close()

    conn = sqlite3.connect(path)
    for doc_id, data, norm in conn.execute("SELECT id, data, norm FROM doc").fetchall():
        stored = _unpack_doc(data, norm)
        legacy_norm = {
            "title": stored.title_norm,
            "sections": stored.norm_sections,
            "aligned": stored.aligned,
            "breaks": stored.breaks,
        }
        conn.execute(
            "UPDATE doc SET data = ?, norm = ? WHERE id = ?",
            (
                zlib.compress(json.dumps(stored.doc.to_json()).encode()),
                zlib.compress(json.dumps(legacy_norm).encode()),
                doc_id,
            ),
        )
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
    conn.commit()
    conn.close()

    backend = SearchBackend(PATH=path)
    assert [backend.search(SearchRequest(q=q)) for q in queries] == before
    assert any(hit.snippets for r in before for hit in r.hits)
    assert backend.get(QIAOKOU.id) == QIAOKOU
    backend.delete([QIAOKOU.id])
    assert backend.search(SearchRequest(q="硚口")).total == 0
    assert backend.search(SearchRequest(q="礄口")).total == 0
    backend.close()


@settings(max_examples=200, deadline=None)
@given(
    value_of=st.dictionaries(
        st.integers(0, 5000), st.sampled_from(["", "2022", "湖北省武汉市硚口区", "gov", "dept"])
    ),
    picked=st.lists(st.integers(0, 6000), max_size=200),
)
def test_facet_counts_equal_a_plain_count(value_of, picked):
    """Counting value codes in C equals counting the values; ids the index has not seen
    (beyond the largest known id) count for nothing."""
    from collections import Counter

    import numpy as np
    from pyroaring import BitMap

    from search.backends.sqlite import _FacetCodes

    ids = BitMap(picked)
    expected = Counter(value_of[i] for i in ids if value_of.get(i))
    codes = _FacetCodes.build(value_of)
    assert codes.counts(np.frombuffer(ids.to_array(), dtype=np.uint32)) == dict(expected)
