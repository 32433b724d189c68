"""The production backend: OpenSearch (opensearch-py), Chinese analyzers, alias-swapped indices.

- Text is analysed by :func:`search.analysis.analyse` before it is sent (Simplified, folded, no
  pinyin), so OpenSearch sees the same text the embedded backend tokenises.
- Every text field is indexed as ``zh_bigram`` (standard tokenizer + ``cjk_width`` +
  ``lowercase`` + ``cjk_bigram``: recall, phrases) with a ``.uni`` sub-field of single
  characters (one-character queries, ``2022年``), and a ``.smart`` sub-field analysed by
  ``smartcn`` (word level, ranking only) when the cluster has the ``analysis-smartcn`` plugin.
  Plugins are detected with ``_cat/plugins``; without smartcn the built-in analyzers are used and
  a warning is logged.
- Documents live in versioned indices (``<prefix>-<timestamp>``) behind the alias ``<prefix>``;
  :meth:`SearchBackend.rebuild` fills a new index and swaps the alias in one atomic
  ``_aliases`` call, so search never goes dark.
- Writes use the bulk API with retries (``streaming_bulk``, exponential back-off).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable
from typing import Any

from search.analysis import analyse
from search.backends.base import (
    FIGURES,
    BaseSearchBackend,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from search.query import ParsedQuery, Term

logger = logging.getLogger(__name__)

TITLE_BOOST = 4.0
TERMS_AGG_SIZE = 500


def analysis_settings(*, smartcn: bool) -> dict[str, Any]:
    """The ``settings.analysis`` block of the index template."""
    analyzers: dict[str, Any] = {
        # Lucene CJK bigrams on already-normalised text: the same tokens the embedded backend
        # indexes. cjk_width is a second line of defence for text not passed through analyse().
        "zh_bigram": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "cjk_bigram"],
        },
        # The standard tokenizer emits each ideograph alone: single-character queries.
        "zh_unigram": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase"],
        },
    }
    if smartcn:
        analyzers["zh_smart"] = {
            "type": "custom",
            "tokenizer": "smartcn_tokenizer",
            "filter": ["cjk_width", "lowercase"],
        }
    return {"analysis": {"analyzer": analyzers}}


def text_field(*, smartcn: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {"uni": {"type": "text", "analyzer": "zh_unigram"}}
    if smartcn:
        fields["smart"] = {"type": "text", "analyzer": "zh_smart"}
    return {"type": "text", "analyzer": "zh_bigram", "fields": fields}


def mappings() -> dict[str, Any]:
    """Field mappings (the text fields are filled in by :func:`index_template`)."""
    keyword = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "properties": {
            "doc_id": {"type": "long"},
            "title": {},  # text, see index_template
            "body": {},
            "title_display": {"type": "keyword", "index": False, "doc_values": False},
            "agency": keyword,
            "region": keyword,
            "region_code": keyword,
            "level": keyword,
            "year": {"type": "integer"},
            "published": {"type": "date", "format": "yyyy-MM-dd"},
            "url": {"type": "keyword", "index": False, "doc_values": False},
            "figures": {
                "properties": {name: {"type": "double"} for name in FIGURES},
            },
            # Original and analysed section text, for snippets (not searched).
            "sections": {"type": "object", "enabled": False},
            "norm": {"type": "object", "enabled": False},
        },
    }


def index_template(prefix: str, *, smartcn: bool) -> dict[str, Any]:
    """The composable index template for ``<prefix>-*`` (shown in docs/search.md)."""
    body = mappings()
    body["properties"]["title"] = text_field(smartcn=smartcn)
    body["properties"]["body"] = text_field(smartcn=smartcn)
    return {
        "index_patterns": [f"{prefix}-*"],
        "template": {
            "settings": {"number_of_shards": 1, **analysis_settings(smartcn=smartcn)},
            "mappings": body,
        },
        "priority": 100,
    }


def to_source(doc: SearchDocument) -> dict[str, Any]:
    """The JSON sent to OpenSearch for one document."""
    searchable_title = " ".join(p for p in (doc.title, doc.agency, doc.region) if p)
    from search.snippets import section_norm

    norm = section_norm(doc.sections)
    norm_sections: dict[str, str] = norm["sections"]  # type: ignore[assignment]
    return {
        "doc_id": doc.id,
        "title": analyse(searchable_title).text,
        "body": "\n".join(norm_sections.values()),
        "title_display": doc.title,
        "agency": doc.agency,
        "region": doc.region,
        "region_code": doc.region_code,
        "level": doc.level,
        "year": doc.year,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "figures": {k: v for k, v in doc.figures.items() if k in FIGURES and v is not None},
        "sections": doc.sections,
        "norm": norm,
    }


def from_source(source: dict[str, Any]) -> SearchDocument:
    """The stored document back: the same deserialiser as every backend's
    (:meth:`SearchDocument.from_json`); only the two field names the index renames differ
    (``doc_id`` is a number field, ``title`` holds the analysed, searchable copy)."""
    return SearchDocument.from_json(
        {**source, "id": source["doc_id"], "title": source.get("title_display")}
    )


# ---- queries --------------------------------------------------------------------------------


def _fields(term: Term) -> list[str]:
    if term.field == "uni":
        return [f"title.uni^{TITLE_BOOST}", "body.uni"]
    return [f"title^{TITLE_BOOST}", "body"]


def term_query(term: Term) -> dict[str, Any]:
    """One query term, with the semantics of :mod:`search.query`."""
    text = " ".join(term.tokens) if term.field == "uni" else term.text
    if term.phrase:
        return {"multi_match": {"query": text, "type": "phrase", "fields": _fields(term)}}
    # cross_fields + and: every token must occur, in the title or in the body.
    return {
        "multi_match": {
            "query": text,
            "type": "cross_fields",
            "operator": "and",
            "fields": _fields(term),
        }
    }


def build_query(query: ParsedQuery, request: SearchRequest, *, smartcn: bool) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    for group in query.groups:
        if len(group) == 1:
            must.append(term_query(group[0]))
        else:
            must.append(
                {"bool": {"should": [term_query(t) for t in group], "minimum_should_match": 1}}
            )
    should: list[dict[str, Any]] = []
    if smartcn:
        # Word-level scoring: a document with 公开 as a word ranks above one where the
        # characters only meet across a word boundary. Ranking only; matching is the bigrams'.
        should = [
            {"match": {"body.smart": {"query": t.text}}}
            for t in query.positive_terms
            if t.field == "bi"
        ]
    filters: list[dict[str, Any]] = []
    if request.regions:
        filters.append({"terms": {"region": list(request.regions)}})
    if request.agency:
        filters.append({"term": {"agency": request.agency}})
    if request.level:
        filters.append({"term": {"level": request.level}})
    if request.year_from is not None or request.year_to is not None:
        rng: dict[str, int] = {}
        if request.year_from is not None:
            rng["gte"] = request.year_from
        if request.year_to is not None:
            rng["lte"] = request.year_to
        filters.append({"range": {"year": rng}})
    for name, (lo, hi) in request.figures.items():
        bounds: dict[str, float] = {}
        if lo is not None:
            bounds["gte"] = lo
        if hi is not None:
            bounds["lte"] = hi
        if bounds:
            filters.append({"range": {f"figures.{name}": bounds}})
    bool_query: dict[str, Any] = {
        "must": must or [{"match_all": {}}],
        "filter": filters,
        "must_not": [term_query(t) for t in query.excluded],
    }
    if should:
        bool_query["should"] = should
    return {"bool": bool_query}


def sort_clause(request: SearchRequest, query: ParsedQuery) -> list[Any]:
    tiebreak = {"doc_id": {"order": "desc"}}
    if request.sort == "year":
        return [{"year": {"order": "desc", "missing": "_last"}}, {"published": "desc"}, tiebreak]
    if request.sort == "year_asc":
        return [{"year": {"order": "asc", "missing": "_last"}}, {"doc_id": {"order": "asc"}}]
    if request.sort == "published":
        return [{"published": {"order": "desc", "missing": "_last"}}, {"year": "desc"}, tiebreak]
    if request.sort == "applications":
        return [
            {"figures.t3_new": {"order": "desc", "missing": "_last"}},
            {"year": "desc"},
            tiebreak,
        ]
    if not query.positive_terms:
        return [{"year": {"order": "desc", "missing": "_last"}}, {"published": "desc"}, tiebreak]
    return ["_score", tiebreak]


# ---- the backend ----------------------------------------------------------------------------


class SearchBackend(BaseSearchBackend):
    """OpenSearch. Options: ``URL`` (or ``HOSTS``), ``INDEX`` (alias/prefix), ``TIMEOUT``,
    ``MAX_RETRIES``, ``OPTIONS`` (extra keyword arguments for ``OpenSearch(...)``)."""

    name = "opensearch"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        from opensearchpy import OpenSearch

        hosts = options.get("HOSTS") or [options.get("URL") or "http://localhost:9200"]
        self.alias = options.get("INDEX") or "gxnb-reports"
        self.max_retries = int(options.get("MAX_RETRIES", 3))
        self.client = OpenSearch(
            hosts=hosts,
            timeout=float(options.get("TIMEOUT", 10)),
            **(options.get("OPTIONS") or {}),
        )
        self._plugins: set[str] | None = None
        self._ready = False

    # -- cluster setup -------------------------------------------------------------------------

    @property
    def plugins(self) -> set[str]:
        if self._plugins is None:
            rows = self.client.cat.plugins(format="json")
            self._plugins = {r.get("component", "") for r in rows or []}
        return self._plugins

    @property
    def smartcn(self) -> bool:
        return "analysis-smartcn" in self.plugins

    def ensure_index(self) -> None:
        """Put the template; create the first versioned index behind the alias if none."""
        if self._ready:
            return
        if not self.smartcn:
            logger.warning(
                "OpenSearch has no analysis-smartcn plugin: indexing with the built-in "
                "cjk bigram analyzers only (word-level ranking is off)"
            )
        self.client.indices.put_index_template(
            name=self.alias, body=index_template(self.alias, smartcn=self.smartcn)
        )
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            self.client.indices.create(index=name)
            self.client.indices.put_alias(index=name, name=self.alias)
        self._ready = True

    def _new_index_name(self) -> str:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-{stamp}"

    def _alias_targets(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias).keys())

    # -- writes --------------------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDocument]) -> int:
        self.ensure_index()
        try:
            count = self._bulk(
                self.alias, ({"_id": str(d.id), "_source": to_source(d)} for d in docs)
            )
            self.client.indices.refresh(index=self.alias)
        except Exception:
            # The cluster may have restarted without its data: check the template and alias
            # again on the next write instead of trusting the cached state.
            self._ready = False
            raise
        return count

    def _bulk(self, index: str, actions: Iterable[dict[str, Any]]) -> int:
        from opensearchpy.helpers import streaming_bulk

        count = 0
        for ok, item in streaming_bulk(
            self.client,
            ({"_index": index, **a} for a in actions),
            chunk_size=200,
            max_retries=self.max_retries,
            initial_backoff=1,
            raise_on_error=True,
        ):
            if ok:
                count += 1
            else:  # pragma: no cover - raise_on_error raises first
                logger.error("bulk item failed: %s", item)
        return count

    def delete(self, ids: Iterable[int]) -> None:
        self.ensure_index()
        actions = ({"_op_type": "delete", "_id": str(i)} for i in ids)
        from opensearchpy.helpers import streaming_bulk

        for _ok, _item in streaming_bulk(
            self.client,
            ({"_index": self.alias, **a} for a in actions),
            max_retries=self.max_retries,
            raise_on_error=False,  # deleting an unknown id is not an error
        ):
            pass
        self.client.indices.refresh(index=self.alias)

    def clear(self) -> None:
        self.ensure_index()
        self.client.delete_by_query(
            index=self.alias, body={"query": {"match_all": {}}}, refresh=True
        )

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Fill a new versioned index, then point the alias at it in one atomic call."""
        self.ensure_index()
        new = self._new_index_name()
        self.client.indices.create(index=new)
        try:
            count = self._bulk(new, ({"_id": str(d.id), "_source": to_source(d)} for d in docs))
            self.client.indices.refresh(index=new)
        except Exception:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        old = self._alias_targets()
        actions: list[dict[str, Any]] = [{"add": {"index": new, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
        self.client.indices.update_aliases(body={"actions": actions})
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        return count

    # -- reads ---------------------------------------------------------------------------------

    def get(self, doc_id: int) -> SearchDocument | None:
        self.ensure_index()
        from opensearchpy.exceptions import NotFoundError

        try:
            res = self.client.get(index=self.alias, id=str(doc_id))
        except NotFoundError:
            return None
        return from_source(res["_source"])

    def count(self) -> int:
        self.ensure_index()
        return int(self.client.count(index=self.alias)["count"])

    def search(self, request: SearchRequest) -> SearchResults:
        from search.snippets import make_snippets, stored_loader

        self.ensure_index()
        query = request.parsed
        body: dict[str, Any] = {
            "query": build_query(query, request, smartcn=self.smartcn),
            "sort": sort_clause(request, query),
            "from": request.offset,
            "size": request.per_page,
            "track_total_hits": True,
            "_source": {"excludes": ["title", "body"]},
        }
        if request.facets:
            largest = min(request.facet_limit or TERMS_AGG_SIZE, TERMS_AGG_SIZE)
            body["aggs"] = {
                "year": {"terms": {"field": "year", "size": TERMS_AGG_SIZE}},
                "region": {"terms": {"field": "region", "size": largest}},
                "level": {"terms": {"field": "level", "size": 10}},
                "agency": {"terms": {"field": "agency", "size": largest}},
            }
        res = self._search_with_retry(body)
        hits: list[SearchHit] = []
        for h in res["hits"]["hits"]:
            doc = from_source(h["_source"])
            snippets = []
            if request.snippets:
                norm = h["_source"].get("norm") or {}
                snippets = make_snippets(
                    doc.sections,
                    query,
                    loader=stored_loader(
                        norm.get("sections") or {}, norm.get("aligned") or [], norm.get("breaks")
                    ),
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
                    score=h.get("_score"),
                    snippets=snippets,
                )
            )
        facets: dict[str, dict[str, int]] = {}
        if request.facets:
            aggs = res.get("aggregations") or {}
            years = {str(b["key"]): b["doc_count"] for b in aggs.get("year", {}).get("buckets", [])}
            facets = {
                "year": dict(sorted(years.items(), reverse=True)),
                "region": {
                    b["key"]: b["doc_count"] for b in aggs.get("region", {}).get("buckets", [])
                },
                "level": {
                    b["key"]: b["doc_count"] for b in aggs.get("level", {}).get("buckets", [])
                },
                "agency": {
                    b["key"]: b["doc_count"] for b in aggs.get("agency", {}).get("buckets", [])
                },
            }
        total = res["hits"]["total"]
        return SearchResults(
            total=int(total["value"] if isinstance(total, dict) else total),
            page=request.page,
            per_page=request.per_page,
            hits=hits,
            facets=facets,
        )

    def _search_with_retry(self, body: dict[str, Any]) -> dict[str, Any]:
        from opensearchpy.exceptions import ConnectionError as OSConnectionError
        from opensearchpy.exceptions import ConnectionTimeout

        for attempt in range(self.max_retries + 1):
            try:
                return self.client.search(index=self.alias, body=body)
            except (OSConnectionError, ConnectionTimeout):
                if attempt == self.max_retries:
                    raise
                time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")

    def check(self) -> list[str]:
        try:
            self.client.info()
        except Exception as exc:  # any transport problem is the operator's to fix
            return [f"无法连接 OpenSearch：{exc}"]
        return []
