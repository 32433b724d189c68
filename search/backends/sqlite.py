"""The embedded backend: SQLite FTS5 over pre-tokenised Chinese text, beside the Django database.

Layout (one SQLite file of its own, ``var/search.sqlite3`` by default, so index writes never lock
the portal's database and a rebuild can swap the whole file)::

    doc       one row per report: metadata and figures as columns (filters, sorting), and one
              zstd blob with the document and the analysed copy of the sections that differ
              from the original (``_pack_doc``) — what result lists and snippets read
    fts       FTS5, detail=full, contentless: columns title / body (character bigrams),
              meta (filter tokens: _y2022, _lgov, _r…, _a…, _all). The bigram stream also
              holds each run's last character (``analysis.index_tokens``), so one-character
              queries are prefix queries (``税*``) on the same positions
    bits      the doc-id sets of the frequent tokens (document frequency ≥ ``BITMAP_MIN_DOCS``
              and ≥ 1 % of the reports), as roaring bitmaps (pyroaring)
    bits_log  changes to those sets since ``bits`` was written (one row per written report)

Why bitmaps: a two-character word is in most reports, and counting its matches (total, facets)
and intersecting it with other common words is what makes a naive FTS5 set-up slow — decoding
100,000-entry doclists and handing 100,000 ids to Python. Here which reports match is decided
over sets: a frequent token's set is an in-memory bitmap, a rare token's set is read from FTS5
(a short doclist), and AND / OR / NOT / filters are bitmap operations in C. Facets are counted
over the match set's ids with numpy (each report's value codes, one ``bincount`` per facet).
Writes keep the sets exact: each
``index``/``delete`` logs the frequent tokens a report gained and lost, every reader applies the
log on its next query, and the log is folded into ``bits`` when it grows long.

Ranking never runs over every match: BM25 (FTS5's ``bm25``) is computed only for the
``RANK_CANDIDATES`` most recently indexed matches — a rowid range FTS5 answers by seeking in its
doclists — with filters as tokens inside the MATCH. A query that matches fewer documents than the
bound is ranked exactly. In the bounded window, the query is scored on its informative tokens:
FTS5's BM25 gives a token that is in more than half of the reports an IDF of 1e-6, i.e. no weight,
yet still scans its whole doclist to find that out; such tokens are left out of the scoring
expression (a term whose tokens are all that common keeps its rarest one), and a phrase is scored
as its bigrams, its adjacency checked separately.

Phrases need positions, so they are checked on ``fts``; when a phrase's candidates (all its
bigrams present) exceed ``EXACT_PHRASE_LIMIT`` (5,000), the total and facets are the
candidates' (``total_exact`` is then False) — the ``track_total_hits`` trade-off OpenSearch
makes; every listed report is checked to hold the phrase.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import logging
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import zstandard
from pyroaring import BitMap

from search.analysis import CJK_RUN, analyse, index_tokens
from search.backends.base import (
    FIGURES,
    BaseSearchBackend,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from search.query import ParsedQuery, Term
from search.snippets import SectionLoader, make_snippets, section_norm, stored_loader

logger = logging.getLogger(__name__)

# Bump when analysis or tokenisation changes: documents must then be re-tokenised (a contentless
# FTS5 table deletes a row by being given the same tokens it was indexed with).
ANALYSIS_VERSION = "5"
# Bump when the file's layout changes (tables, what they hold); benchmarks key kept files by it.
INDEX_FORMAT = "4"

_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '._'"
_WEIGHTS = (4.0, 1.0, 0.0)  # title, body, meta


def filter_token(kind: str, value: str) -> str:
    """A filter value as one index token (names hashed: they hold characters of any kind).

    Filter tokens start with ``_``, which no text token can (words start with a letter/digit).
    """
    if kind in ("y", "l"):
        return f"_{kind}{value}".lower()
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=6).hexdigest()
    return f"_{kind}{digest}"


ALL_TOKEN = "_all"


def meta_tokens(doc: SearchDocument) -> list[str]:
    out = [ALL_TOKEN]
    if doc.year:
        out.append(filter_token("y", str(doc.year)))
    if doc.level:
        out.append(filter_token("l", doc.level))
    if doc.region:
        out.append(filter_token("r", doc.region))
    if doc.agency:
        out.append(filter_token("a", doc.agency))
    return out


def _searchable_title(doc: SearchDocument) -> str:
    return " ".join(p for p in (doc.title, doc.agency, doc.region) if p)


@dataclass(slots=True)
class _Prepared:
    doc: SearchDocument
    title: str  # index tokens, space-separated
    body: str
    meta: str
    norm: dict[str, Any]

    @property
    def tokens(self) -> set[str]:
        return token_set(self.title, self.body, self.meta)


_META_PIECES = re.compile(r"[0-9a-z._]+")


def token_set(title: str, body: str, meta: str) -> set[str]:
    """The distinct tokens a document has, as the frequent-token sets count them: text tokens
    of title and body, and the ``_``-tokens of ``meta`` as FTS5 splits them (``_ft3-col`` is
    indexed as ``_ft3`` and ``col``; the ``col`` part is not a text token of the report)."""
    pieces = _META_PIECES.findall(meta.lower())
    return {*title.split(), *body.split(), *(t for t in pieces if t.startswith("_"))}


def prepare(doc: SearchDocument) -> _Prepared:
    """Analyse and tokenise one document (pure; safe in a worker process)."""
    title_norm = analyse(_searchable_title(doc)).text
    norm = section_norm(doc.sections)
    norm_sections: dict[str, str] = norm["sections"]  # type: ignore[assignment]
    body_norm = "\n".join(norm_sections.values())
    return _Prepared(
        doc=doc,
        title=" ".join(index_tokens(title_norm)),
        body=" ".join(index_tokens(body_norm)),
        meta=" ".join(meta_tokens(doc)),
        norm={"title": title_norm, **norm},
    )


# ---- MATCH expressions -----------------------------------------------------------------------


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts_tokens(term: Term) -> list[tuple[str, bool]]:
    """The term as (token, is_prefix) on the index-token stream (``analysis.index_tokens``).

    A run of ideographs is its bigrams; a run that is followed by more of the term also ends in
    its final character (the document's run ends there too); the term's last run does not (the
    document's may go on). A lone ideograph is a prefix, ``税*`` — every character of a
    document's run starts a token — except when more of the term follows: then it ended its
    run in the document as well, which makes it that run's final-character token.
    """
    units = list(CJK_RUN.finditer(term.text))
    out: list[tuple[str, bool]] = []
    for k, m in enumerate(units):
        run, cjk = m.group(0), m.group(0)[0] >= "\u3400"
        last = k == len(units) - 1
        if not cjk:
            out.append((run, False))
        elif len(run) == 1:
            out.append((run, last))
        else:
            out.extend((a + b, False) for a, b in pairwise(run))
            if not last:
                out.append((run[-1], False))
    return out


def _token(token: str, prefix: bool) -> str:
    return _quote(token) + (" *" if prefix else "")


def word_tokens(term: Term) -> list[tuple[str, bool]]:
    """The term's tokens that must all be present (its "word" reading, no adjacency).

    A run-final character only matters for adjacency, so the word form drops it (a document's
    run may go on past it).
    """
    tokens = fts_tokens(term)
    return [(t, p) for t, p in tokens if p or len(t) != 1 or t[0] < "\u3400"] or tokens


_TEXT_COLUMNS = "{title body} : "


def _columns(tokens: Sequence[tuple[str, bool]]) -> str:
    """The column filter a text expression needs: none when every token is an ideograph token
    (``meta`` holds only ``_``-tokens and the ASCII parts of rule IDs), which spares FTS5 from
    decoding positions to check columns — on a common token, most of a query's cost."""
    return "" if all(t[0] >= "\u3400" for t, _ in tokens) else _TEXT_COLUMNS


def _and_expr(tokens: Sequence[tuple[str, bool]]) -> str:
    cols = _columns(tokens)
    if len(tokens) == 1:
        return cols + _token(*tokens[0])
    return cols + "(" + " AND ".join(_token(t, p) for t, p in tokens) + ")"


def _term_expr(term: Term, *, positions: bool) -> str:
    if term.phrase and positions:
        tokens = fts_tokens(term)
        if len(tokens) > 1:
            # FTS5 allows a prefix only on a phrase's last token, which is where fts_tokens
            # puts it.
            last_prefix = tokens[-1][1]
            return _columns(tokens) + _token(" ".join(t for t, _ in tokens), last_prefix)
    expr = _and_expr(word_tokens(term))
    return expr if positions else expr.removeprefix(_TEXT_COLUMNS)


def _meta_expr(tokens: Sequence[str], *, positions: bool) -> str:
    inner = " OR ".join(_quote(t) for t in tokens)
    return f"(meta : ({inner}))" if positions else f"({inner})"


def match_expression(
    query: ParsedQuery, filters: Sequence[Sequence[str]], *, positions: bool
) -> str:
    """The FTS5 MATCH string: query groups AND filter groups, NOT exclusions.

    ``filters`` is a list of OR-groups of meta tokens. With ``positions=False`` phrases become
    "all tokens present": a superset of the phrase's matches.
    """
    parts: list[str] = []
    for group in query.groups:
        exprs = [_term_expr(t, positions=positions) for t in group]
        parts.append("(" + " OR ".join(f"({e})" for e in exprs) + ")")
    for tokens in filters:
        parts.append(_meta_expr(tokens, positions=positions))
    if not parts:
        parts.append(_meta_expr([ALL_TOKEN], positions=positions))
    expr = " AND ".join(parts)
    if query.excluded:
        # An excluded phrase is removed only where the phrase itself occurs.
        excl = " OR ".join(f"({_term_expr(t, positions=positions)})" for t in query.excluded)
        if not positions and any(t.phrase for t in query.excluded):
            excl = " OR ".join(
                f"({_term_expr(t, positions=False)})" for t in query.excluded if not t.phrase
            )
            if not excl:
                return expr
        expr = f"({expr}) NOT ({excl})"
    return expr


def _has_positions(query: ParsedQuery) -> bool:
    return any(t.phrase for t in (*query.positive_terms, *query.excluded))


# ---- the backend ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Meta:
    """Per-document values kept in memory for facets and sorting."""

    year: int | None
    region: str
    level: str
    published: str
    applications: float | None  # table 三 NEW.TOT, for the "applications" sort
    agency: str = ""  # the agency facet


@dataclass(slots=True)
class _FacetCodes:
    values: list[str]  # code → value; code 0 is "no value"
    codes: np.ndarray  # report id → code

    @classmethod
    def build(cls, value_of: dict[int, str]) -> _FacetCodes:
        values = ["", *sorted({v for v in value_of.values() if v})]
        code = {v: k for k, v in enumerate(values)}
        size = max(value_of, default=-1) + 1
        codes = np.zeros(size, dtype=np.uint16 if len(values) < 2**16 else np.uint32)
        if value_of:
            ids = np.fromiter(value_of, dtype=np.int64, count=len(value_of))
            codes[ids] = np.fromiter(
                (code[v] if v else 0 for v in value_of.values()), dtype=codes.dtype
            )
        return cls(values, codes)

    def counts(self, ids: np.ndarray, limit: int | None = None) -> dict[str, int]:
        """{value: count} of the reports ``ids``, in value order; with ``limit``, only the
        ``limit`` largest counts (equal counts in value order), largest first."""
        ids = ids[: np.searchsorted(ids, len(self.codes))]  # ids are sorted
        per_code = np.bincount(self.codes[ids], minlength=len(self.values))
        per_code[0] = 0  # "no value"
        present = np.flatnonzero(per_code)
        if limit is not None and len(present) > limit:
            # Codes follow the values' sorted order: the code breaks ties by value.
            present = present[np.lexsort((present, -per_code[present]))[:limit]]
        values, counts = self.values, per_code[present].tolist()
        return {values[c]: n for c, n in zip(present.tolist(), counts, strict=True)}


@dataclass(slots=True)
class _State:
    """One consistent in-memory view of the index, rebuilt when its generation changes.

    Never mutated once published: a query holds a reference while writes build the next one.
    """

    key: tuple[Any, ...]
    meta: dict[int, _Meta]
    all_ids: BitMap
    # facet → each report's value as a small integer, indexed by report id (facet counts).
    facet_codes: dict[str, _FacetCodes]
    # year → the reports of that year (pages in year order).
    year_bits: dict[str, BitMap]
    # The frequent tokens' sets, as of ``bits_key`` plus the log up to ``bits_seq``.
    bits: dict[str, BitMap] = field(default_factory=dict)
    bits_key: tuple[Any, ...] | None = None
    bits_seq: int = 0


_DEFAULT_HASHSIZE = 1024 * 1024  # FTS5's default in-memory hash before a flush to disk
_REBUILD_HASHSIZE = 256 * 1024 * 1024  # during a rebuild: fewer, larger segments to merge
_REBUILD_BATCH = 2000


class SearchBackend(BaseSearchBackend):
    """SQLite FTS5. Options: ``PATH`` (file), ``RANK_CANDIDATES``, ``EXACT_PHRASE_LIMIT``,
    ``BITMAP_MIN_DOCS`` (a token gets a bitmap from this document frequency, and from 1 % of the
    reports), ``BITS_LOG_LIMIT`` (logged writes before the bitmaps are rewritten; at least 5 %
    of the reports)."""

    name = "sqlite"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.path = Path(options.get("PATH") or _default_path())
        self.rank_candidates = int(options.get("RANK_CANDIDATES", 1000))
        self.exact_phrase_limit = int(options.get("EXACT_PHRASE_LIMIT", 5000))
        self.bitmap_min_docs = max(1, int(options.get("BITMAP_MIN_DOCS", 1000)))
        self.bits_log_limit = int(options.get("BITS_LOG_LIMIT", 1000))
        self._local = threading.local()
        self._state_lock = threading.Lock()
        self._state: _State | None = None

    # -- connections ---------------------------------------------------------------------------

    def _connect(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-65536")
        _create_schema(conn)
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection; reopened when a rebuild has swapped the file."""
        ino = _inode(self.path)
        conn = getattr(self._local, "conn", None)
        if conn is None or ino is None or self._local.ino != ino:
            if conn is not None:
                conn.close()
            conn = self._connect(self.path)
            self._local.conn = conn
            self._local.ino = _inode(self.path)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- writes --------------------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDocument]) -> int:
        conn = self.conn
        count = 0
        for batch in _batches(docs, 200):
            prepared = [prepare(d) for d in batch]
            with _transaction(conn):
                frequent = _frequent_tokens(conn)
                old = self._delete_ids(conn, [p.doc.id for p in prepared])
                _insert(conn, prepared)
                if frequent:
                    _log_changes(conn, frequent, old, {p.doc.id: p.tokens for p in prepared})
                _bump_generation(conn)
            count += len(prepared)
        self._maybe_rewrite_bits(conn)
        return count

    def delete(self, ids: Iterable[int]) -> None:
        conn = self.conn
        with _transaction(conn):
            frequent = _frequent_tokens(conn)
            old = self._delete_ids(conn, list(ids))
            if frequent:
                _log_changes(conn, frequent, old, {})
            _bump_generation(conn)
        self._maybe_rewrite_bits(conn)

    def _delete_ids(self, conn: sqlite3.Connection, ids: list[int]) -> dict[int, set[str]]:
        """Remove documents; return each removed document's tokens."""
        if not ids:
            return {}
        rows = conn.execute(
            f"SELECT id, data, norm FROM doc WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        removed: dict[int, set[str]] = {}
        for doc_id, data, norm in rows:
            # Contentless FTS5 deletes by being handed the indexed tokens again; the analysed
            # text stored with the report regenerates them exactly (same ANALYSIS_VERSION).
            old = _tokens_from_stored(_unpack_doc(data, norm))
            conn.execute(
                "INSERT INTO fts(fts, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)",
                (doc_id, *old),
            )
            conn.execute("DELETE FROM doc WHERE id = ?", (doc_id,))
            removed[doc_id] = token_set(*old)
        return removed

    def _maybe_rewrite_bits(self, conn: sqlite3.Connection) -> None:
        """Rewrite the frequent-token bitmaps when there are none yet (and the collection is
        large enough to have frequent tokens) or when the log of changes has grown long."""
        n_docs = conn.execute("SELECT count(*) FROM doc").fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM bits_log").fetchone()[0]
        has_bits = conn.execute("SELECT 1 FROM bits LIMIT 1").fetchone() is not None
        if (not has_bits and n_docs >= self.bitmap_min_docs) or logged > max(
            self.bits_log_limit, n_docs // 20
        ):
            with _transaction(conn):
                _write_bits(conn, self._vocabulary_terms(conn, n_docs))
                _bump_generation(conn)

    def _threshold(self, n_docs: int) -> int:
        return max(self.bitmap_min_docs, n_docs // 100)

    def _vocabulary_terms(self, conn: sqlite3.Connection, n_docs: int) -> list[str]:
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, fts, row)"
        )
        return [
            r[0]
            for r in conn.execute(
                "SELECT term FROM temp.fts_vocab WHERE doc >= ?", (self._threshold(n_docs),)
            )
        ]

    def clear(self) -> None:
        conn = self.conn
        with _transaction(conn):
            for table in ("doc", "fts", "bits", "bits_log"):
                conn.execute(f"DELETE FROM {table}")
            _bump_generation(conn)

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Build a new file beside the live one, then swap it in with one atomic rename.

        With ``WORKERS`` > 1, analysis runs in worker processes while this process writes the
        previous batch (off by default: on two shared cores, pickling the token text cost more
        than it saved); the new file is written without a journal — if the
        build dies, the half-built file is simply deleted next time and the live one is intact.
        The frequent tokens' bitmaps are read from the finished, optimised index.
        """
        building = self.path.with_name(self.path.name + ".building")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        conn = self._connect(building)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (_REBUILD_HASHSIZE,))
        count = 0
        workers = int(self.options.get("WORKERS") or 1)
        try:
            for prepared in _prepare_pipelined(docs, workers):
                conn.execute("BEGIN")
                _insert(conn, prepared)
                conn.execute("COMMIT")
                count += len(prepared)
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (_DEFAULT_HASHSIZE,))
            conn.execute("BEGIN")
            if count >= self.bitmap_min_docs:
                _write_bits(conn, self._vocabulary_terms(conn, count))
            _bump_generation(conn)
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        os.replace(building, self.path)
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        self.close()
        return count

    # -- reads ---------------------------------------------------------------------------------

    def get(self, doc_id: int) -> SearchDocument | None:
        row = self.conn.execute("SELECT data, norm FROM doc WHERE id = ?", (doc_id,)).fetchone()
        return _unpack_doc(*row).doc if row else None

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM doc").fetchone()[0]

    def search(self, request: SearchRequest) -> SearchResults:
        query = request.parsed
        conn = self.conn
        # One read transaction: the in-memory state and every FTS5 read see the same snapshot.
        conn.execute("BEGIN")
        try:
            return self._search(conn, request, query)
        finally:
            conn.execute("COMMIT")

    def _search(
        self, conn: sqlite3.Connection, request: SearchRequest, query: ParsedQuery
    ) -> SearchResults:
        state = self._load_state(conn)
        token_filters = _token_filters(request)
        full_expr = match_expression(query, token_filters, positions=True)

        # Which reports match: over sets, phrases first as their candidates (all bigrams).
        ids = _Sets(conn, state.bits).match(query, token_filters, state.all_ids)
        total_exact = True
        if _has_positions(query):
            if len(ids) <= self.exact_phrase_limit:
                ids = _fts_bitmap(conn, full_expr)
            else:
                total_exact = False
        sql_filter = _figure_filter_ids(conn, request)
        if sql_filter is not None:
            ids = ids & sql_filter

        facets: dict[str, dict[str, int]] = {}
        if request.facets:
            facets = _facets(ids, state, request.facet_limit)

        page_ids, scores = self._order(
            conn,
            request,
            query,
            full_expr,
            token_filters,
            ids,
            state,
            exact=total_exact,
            matches_are_ids=sql_filter is None,
        )
        hits = self._hits(conn, page_ids, scores, query if request.snippets else None)
        return SearchResults(
            total=len(ids),
            page=request.page,
            per_page=request.per_page,
            hits=hits,
            facets=facets,
            total_exact=total_exact,
        )

    def _order(
        self,
        conn: sqlite3.Connection,
        request: SearchRequest,
        query: ParsedQuery,
        full_expr: str,
        token_filters: list[list[str]],
        ids: BitMap,
        state: _State,
        *,
        exact: bool = True,
        matches_are_ids: bool = True,
    ) -> tuple[list[int], dict[int, float]]:
        """One page of ids. With ``exact`` False, ``ids`` are phrase candidates: only ids
        verified to hold the phrase are returned. ``matches_are_ids``: every report ``full_expr``
        matches is in ``ids`` (no filter outside the index narrowed them)."""
        start, stop = request.offset, request.offset + request.per_page
        n = len(ids)
        if not n or start >= n:
            return [], {}
        if request.sort != "relevance" or not query.positive_terms:
            if exact:
                return _sorted_page(ids, state, request.sort, start, stop), {}
            ordered = _sorted_page(ids, state, request.sort, 0, n)
            return _verified(conn, ordered, query, stop)[start:stop], {}
        # Relevance: BM25 over a bounded candidate set — the newest matches by rowid.
        window = self.rank_candidates
        if n <= window:
            rank_expr = full_expr  # every match is ranked, exactly
        else:
            rank_expr = _rank_expression(query, token_filters, state)
        # Approximate phrase candidates are checked in the window (positions, no BM25).
        check_expr = full_expr if not exact else None
        # When every row the ranking query matches is a valid result, SQLite keeps only the
        # page's worth of the best (a top-k sort) instead of handing every candidate over.
        limit = f" LIMIT {stop}" if exact and matches_are_ids and rank_expr == full_expr else ""
        while True:
            bound = ids[max(0, n - window)]
            rows = conn.execute(
                "SELECT rowid, bm25(fts, ?, ?, ?) AS r FROM fts "
                f"WHERE fts MATCH ? AND rowid >= ? ORDER BY r{limit}",
                (*_WEIGHTS, rank_expr, bound),
            ).fetchall()
            valid = ids
            if check_expr is not None:
                valid = ids & _fts_bitmap(conn, check_expr, min_rowid=bound)
            ranked = [(rid, -score) for rid, score in rows if rid in valid]
            # Candidates that fail the phrase thin the window out: widen it until the page is
            # full or every candidate was looked at.
            if exact or len(ranked) >= stop or window >= n:
                break
            window *= 4
        ranked_ids = [rid for rid, _ in ranked]
        scores = dict(ranked)
        if stop <= len(ranked_ids) or not exact:
            return ranked_ids[start:stop], scores
        # Past the ranked window (deep pages): the older matches, newest first.
        below = ids.rank(bound - 1) if bound > 0 else 0  # matches older than the window
        need = stop - len(ranked_ids)
        rest = [ids[k] for k in range(below - 1, max(-1, below - 1 - need), -1)]
        return (ranked_ids + rest)[start:stop], scores

    def _hits(
        self,
        conn: sqlite3.Connection,
        page_ids: list[int],
        scores: dict[int, float],
        query: ParsedQuery | None,
    ) -> list[SearchHit]:
        if not page_ids:
            return []
        rows = conn.execute(
            f"SELECT id, data, norm FROM doc WHERE id IN ({','.join('?' * len(page_ids))})",
            page_ids,
        ).fetchall()
        by_id = {r[0]: r for r in rows}
        hits: list[SearchHit] = []
        for doc_id in page_ids:
            if doc_id not in by_id:
                continue
            stored = _unpack_doc(*by_id[doc_id][1:])
            doc = stored.doc
            snippets = []
            if query is not None:
                snippets = make_snippets(doc.sections, query, loader=stored.loader())
            hits.append(
                SearchHit(
                    id=doc.id,
                    title=doc.title,
                    agency=doc.agency,
                    region=doc.region,
                    level=doc.level,
                    year=doc.year,
                    published=doc.published,
                    url=doc.url,
                    score=scores.get(doc_id),
                    snippets=snippets,
                )
            )
        return hits

    def _load_state(self, conn: sqlite3.Connection) -> _State:
        """The in-memory view for this snapshot: reused while nothing was written; after a
        write, the metadata is re-read and the bitmap log applied from where it was."""
        key = (_inode(self.path), _generation(conn))
        with self._state_lock:
            previous = self._state
            if previous is not None and previous.key == key:
                return previous
            state = _read_metadata(conn, key)
            bits_key = (key[0], _meta_value(conn, "bits_gen"))
            if previous is not None and previous.bits_key == bits_key:
                bits, seq = previous.bits, previous.bits_seq
            else:
                bits = {
                    r[0]: BitMap.deserialize(r[1])
                    for r in conn.execute("SELECT token, data FROM bits")
                }
                seq = 0
            state.bits, state.bits_seq = _apply_log(conn, bits, seq)
            state.bits_key = bits_key
            self._state = state
            return state

    def check(self) -> list[str]:
        try:
            conn = self.conn
            version = conn.execute(
                "SELECT value FROM meta WHERE key = 'analysis_version'"
            ).fetchone()
        except sqlite3.Error as exc:
            return [f"检索索引文件无法打开：{self.path}（{exc}）"]
        if version and version[0] != ANALYSIS_VERSION:
            return ["检索索引由旧版分词规则建立，请运行 manage.py rebuild_search_index"]
        return []


# ---- sets -----------------------------------------------------------------------------------


class _Sets:
    """Evaluates a query over document-id sets: a frequent token's set is its bitmap, the rest
    (rare tokens, prefixes) come from FTS5, where their doclists are short."""

    def __init__(self, conn: sqlite3.Connection, bits: dict[str, BitMap]) -> None:
        self.conn = conn
        self.bits = bits

    def match(
        self, query: ParsedQuery, filters: Sequence[Sequence[str]], everything: BitMap
    ) -> BitMap:
        """The query's matches, phrases read as "all their tokens present" (a superset), an
        excluded phrase not removed (see ``match_expression(..., positions=False)``)."""
        sets: list[BitMap] = []
        for group in query.groups:
            sets.append(_union([self.term(t) for t in group]))
        for tokens in filters:
            sets.append(self.meta_any(tokens))
        result = _intersection(sets) if sets else everything
        for term in query.excluded:
            if result and not term.phrase:
                result = result - self.term(term)
        return result

    def term(self, term: Term) -> BitMap:
        tokens = word_tokens(term)
        if any(prefix for _, prefix in tokens):
            return _fts_bitmap(self.conn, _and_expr(tokens))
        known = [self.bits[t] for t, _ in tokens if t in self.bits]
        rare = [(t, p) for t, p in tokens if t not in self.bits]
        if rare:
            known.append(_fts_bitmap(self.conn, _and_expr(rare)))
        return _intersection(known)

    def meta_any(self, tokens: Sequence[str]) -> BitMap:
        sets = [self.bits[t] for t in tokens if t in self.bits]
        rare = [t for t in tokens if t not in self.bits]
        if rare:
            sets.append(_fts_bitmap(self.conn, _meta_expr(rare, positions=True)))
        return _union(sets)


def _intersection(sets: list[BitMap]) -> BitMap:
    ordered = sorted(sets, key=len)
    result = ordered[0]
    for other in ordered[1:]:
        if not result:
            break
        result = result & other
    return result


def _union(sets: list[BitMap]) -> BitMap:
    if len(sets) == 1:
        return sets[0]
    return BitMap().union(*sets) if sets else BitMap()


def _fts_bitmap(conn: sqlite3.Connection, expr: str, *, min_rowid: int | None = None) -> BitMap:
    """The rowids matching an FTS5 expression, as a bitmap."""
    sql = "SELECT group_concat(rowid, ' ') FROM fts WHERE fts MATCH ?"
    args: tuple[Any, ...] = (expr,)
    if min_rowid is not None:
        sql += " AND rowid >= ?"
        args = (expr, min_rowid)
    try:
        # One string from SQLite instead of a Python tuple per row.
        row = conn.execute(sql, args).fetchone()
    except sqlite3.OperationalError as exc:
        # The expression is built from analysed tokens only, so this is not user syntax; log
        # it and answer "nothing found" rather than fail the page.
        logger.error("FTS5 query failed: %s (%s)", expr, exc)
        return BitMap()
    return BitMap(map(int, row[0].split())) if row and row[0] else BitMap()


def _rank_expression(query: ParsedQuery, filters: Sequence[Sequence[str]], state: _State) -> str:
    """The MATCH that scores a bounded window: each term as its informative tokens.

    FTS5's BM25 floors the IDF of a token found in more than half of the reports at 1e-6 (no
    weight) but still reads that token's whole doclist to count it; those tokens are left out,
    except that a term whose tokens are all that common keeps its rarest. Phrases are scored as
    their tokens (their adjacency is checked on the match set); exclusions are already applied.
    """
    half = len(state.all_ids) / 2

    def frequency(token: str) -> int:
        bits = state.bits.get(token)
        return len(bits) if bits is not None else 0

    parts: list[str] = []
    for group in query.groups:
        exprs = []
        for term in group:
            tokens = word_tokens(term)
            keep = [(t, p) for t, p in tokens if p or frequency(t) <= half]
            if not keep:
                keep = [min(tokens, key=lambda tp: frequency(tp[0]))]
            exprs.append(_and_expr(keep))
        parts.append("(" + " OR ".join(f"({e})" for e in exprs) + ")")
    for tokens in filters:
        parts.append(_meta_expr(tokens, positions=True))
    return " AND ".join(parts)


def _frequent_tokens(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT token FROM bits")}


def _log_changes(
    conn: sqlite3.Connection,
    frequent: set[str],
    old: dict[int, set[str]],
    new: dict[int, set[str]],
) -> None:
    """Log, per written report, the frequent tokens it gained and lost."""
    rows = []
    for doc_id in old.keys() | new.keys():
        before = old.get(doc_id, set()) & frequent
        after = new.get(doc_id, set()) & frequent
        added, removed = after - before, before - after
        if added or removed:
            rows.append((doc_id, " ".join(sorted(added)), " ".join(sorted(removed))))
    conn.executemany("INSERT INTO bits_log (id, added, removed) VALUES (?, ?, ?)", rows)


def _apply_log(
    conn: sqlite3.Connection, bits: dict[str, BitMap], seq: int
) -> tuple[dict[str, BitMap], int]:
    """``bits`` with the logged changes after ``seq`` applied (copies: ``bits`` is shared)."""
    rows = conn.execute(
        "SELECT seq, id, added, removed FROM bits_log WHERE seq > ? ORDER BY seq", (seq,)
    ).fetchall()
    if not rows:
        return bits, seq
    out = dict(bits)
    copied: set[str] = set()
    for _seq, doc_id, added, removed in rows:
        for tokens, add in ((removed, False), (added, True)):
            for token in tokens.split():
                if token not in out:
                    continue
                if token not in copied:
                    out[token] = BitMap(out[token])
                    copied.add(token)
                if add:
                    out[token].add(doc_id)
                else:
                    out[token].discard(doc_id)
    return out, rows[-1][0]


def _write_bits(conn: sqlite3.Connection, terms: Iterable[str]) -> None:
    """Replace the frequent tokens' bitmaps with their sets read from FTS5; empty the log."""
    conn.execute("DELETE FROM bits")
    conn.execute("DELETE FROM bits_log")
    rows = []
    for term in terms:
        # A "_" token is a filter token (meta); any other is a text token (title, body).
        expr = f"meta : {_quote(term)}" if term.startswith("_") else _and_expr([(term, False)])
        bitmap = _fts_bitmap(conn, expr)
        bitmap.run_optimize()
        rows.append((term, bitmap.serialize()))
    conn.executemany("INSERT INTO bits (token, data) VALUES (?, ?)", rows)
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'bits_gen'")


def _read_metadata(conn: sqlite3.Connection, key: tuple[Any, ...]) -> _State:
    meta = {
        r[0]: _Meta(r[1], r[2] or "", r[3] or "", r[4] or "", r[5], r[6] or "")
        for r in conn.execute("SELECT id, year, region, level, published, t3_new, agency FROM doc")
    }
    value_of = {
        "year": {i: str(m.year) if m.year else "" for i, m in meta.items()},
        "region": {i: m.region for i, m in meta.items()},
        "level": {i: m.level for i, m in meta.items()},
        "agency": {i: m.agency for i, m in meta.items()},
    }
    by_year: dict[str, list[int]] = {}
    for i, year in value_of["year"].items():
        if year:
            by_year.setdefault(year, []).append(i)
    return _State(
        key=key,
        meta=meta,
        all_ids=BitMap(meta),
        facet_codes={facet: _FacetCodes.build(v) for facet, v in value_of.items()},
        year_bits={year: BitMap(ids) for year, ids in by_year.items()},
    )


# ---- helpers --------------------------------------------------------------------------------


# A stored report is one blob: a JSON header line (the document without its section texts, the
# texts' lengths, the analysed title, which sections are aligned and the offset breaks of the
# others) followed by the texts — the original sections, then the analysed copy of those sections
# whose analysed text differs from the original (a Simplified report's sections mostly do not) —
# in UTF-16 (Chinese text decodes twice as fast as from UTF-8, and compresses a little better),
# compressed with zstd. A result page reads 20 of these, so they must come apart fast: one
# decompression (~8× faster than zlib's), one decode, a small JSON header, slices.
# Rows written before this format hold zlib-compressed JSON in ``data`` and ``norm``; they are
# still read (``norm`` is empty in the new format).
_ZSTD_LEVEL = 3
_codecs = threading.local()


def _zstd() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    # zstandard's (de)compressor objects are not safe to share between threads.
    pair = getattr(_codecs, "pair", None)
    if pair is None:
        pair = _codecs.pair = (
            zstandard.ZstdCompressor(level=_ZSTD_LEVEL),
            zstandard.ZstdDecompressor(),
        )
    return pair


@dataclass(slots=True)
class _Stored:
    """A stored report: the document, and the analysed text snippets and deletions need."""

    doc: SearchDocument
    title_norm: str
    norm_sections: dict[str, str]
    aligned: list[str]
    breaks: dict[str, list[list[int]]]
    # Rows written while documents held findings were indexed with a ``_f<rule>`` meta token
    # per finding; deleting such a row must hand FTS5 those tokens again.
    legacy_findings: tuple[str, ...] = ()

    def loader(self) -> SectionLoader:
        return stored_loader(self.norm_sections, self.aligned, self.breaks)


def _pack_doc(doc: SearchDocument, norm: dict[str, Any]) -> bytes:
    header = doc.to_json()
    sections: dict[str, str] = header.pop("sections")
    keys = list(sections)
    texts = [sections[k] or "" for k in keys]
    norm_sections: dict[str, str] = norm["sections"]
    own = [k for k, text in zip(keys, texts, strict=True) if norm_sections.get(k, "") != text]
    texts += [norm_sections[k] for k in own]
    header.update(
        keys=keys,
        norm_keys=own,
        lens=[len(t) for t in texts],
        title_norm=norm["title"],
        aligned=list(norm["aligned"]),
        breaks=norm.get("breaks") or {},
    )
    # json.dumps escapes line breaks inside strings: the header is exactly the first line.
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
    return _zstd()[0].compress(f"{head}\n{''.join(texts)}".encode("utf-16-le"))


def _unpack_doc(data: bytes, norm: bytes) -> _Stored:
    if norm:  # the earlier format: two zlib-compressed JSON blobs
        legacy = json.loads(zlib.decompress(norm))
        data_json = json.loads(zlib.decompress(data))
        return _Stored(
            doc=SearchDocument.from_json(data_json),
            title_norm=legacy["title"],
            norm_sections=legacy["sections"],
            aligned=legacy["aligned"],
            breaks=legacy.get("breaks") or {},
            legacy_findings=tuple(data_json.get("findings") or ()),
        )
    payload = _zstd()[1].decompress(data).decode("utf-16-le")
    cut = payload.index("\n")
    header = json.loads(payload[:cut])
    texts: list[str] = []
    pos = cut + 1
    for n in header.pop("lens"):
        texts.append(payload[pos : pos + n])
        pos += n
    keys: list[str] = header.pop("keys")
    sections = dict(zip(keys, texts, strict=False))
    norm_sections = dict(sections)
    norm_sections.update(zip(header.pop("norm_keys"), texts[len(keys) :], strict=True))
    title_norm = header.pop("title_norm")
    aligned = header.pop("aligned")
    breaks = header.pop("breaks")
    header["sections"] = sections
    legacy_findings = tuple(header.pop("findings", None) or ())
    return _Stored(
        SearchDocument.from_json(header),
        title_norm,
        norm_sections,
        aligned,
        breaks,
        legacy_findings,
    )


def _default_path() -> Path:
    from django.conf import settings

    db = settings.DATABASES.get("default", {})
    if "sqlite" in db.get("ENGINE", "") and db.get("NAME") and str(db["NAME"]) != ":memory:":
        return Path(db["NAME"]).with_name("search.sqlite3")
    return Path(getattr(settings, "VAR_DIR", Path.cwd() / "var")) / "search.sqlite3"


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def _create_schema(conn: sqlite3.Connection) -> None:
    figure_cols = "".join(f", {name} REAL" for name in FIGURES)
    conn.executescript(
        f"""
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE IF NOT EXISTS doc (
            id INTEGER PRIMARY KEY, year INTEGER, region TEXT, level TEXT, published TEXT,
            data BLOB NOT NULL, norm BLOB NOT NULL{figure_cols}, agency TEXT
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
            title, body, meta, content='', tokenize="{_TOKENIZER}"
        );
        CREATE TABLE IF NOT EXISTS bits (token TEXT PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS bits_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id INTEGER NOT NULL,
            added TEXT NOT NULL, removed TEXT NOT NULL
        );
        INSERT OR IGNORE INTO meta VALUES ('generation', '0');
        INSERT OR IGNORE INTO meta VALUES ('bits_gen', '0');
        INSERT OR IGNORE INTO meta VALUES ('analysis_version', '{ANALYSIS_VERSION}');
        """
    )
    # Files written before the agency facet have no agency column: added empty, filled as
    # reports are written again or by rebuild_search_index (ANALYSIS_VERSION 5 asks for one).
    columns = {row[1] for row in conn.execute("PRAGMA table_info(doc)")}
    if "agency" not in columns:
        try:
            conn.execute("ALTER TABLE doc ADD COLUMN agency TEXT")
        except sqlite3.OperationalError:  # another process added it first
            pass


class _transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _bump_generation(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def _meta_value(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else "0"


def _generation(conn: sqlite3.Connection) -> str:
    return _meta_value(conn, "generation")


def _insert(conn: sqlite3.Connection, prepared: list[_Prepared]) -> None:
    figure_names = list(FIGURES)
    conn.executemany(
        f"INSERT INTO doc (id, year, region, level, published, data, norm, agency, "
        f"{', '.join(figure_names)}) VALUES ({', '.join('?' * (8 + len(figure_names)))})",
        [
            (
                p.doc.id,
                p.doc.year,
                p.doc.region,
                p.doc.level,
                p.doc.published.isoformat() if p.doc.published else "",
                _pack_doc(p.doc, p.norm),
                b"",
                p.doc.agency,
                *(p.doc.figures.get(name) for name in figure_names),
            )
            for p in prepared
        ],
    )
    conn.executemany(
        "INSERT INTO fts(rowid, title, body, meta) VALUES (?, ?, ?, ?)",
        [(p.doc.id, p.title, p.body, p.meta) for p in prepared],
    )


def _tokens_from_stored(stored: _Stored) -> tuple[str, str, str]:
    doc = stored.doc
    body_norm = "\n".join(stored.norm_sections.values())
    return (
        " ".join(index_tokens(stored.title_norm)),
        " ".join(index_tokens(body_norm)),
        " ".join([*meta_tokens(doc), *(filter_token("f", r) for r in stored.legacy_findings)]),
    )


def _prepare_pipelined(docs: Iterable[SearchDocument], workers: int) -> Iterator[list[_Prepared]]:
    """Prepared batches in order; with workers > 1 and enough documents, the next batch is
    analysed in worker processes while the caller writes the current one."""
    batches = _batches(docs, _REBUILD_BATCH)
    first = next(batches, None)
    if first is None:
        return
    if workers <= 1 or len(first) < _REBUILD_BATCH:
        yield [prepare(d) for d in first]
        for batch in batches:
            yield [prepare(d) for d in batch]
        return
    pool: Executor = ProcessPoolExecutor(max_workers=workers)
    try:
        pending = pool.map(prepare, first, chunksize=25)
        for batch in batches:
            following = pool.map(prepare, batch, chunksize=25)
            yield list(pending)
            pending = following
        yield list(pending)
    finally:
        pool.shutdown(cancel_futures=True)


def _batches(items: Iterable[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    batch: list[SearchDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _token_filters(request: SearchRequest) -> list[list[str]]:
    groups: list[list[str]] = []
    if request.regions:
        groups.append([filter_token("r", r) for r in request.regions])
    if request.agency:
        groups.append([filter_token("a", request.agency)])
    if request.level:
        groups.append([filter_token("l", request.level)])
    if request.year_from is not None or request.year_to is not None:
        lo = request.year_from if request.year_from is not None else 1990
        hi = request.year_to if request.year_to is not None else 2100
        if hi - lo > 200 or hi < lo:
            groups.append(["_none"] if hi < lo else [])  # "_none" is never indexed
        else:
            groups.append([filter_token("y", str(y)) for y in range(lo, hi + 1)])
    return [g for g in groups if g]


def _figure_filter_ids(conn: sqlite3.Connection, request: SearchRequest) -> BitMap | None:
    if not request.figures:
        return None
    clauses: list[str] = []
    args: list[float] = []
    for name, (lo, hi) in request.figures.items():
        if lo is not None:
            clauses.append(f"{name} >= ?")
            args.append(lo)
        if hi is not None:
            clauses.append(f"{name} <= ?")
            args.append(hi)
    if not clauses:
        return None
    sql = "SELECT id FROM doc WHERE " + " AND ".join(clauses)
    return BitMap(r[0] for r in conn.execute(sql, args))


def _facets(ids: BitMap, state: _State, limit: int | None = None) -> dict[str, dict[str, int]]:
    """Facet counts: each facet's value codes of the matching reports, counted in C. Largest
    first, equal counts by value; region and agency cut to the ``limit`` largest."""
    as_array = np.frombuffer(ids.to_array(), dtype=np.uint32)
    capped = ("region", "agency")
    counts = {
        facet: codes.counts(as_array, limit if facet in capped else None)
        for facet, codes in state.facet_codes.items()
    }
    by_count = itemgetter(1)  # stable: equal counts stay in value order

    def largest(values: dict[str, int]) -> dict[str, int]:
        return dict(sorted(values.items(), key=by_count, reverse=True)[:limit])

    return {
        "year": dict(reversed(counts["year"].items())),
        "region": largest(counts["region"]),
        "level": dict(sorted(counts["level"].items(), key=by_count, reverse=True)),
        "agency": largest(counts["agency"]),
    }


def _verified(
    conn: sqlite3.Connection, ordered: list[int], query: ParsedQuery, stop: int
) -> list[int]:
    """The first ``stop`` ids of ``ordered`` whose stored text holds the query's phrases
    (for phrase candidates taken without positions)."""
    from search.snippets import match_spans

    phrases = [t for t in query.positive_terms if t.phrase]
    if not phrases:
        return ordered[:stop]
    from search.query import ParsedQuery as _PQ

    out: list[int] = []
    for k in range(0, len(ordered), 100):
        chunk = ordered[k : k + 100]
        rows = conn.execute(
            f"SELECT id, data, norm FROM doc WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
        stored = {r[0]: _unpack_doc(r[1], r[2]) for r in rows}
        for doc_id in chunk:
            record = stored.get(doc_id)
            if record is None:
                continue
            texts = [record.title_norm, *record.norm_sections.values()]
            if all(any(match_spans(texts, _PQ(raw="", groups=((t,),)))) for t in phrases):
                out.append(doc_id)
                if len(out) >= stop:
                    return out
    return out


def _sorted_page(ids: BitMap, state: _State, sort: str, start: int, stop: int) -> list[int]:
    """One page of ``ids`` in a field order (ties: newest report id first)."""
    if sort in ("relevance", "year", "year_asc"):
        return _page_by_year(ids, state, sort, start, stop)
    meta = state.meta
    empty = _Meta(None, "", "", "", None)

    def key(i: int) -> tuple[Any, ...]:
        m = meta.get(i, empty)
        if sort == "published":
            return (m.published or "", m.year or 0, i)
        return (m.applications if m.applications is not None else -1.0, m.year or 0, i)

    return heapq.nlargest(stop, ids, key=key)[start:stop]


def _page_by_year(ids: BitMap, state: _State, sort: str, start: int, stop: int) -> list[int]:
    """A page in year order, newest (or oldest) year first, reports without a year last:
    only the years the page reaches are sorted — a common word matches most reports, and
    sorting all of them by a Python key costs more than the rest of the query."""
    meta = state.meta
    by_year = state.year_bits
    years = sorted(by_year, key=int, reverse=sort != "year_asc")
    buckets = [ids & by_year[y] for y in years]
    buckets.append(ids - BitMap().union(*by_year.values()) if by_year else ids)
    empty = _Meta(None, "", "", "", None)

    def within_year(i: int) -> tuple[str, int]:
        # Within a year: the latest publication first (year order), then the newest id.
        return ((meta.get(i, empty).published or "") if sort != "year_asc" else "", i)

    before = 0  # matches in the years wholly before the page
    page: list[int] = []
    for bucket in buckets:
        n = len(bucket)
        if not page and before + n <= start:
            before += n
            continue
        need = stop - before - len(page)
        if need <= 0:
            break
        page.extend(heapq.nlargest(min(n, need), bucket, key=within_year))
    return page[start - before : stop - before]
