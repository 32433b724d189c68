"""Highlighted snippets, shared by every backend.

Matching runs on the analysed copy of a section (Simplified, folded); the marks are then mapped
back to the report's own text, so a Traditional report shows its own characters with the
Simplified query's words marked. Everything outside the marks is HTML-escaped: a report that
contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from operator import itemgetter

from search.analysis import CJK, Analysed, analyse, units
from search.backends.base import Snippet
from search.query import ParsedQuery, Term

SNIPPET_CHARS = 90
MAX_SNIPPETS = 3
# Document parts quoted only when no other part holds the query's words: the list of section
# headings matches the standard words every report has, and says nothing of this report.
FALLBACK_SECTIONS = frozenset({"headings"})

_SEP_ANY = f"[^{CJK}0-9a-z]*"
_SEP_SOME = f"[^{CJK}0-9a-z]+"


@lru_cache(maxsize=1024)
def _term_patterns(term: Term) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """The whole-term pattern and, for unquoted terms, one pattern per token (fallback)."""
    parts: list[str] = []
    previous = None
    for unit in units(term.text):
        if previous is not None:
            gap = term.text[previous.end : unit.start]
            if previous.cjk and unit.cjk and not gap and term.field == "bi":
                pass  # same run of ideographs: adjacent in the text too
            elif previous.cjk and unit.cjk and term.field == "bi":
                parts.append(_SEP_SOME)  # bigrams do not cross the gap, so the text has one
            else:
                parts.append(_SEP_ANY)
        parts.append(_literal(unit.text, unit.cjk))
        previous = unit
    whole = re.compile("".join(parts))
    tokens: tuple[re.Pattern[str], ...] = ()
    if not term.phrase and len(term.tokens) > 1:
        tokens = tuple(re.compile(_literal(t, t[0] >= "\u3400")) for t in term.tokens)
    return whole, tokens


def _literal(text: str, cjk: bool) -> str:
    if cjk:
        return re.escape(text)
    # A Latin/digit word matches whole words only, as the tokenizer does.
    return f"(?<![0-9a-z]){re.escape(text)}(?![0-9a-z])"


def match_spans(texts: Iterable[str], query: ParsedQuery) -> list[list[tuple[int, int]]]:
    """Spans (in each normalised text) of the query's positive terms, merged and sorted.

    An unquoted term whose words never occur side by side in any of ``texts`` (it matched as
    separate bigrams) gets each of its tokens marked instead.
    """
    texts = list(texts)
    patterns = _patterns_found(texts, query)
    return [_spans(text, patterns) for text in texts]


def _spans(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    return _merge([m.span() for p in patterns for m in p.finditer(text) if m.end() > m.start()])


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def mark(original: str, analysed: Analysed, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    """Escaped ``original`` between normalised offsets lo..hi, with the spans marked."""
    first = bisect_right(spans, (lo, lo))  # spans are sorted and disjoint
    if first and spans[first - 1][1] > lo:
        first -= 1
    out: list[str] = []
    if analysed.aligned:  # one character for one: normalised offsets are original offsets
        pos = lo
        for s, e in spans[first:]:
            if s >= hi:
                break
            ms = s if s > pos else pos
            me = e if e < hi else hi
            out.append(escape(original[pos:ms]))
            out.append(f"<mark>{escape(original[ms:me])}</mark>")
            pos = me
        out.append(escape(original[pos:hi]))
        return "".join(out)
    o_lo, _ = analysed.original_span(lo, lo + 1) if lo < len(analysed.text) else (len(original), 0)
    _, o_hi = analysed.original_span(hi - 1, hi) if hi > 0 else (0, 0)
    pos = o_lo
    for s, e in spans[first:]:
        if s >= hi:
            break
        ms, me = analysed.original_span(max(s, lo), min(e, hi))
        if ms < pos:
            ms = pos
        out.append(escape(original[pos:ms]))
        out.append(f"<mark>{escape(original[ms:me])}</mark>")
        pos = me
    out.append(escape(original[pos:o_hi]))
    return "".join(out)


@dataclass(slots=True)
class _Section:
    key: str
    original: str
    analysed: Analysed
    spans: list[tuple[int, int]]


SectionLoader = Callable[[str, str], Analysed]


def _default_loader(key: str, text: str) -> Analysed:
    return analyse(text, keep_offsets=True)


def stored_loader(
    norm_sections: Mapping[str, str],
    aligned: Iterable[str],
    breaks: Mapping[str, list[list[int]]] | None = None,
) -> SectionLoader:
    """A loader using the analysed text a backend stored: sections aligned one to one with the
    original need nothing more; the others use their stored offset breaks, or are analysed
    again when none were stored."""
    aligned_set = set(aligned)
    breaks = breaks or {}

    def load(key: str, text: str) -> Analysed:
        if key in norm_sections:
            if key in aligned_set:
                return Analysed(norm_sections[key], mapped=True)
            if key in breaks:
                return Analysed.from_breaks(norm_sections[key], breaks[key])
        return analyse(text, keep_offsets=True)

    return load


def section_norm(sections: Mapping[str, str]) -> dict[str, object]:
    """What a backend stores beside the original sections so snippets need no re-analysis."""
    norm: dict[str, str] = {}
    aligned: list[str] = []
    breaks: dict[str, list[tuple[int, int, int]]] = {}
    for key, text in sections.items():
        analysed = analyse(text or "", keep_offsets=True)
        norm[key] = analysed.text
        if analysed.aligned:
            aligned.append(key)
        else:
            breaks[key] = analysed.breaks()
    return {"sections": norm, "aligned": aligned, "breaks": breaks}


def make_snippets(
    sections: Mapping[str, str],
    query: ParsedQuery,
    *,
    loader: SectionLoader = _default_loader,
    limit: int = MAX_SNIPPETS,
    width: int = SNIPPET_CHARS,
) -> list[Snippet]:
    """Up to ``limit`` fragments of about ``width`` characters around the matched words.

    Sections holding more of the query's terms come first (ties: section order); fragments
    are returned in section order (the document's order of its parts). Parts named in
    ``FALLBACK_SECTIONS`` are quoted only when no other part matches. With no positive term,
    the opening of the first non-empty section.
    """
    items = [(k, v) for k, v in sections.items() if v and v.strip()]
    main = [(k, v) for k, v in items if k not in FALLBACK_SECTIONS]
    if not items:
        return []
    if not query.positive_terms:
        items = main or items
        key, text = items[0]
        analysed = loader(key, text)
        end = min(len(analysed.text), width)
        html = mark(text, analysed, [], 0, end) if end else ""
        return [Snippet(key, html + ("…" if end < len(analysed.text) else ""))]
    analysed_items = [(k, v, loader(k, v)) for k, v in items]
    patterns = _patterns_found([a.text for _, _, a in analysed_items], query)
    # Which patterns a section holds needs one search each, stopping at the first match; the
    # spans are collected only for the sections shown.
    found = [
        (sum(1 for p in patterns if p.search(a.text)), order, k, v, a)
        for order, (k, v, a) in enumerate(analysed_items)
    ]
    found = [f for f in found if f[0]]
    if any(f[2] not in FALLBACK_SECTIONS for f in found):
        found = [f for f in found if f[2] not in FALLBACK_SECTIONS]
    found.sort(key=lambda f: (-f[0], f[1]))
    out: list[Snippet] = []
    for _, _, key, original, analysed in sorted(found[:limit], key=itemgetter(1)):
        sec = _Section(key, original, analysed, _spans(analysed.text, patterns))
        lo, hi = _window(sec, width)
        html = mark(sec.original, sec.analysed, sec.spans, lo, hi)
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(sec.analysed.text) else ""
        out.append(Snippet(sec.key, f"{prefix}{html}{suffix}"))
    return out


def _patterns_found(texts: list[str], query: ParsedQuery) -> list[re.Pattern[str]]:
    """The patterns marked for the query's positive terms: each term's whole pattern, or, for
    an unquoted term whose words never occur side by side in ``texts``, one per token."""
    out: list[re.Pattern[str]] = []
    for term in query.positive_terms:
        whole, tokens = _term_patterns(term)
        if tokens and not any(m.end() > m.start() for t in texts for m in whole.finditer(t)):
            out.extend(tokens)
        else:
            out.append(whole)
    return out


def _window(sec: _Section, width: int) -> tuple[int, int]:
    """The window of ``width`` normalised characters holding the most marks: for each mark, the
    window starting a little before it, counting the marks that end inside it."""
    size = len(sec.analysed.text)
    spans = sec.spans
    ends = [e for _, e in spans]  # sorted: the spans are disjoint
    best, best_count = (0, min(size, width)), -1
    back = width // 4
    for i, (s, _) in enumerate(spans):
        if len(spans) - i <= best_count:
            break  # too few marks left to do better
        lo = s - back if s > back else 0
        hi = lo + width if lo + width < size else size
        count = bisect_right(ends, hi, i) - i
        if count > best_count:
            best, best_count = (lo, hi), count
    return best


def highlight(text: str, query: ParsedQuery) -> str:
    """The whole ``text`` escaped, with the query's words marked (report page, titles)."""
    analysed = analyse(text, keep_offsets=True)
    spans = match_spans([analysed.text], query)[0] if query.positive_terms else []
    return mark(text, analysed, spans, 0, len(analysed.text))
