"""Search results kept for a while, and forgotten the moment the index changes.

Public search traffic repeats itself (the same few words, the same filters), and one search
costs 10–15 ms of CPU where the cache costs two round trips to Redis. A result is stored under
the index's *generation*, a token in the cache that every write through :mod:`search.services`
replaces (after the write, and after OpenSearch's refresh): a report indexed, withdrawn or held
back is visible to the next search, never one cached before it.

Keys also carry the deployment (:func:`build_id`: the templates and the static files' manifest),
so a page kept by the previous release — its markup, its hashed CSS and JS names — is never served
by the next one from the shared cache.

On by default only when the cache is shared by every process (``CACHE_URL``, Redis): with a
per-process cache, one process's write could not tell the others. ``SEARCH_RESULT_CACHE_SECONDS``
sets the lifetime (0: off). A cache that does not answer never fails a search: it is skipped.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from functools import cache as once
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from search.backends.base import SearchRequest, SearchResults

logger = logging.getLogger(__name__)

GENERATION_KEY = "search:generation"

T = TypeVar("T")


def lifetime() -> int:
    return int(getattr(settings, "SEARCH_RESULT_CACHE_SECONDS", 0) or 0)


def results_cached(
    request: SearchRequest, compute: Callable[[SearchRequest], SearchResults]
) -> SearchResults:
    """``compute(request)``, or what it gave for the same request since the index last changed."""
    return cached("results", request, compute)


def cached(kind: str, request: SearchRequest, compute: Callable[[SearchRequest], T]) -> T:
    """``compute(request)`` — a ``kind`` of answer made from nothing but the request and the
    index (results, a rendered page) — or what it gave for the same request since the index
    last changed."""
    seconds = lifetime()
    if seconds <= 0:
        return compute(request)
    try:
        key = f"search:{kind}:{build_id()}:{_generation()}:{_digest(request)}"
        stored = cache.get(key)
    except Exception:
        logger.warning("search result cache unavailable; searching without it", exc_info=True)
        return compute(request)
    if stored is not None:
        return stored
    results = compute(request)
    try:
        cache.set(key, results, seconds)
    except Exception:
        logger.warning("search result cache unavailable; result not kept", exc_info=True)
    return results


def index_changed() -> None:
    """Forget every cached result (call after the index was written)."""
    if lifetime() <= 0:
        return
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        # The results kept under the old token expire with their lifetime.
        logger.warning("search result cache unavailable; could not mark the index changed")


@once
def build_id() -> str:
    """This release's templates and static files' manifest, as one short hash (read once per
    process: a deployment starts new processes)."""
    digest = hashlib.sha256()
    for folder in (Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", ())):
        for path in sorted(folder.rglob("*.html")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def _generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        # First use, or evicted: a fresh token (never one an older result was stored under).
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return str(token)


def _digest(request: SearchRequest) -> str:
    return hashlib.sha256(repr(request).encode()).hexdigest()[:32]
