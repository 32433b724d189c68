"""The embedded backend: SQLite FTS5 over pre-tokenised Chinese text, beside the Django database.

Layout (one SQLite file of its own, ``var/search.sqlite3`` by default, so index writes never lock
the portal's database and a rebuild can swap the whole file)::

    doc      one row per report: metadata, figures, the original sections (JSON) and their
             analysed copy (JSON) — what results, filters and snippets read
    fts      FTS5, detail=full, contentless: columns title / body (character bigrams),
             meta (filter tokens: _y2022, _lgov, _r…, _a…, _f…, _all). The bigram stream also
             holds each run's last character (``analysis.index_tokens``), so one-character
             queries are prefix queries (``税*``) on the same positions

    fts_ids  detail=none (rowids only, a fraction of the size), one column ``t`` with the same
             tokens (detail=none has no column filters; filter tokens start with ``_``, which no
             text token can)

Why two FTS tables: a two-character word is in most reports, and both counting its matches
(total, facets) and ranking them are what make a naive FTS5 set-up slow. Counting reads
``fts_ids`` (no positions to decode). Ranking never runs over every match: BM25 is computed
only for a bounded candidate set — the ``RANK_CANDIDATES`` most recently indexed matches,
selected by a rowid range, which FTS5 answers by seeking in its doclists — and filters are
tokens inside the MATCH, so the range holds only documents that pass them. A query that
matches fewer documents than the bound is ranked exactly.

Phrases need positions, so they are checked on ``fts``; when a phrase's candidates (all its
bigrams present, from ``fts_ids``) exceed ``EXACT_PHRASE_LIMIT`` (5,000), the total and facets
are the candidates' (``total_exact`` is then False) — the ``track_total_hits`` trade-off
OpenSearch makes.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import logging
import os
import sqlite3
import threading
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

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
from search.snippets import make_snippets, section_norm, stored_loader

logger = logging.getLogger(__name__)

# Bump when analysis or tokenisation changes: documents must then be re-tokenised (a contentless
# FTS5 table deletes a row by being given the same tokens it was indexed with).
ANALYSIS_VERSION = "4"

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
    out.extend(filter_token("f", rule) for rule in doc.findings)
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
    def ids_text(self) -> str:
        return ids_text(self.title, self.body, self.meta)


def ids_text(title: str, body: str, meta: str) -> str:
    """The single column of ``fts_ids``."""
    return " ".join(p for p in (title, body, meta) if p)


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


def _term_expr(term: Term, *, positions: bool) -> str:
    tokens = fts_tokens(term)
    cols = "{title body} : " if positions else ""
    if term.phrase and positions and len(tokens) > 1:
        # FTS5 allows a prefix only on a phrase's last token, which is where fts_tokens puts it.
        last_prefix = tokens[-1][1]
        return cols + _token(" ".join(t for t, _ in tokens), last_prefix)
    if not term.phrase or not positions:
        # An unquoted word: its tokens present. A run-final character only matters for
        # adjacency, so the word form drops it (a document's run may go on past it).
        tokens = [(t, p) for t, p in tokens if p or len(t) != 1 or t[0] < "\u3400"] or tokens
    if len(tokens) == 1:
        return cols + _token(*tokens[0])
    return cols + "(" + " AND ".join(_token(t, p) for t, p in tokens) + ")"


def _meta_expr(tokens: Sequence[str], *, positions: bool) -> str:
    inner = " OR ".join(_quote(t) for t in tokens)
    return f"(meta : ({inner}))" if positions else f"({inner})"


def match_expression(
    query: ParsedQuery, filters: Sequence[Sequence[str]], *, positions: bool
) -> str:
    """The FTS5 MATCH string: query groups AND filter groups, NOT exclusions.

    ``filters`` is a list of OR-groups of meta tokens. With ``positions=False`` phrases become
    "all tokens present" (``fts_ids`` has no positions): a superset of the phrase's matches.
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


class SearchBackend(BaseSearchBackend):
    """SQLite FTS5. Options: ``PATH`` (file), ``RANK_CANDIDATES``, ``EXACT_PHRASE_LIMIT``."""

    name = "sqlite"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.path = Path(options.get("PATH") or _default_path())
        self.rank_candidates = int(options.get("RANK_CANDIDATES", 1000))
        self.exact_phrase_limit = int(options.get("EXACT_PHRASE_LIMIT", 5000))
        self._local = threading.local()
        self._meta_lock = threading.Lock()
        self._meta_key: tuple[Any, ...] | None = None
        self._meta: dict[int, _Meta] = {}
        self._facet_maps: tuple[dict[int, int], list[tuple[str | None, ...]]] = ({}, [])

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
                self._delete_ids(conn, [p.doc.id for p in prepared])
                _insert(conn, prepared)
                _bump_generation(conn)
            count += len(prepared)
        return count

    def delete(self, ids: Iterable[int]) -> None:
        conn = self.conn
        with _transaction(conn):
            self._delete_ids(conn, list(ids))
            _bump_generation(conn)

    def _delete_ids(self, conn: sqlite3.Connection, ids: list[int]) -> None:
        if not ids:
            return
        rows = conn.execute(
            f"SELECT id, data, norm FROM doc WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        for doc_id, data, norm in rows:
            # Contentless FTS5 deletes by being handed the indexed tokens again; the analysed
            # text kept in ``norm`` regenerates them exactly (same ANALYSIS_VERSION).
            old = _tokens_from_norm(SearchDocument.from_json(_unpack(data)), _unpack(norm))
            conn.execute(
                "INSERT INTO fts(fts, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)",
                (doc_id, *old),
            )
            conn.execute(
                "INSERT INTO fts_ids(fts_ids, rowid, t) VALUES ('delete', ?, ?)",
                (doc_id, ids_text(*old)),
            )
            conn.execute("DELETE FROM doc WHERE id = ?", (doc_id,))

    def clear(self) -> None:
        conn = self.conn
        with _transaction(conn):
            for table in ("doc", "fts", "fts_ids"):
                conn.execute(f"DELETE FROM {table}")
            _bump_generation(conn)

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Build a new file beside the live one, then swap it in with one atomic rename.

        With ``WORKERS`` > 1, analysis runs in worker processes while this process writes the
        previous batch (off by default: on two shared cores, pickling the token text cost more
        than it saved); the new file is written without a journal — if the
        build dies, the half-built file is simply deleted next time and the live one is intact.
        """
        building = self.path.with_name(self.path.name + ".building")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        conn = self._connect(building)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        count = 0
        workers = int(self.options.get("WORKERS") or 1)
        try:
            for prepared in _prepare_pipelined(docs, workers):
                conn.execute("BEGIN")
                _insert(conn, prepared)
                conn.execute("COMMIT")
                count += len(prepared)
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            conn.execute("INSERT INTO fts_ids(fts_ids) VALUES ('optimize')")
            _bump_generation(conn)
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
        row = self.conn.execute("SELECT data FROM doc WHERE id = ?", (doc_id,)).fetchone()
        return SearchDocument.from_json(_unpack(row[0])) if row else None

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM doc").fetchone()[0]

    def search(self, request: SearchRequest) -> SearchResults:

        query = request.parsed
        conn = self.conn
        meta = self._metadata(conn)
        token_filters = _token_filters(request)
        positions = _has_positions(query)
        ids_expr = match_expression(query, token_filters, positions=False)
        full_expr = match_expression(query, token_filters, positions=True)

        ids = _match_ids(conn, "fts_ids", ids_expr)
        total_exact = True
        if positions:
            if len(ids) <= self.exact_phrase_limit:
                ids = _match_ids(conn, "fts", full_expr)
            else:
                total_exact = False
        sql_filter = _figure_filter_ids(conn, request)
        if sql_filter is not None:
            ids = [i for i in ids if i in sql_filter]

        facets: dict[str, dict[str, int]] = {}
        if request.facets:
            facets = _facets(ids, self._facet_maps)

        page_ids, scores = self._order(
            conn, request, query, full_expr, ids, meta, sql_filter, exact=total_exact
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
        ids: list[int],
        meta: dict[int, _Meta],
        allowed: set[int] | None,
        *,
        exact: bool = True,
    ) -> tuple[list[int], dict[int, float]]:
        """One page of ids. With ``exact`` False, ``ids`` are phrase candidates: only ids
        verified to hold the phrase are returned."""
        start, stop = request.offset, request.offset + request.per_page
        if not ids or start >= len(ids):
            return [], {}
        if request.sort != "relevance" or not query.positive_terms:
            if exact:
                return _sorted_page(ids, meta, request.sort, start, stop), {}
            ordered = _sorted_page(ids, meta, request.sort, 0, len(ids))
            return _verified(conn, ordered, query, stop)[start:stop], {}
        # Relevance: BM25 over a bounded candidate set — the newest matches by rowid.
        newest_first = ids[::-1]  # _match_ids returns rowid order
        window = self.rank_candidates
        id_set = set(ids) if allowed is not None else None
        while True:
            bound = newest_first[min(len(newest_first), window) - 1]
            rows = conn.execute(
                "SELECT rowid, bm25(fts, ?, ?, ?) AS r FROM fts "
                "WHERE fts MATCH ? AND rowid >= ? ORDER BY r",
                (*_WEIGHTS, full_expr, bound),
            ).fetchall()
            ranked = [(rid, -score) for rid, score in rows if id_set is None or rid in id_set]
            # Candidates that fail the phrase thin the window out: widen it until the page is
            # full or every candidate was looked at.
            if exact or len(ranked) >= stop or window >= len(newest_first):
                break
            window *= 4
        ranked_ids = [rid for rid, _ in ranked]
        scores = dict(ranked)
        if stop <= len(ranked_ids) or not exact:
            return ranked_ids[start:stop], scores
        # Past the ranked window (deep pages): the older matches, newest first.
        seen = set(ranked_ids)
        rest = [i for i in newest_first if i not in seen]
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
            _, data, norm_json = by_id[doc_id]
            doc = SearchDocument.from_json(_unpack(data))
            snippets = []
            if query is not None:
                norm = _unpack(norm_json)
                snippets = make_snippets(
                    doc.sections,
                    query,
                    loader=stored_loader(norm["sections"], norm["aligned"], norm.get("breaks")),
                )
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

    def _metadata(self, conn: sqlite3.Connection) -> dict[int, _Meta]:
        """Facet/sort values of every document, cached until the index changes."""
        key = (_inode(self.path), _generation(conn))
        with self._meta_lock:
            if key != self._meta_key:
                self._meta = {
                    r[0]: _Meta(r[1], r[2] or "", r[3] or "", r[4] or "", r[5])
                    for r in conn.execute(
                        "SELECT id, year, region, level, published, t3_new FROM doc"
                    )
                }
                # Each report's (year, region, level) as one small integer: the facets are then
                # one Counter(map(dict.get, ids)) pass, which runs in C — a common word matches
                # most of the collection.
                combos: dict[tuple[str | None, str | None, str | None], int] = {}
                combo_of: dict[int, int] = {}
                for i, m in self._meta.items():
                    combo = (str(m.year) if m.year else None, m.region or None, m.level or None)
                    combo_of[i] = combos.setdefault(combo, len(combos))
                self._facet_maps = (combo_of, list(combos))
                self._meta_key = key
            return self._meta

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


# ---- helpers --------------------------------------------------------------------------------


def _pack(value: Any) -> bytes:
    # Report text compresses ~2.5×; the doc table would otherwise be as large as the index.
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 1)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


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
            data BLOB NOT NULL, norm BLOB NOT NULL{figure_cols}
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
            title, body, meta, content='', tokenize="{_TOKENIZER}"
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS fts_ids USING fts5(
            t, content='', detail=none, tokenize="{_TOKENIZER}"
        );
        INSERT OR IGNORE INTO meta VALUES ('generation', '0');
        INSERT OR IGNORE INTO meta VALUES ('analysis_version', '{ANALYSIS_VERSION}');
        """
    )


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


def _generation(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return row[0] if row else "0"


def _insert(conn: sqlite3.Connection, prepared: list[_Prepared]) -> None:
    figure_names = list(FIGURES)
    conn.executemany(
        f"INSERT INTO doc (id, year, region, level, published, data, norm, "
        f"{', '.join(figure_names)}) VALUES ({', '.join('?' * (7 + len(figure_names)))})",
        [
            (
                p.doc.id,
                p.doc.year,
                p.doc.region,
                p.doc.level,
                p.doc.published.isoformat() if p.doc.published else "",
                _pack(p.doc.to_json()),
                _pack(p.norm),
                *(p.doc.figures.get(name) for name in figure_names),
            )
            for p in prepared
        ],
    )
    conn.executemany(
        "INSERT INTO fts(rowid, title, body, meta) VALUES (?, ?, ?, ?)",
        [(p.doc.id, p.title, p.body, p.meta) for p in prepared],
    )
    conn.executemany(
        "INSERT INTO fts_ids(rowid, t) VALUES (?, ?)", [(p.doc.id, p.ids_text) for p in prepared]
    )


def _tokens_from_norm(doc: SearchDocument, norm: dict[str, Any]) -> tuple[str, str, str]:
    title_norm = norm["title"]
    body_norm = "\n".join(norm["sections"].values())
    return (
        " ".join(index_tokens(title_norm)),
        " ".join(index_tokens(body_norm)),
        " ".join(meta_tokens(doc)),
    )


def _prepare_pipelined(docs: Iterable[SearchDocument], workers: int) -> Iterator[list[_Prepared]]:
    """Prepared batches in order; with workers > 1 and enough documents, the next batch is
    analysed in worker processes while the caller writes the current one."""
    batches = _batches(docs, 500)
    first = next(batches, None)
    if first is None:
        return
    if workers <= 1 or len(first) < 500:
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
    groups.extend([filter_token("f", rule)] for rule in request.findings)
    return [g for g in groups if g]


def _figure_filter_ids(conn: sqlite3.Connection, request: SearchRequest) -> set[int] | None:
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
    return {r[0] for r in conn.execute(sql, args)}


def _match_ids(conn: sqlite3.Connection, table: str, expr: str) -> list[int]:
    try:
        # One string from SQLite instead of a Python tuple per row: a common word matches
        # most of the collection, and this is the part of the query that grows with it.
        row = conn.execute(
            f"SELECT group_concat(rowid, ' ') FROM (SELECT rowid FROM {table}(?) ORDER BY rowid)",
            (expr,),
        ).fetchone()
        return list(map(int, row[0].split())) if row and row[0] else []
    except sqlite3.OperationalError as exc:
        # The expression is built from analysed tokens only, so this is not user syntax; log
        # it and answer "nothing found" rather than fail the page.
        logger.error("FTS5 query failed: %s (%s)", expr, exc)
        return []


def _facets(
    ids: list[int], maps: tuple[dict[int, int], list[tuple[str | None, ...]]]
) -> dict[str, dict[str, int]]:
    combo_of, combos = maps
    per_combo = Counter(map(combo_of.get, ids))
    per_combo.pop(None, None)
    counters: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for combo, n in per_combo.items():
        for counter, value in zip(counters, combos[combo], strict=True):  # type: ignore[index]
            if value:
                counter[value] += n
    years, regions, levels = counters
    return {
        "year": dict(sorted(years.items(), reverse=True)),
        "region": dict(regions.most_common()),
        "level": dict(levels.most_common()),
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
            f"SELECT id, norm FROM doc WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
        norms = {r[0]: _unpack(r[1]) for r in rows}
        for doc_id in chunk:
            norm = norms.get(doc_id)
            if norm is None:
                continue
            texts = [norm.get("title", ""), *norm["sections"].values()]
            if all(any(match_spans(texts, _PQ(raw="", groups=((t,),)))) for t in phrases):
                out.append(doc_id)
                if len(out) >= stop:
                    return out
    return out


def _sorted_page(
    ids: list[int], meta: dict[int, _Meta], sort: str, start: int, stop: int
) -> list[int]:
    """One page of ``ids`` in a field order (ties: newest report id first)."""
    empty = _Meta(None, "", "", "", None)

    def key(i: int) -> tuple[Any, ...]:
        m = meta.get(i, empty)
        if sort == "published":
            return (m.published or "", m.year or 0, i)
        if sort == "year_asc":
            return (-(m.year or 9999), "", i)
        if sort == "applications":
            return (m.applications if m.applications is not None else -1.0, m.year or 0, i)
        return (m.year or 0, m.published or "", i)

    return heapq.nlargest(stop, ids, key=key)[start:stop]
