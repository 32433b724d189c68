"""Chinese text analysis for search: one function for documents and queries alike.

``analyse(text)`` gives the copy of a text that search matches on:

1. pinyin noise removed (``報(bào)告`` → ``報告``; copying sites insert it),
2. width folded (full-width digits, letters and punctuation → half-width),
3. Taiwan phrasing mapped back to mainland wording through a short curated list — only when
   the text shows that a Taiwan-phrase converter ran over it (see ``TAIWAN_PHRASES``),
4. Traditional → Simplified with OpenCC ``t2s`` (character and phrase level, never ``tw2sp``:
   that converter rewrites correct mainland text, 规范性文件 → 规范性文档, 建立 → 创建),
5. Latin letters lower-cased.

Steps 1, 2 and 4 are the parser's own normalisation (``reader.textnorm``), so a
word the parser recognises is the word search recognises.

The original text is never changed: with ``keep_offsets=True`` the result carries, for every
character of the normalised copy, the span of the original it came from, so snippets can mark
the matched words in the report's own script.

Tokens (``units``, ``unigrams``, ``bigrams``) are what the embedded backend indexes; OpenSearch
tokenises the same normalised text itself with equivalent analyzers (``docs/search.md``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from reader.textnorm import fold_width, strip_pinyin, to_simplified

# CJK ideographs: unified, extension A, compatibility, extensions B+ (rare place-name characters).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{CJK}]")
# A unit is one ideograph or one run of Latin letters/digits; decimals and dotted names stay one
# unit ("5098.4139", "ipv6") — the same split Lucene's standard tokenizer makes.
_WORD = r"[0-9a-z]+(?:[._][0-9a-z]+)*"
_UNIT_RE = re.compile(f"([{CJK}]+)|({_WORD})")
_RUN_RE = re.compile(f"[{CJK}]+|{_WORD}")
CJK_RUN = _RUN_RE  # runs of ideographs and Latin/digit words, for backends
_UNIGRAM_RE = re.compile(f"[{CJK}]|{_WORD}")

# Taiwan phrasing → mainland wording. Mirror sites run reports through a Taiwan-phrase
# converter (s2twp), so 门户网站 arrives as 入口網站 and 文件 as 檔案; plain t2s turns those into
# 入口网站 / 档案, which no reader searches for. Every entry was seen in a real converted report
# (seed 003, 武汉硚口区 2022). Longer keys win, so the guard entries (檔案館 …) keep the real
# word "archive" where it is one.
TAIWAN_PHRASES: dict[str, str] = {
    "入口網站": "门户网站",
    "網際網路": "互联网",
    "最佳化": "优化",
    "資料庫": "数据库",
    "檔案": "文件",
    "檔案館": "档案馆",
    "檔案局": "档案局",
    "檔案室": "档案室",
    "人事檔案": "人事档案",
    "視窗": "窗口",
    "連結": "链接",
    "設定": "设置",
    "程式": "程序",
    "套用": "应用",
    "著力": "着力",
    "著重": "着重",
    # Taiwan's name for the same thing: 政府資訊公開 (its Act is the 政府資訊公開法) is what a
    # reader from there types for 政府信息公开; 資訊 alone is 信息 in such a text.
    "政府資訊": "政府信息",
    "資訊公開": "信息公开",
    "資訊": "信息",
}

# Phrases that only a Taiwan-phrase converter produces in a mainland report. The curated list is
# applied to a text only when one of these is in it: a Traditional report written without that
# converter (or a Simplified one) keeps 檔案 as 档案 and 設定 as 设定.
TAIWAN_MARKERS: tuple[str, ...] = (
    "入口網站",
    "網際網路",
    "最佳化",
    "資料庫",
    "政府資訊",
    "資訊公開",
)

_TAIWAN_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(TAIWAN_PHRASES, key=len, reverse=True))
)


@dataclass(frozen=True, slots=True)
class Analysed:
    """A normalised text; ``starts[i]:ends[i]`` is the original span of ``text[i]``.

    ``mapped`` says the offsets are known (``keep_offsets=True``); ``starts is None`` then means
    the normalised text is aligned one to one with the original (the common case: a Simplified
    report without pinyin noise), so nothing is stored.
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    mapped: bool = False
    # Compact form of starts/ends (see ``breaks()``), used instead of them when set.
    break_points: tuple[tuple[int, int, int], ...] | None = None
    break_index: tuple[int, ...] = ()  # the first element of each break point, for bisect

    @property
    def aligned(self) -> bool:
        return self.mapped and self.starts is None and self.break_points is None

    def breaks(self) -> list[tuple[int, int, int]]:
        """The offsets compactly: ``(i, start, end)`` for every character that does not simply
        continue where the previous one ended (after deleted pinyin, inside a rewritten
        phrase). Between breaks, character ``j`` maps to ``end_b + (j - i_b - 1)`` + 1 char.
        A backend stores these instead of re-analysing the text for every snippet."""
        if self.starts is None or self.ends is None:
            return []
        starts, ends = self.starts, self.ends
        previous_ends = (0, *ends[:-1])
        return [
            (i, s, e)
            for i, s, e, p in zip(range(len(starts)), starts, ends, previous_ends, strict=True)
            if s != p or e != s + 1
        ]

    @classmethod
    def from_breaks(
        cls, text: str, breaks: list[tuple[int, int, int]] | list[list[int]]
    ) -> Analysed:
        # map() keeps the loop in C: a stored section can have hundreds of break points, and a
        # result page loads every section of 20 reports.
        points = tuple(map(tuple, breaks))
        index = tuple(map(itemgetter(0), points))
        return cls(text, mapped=True, break_points=points, break_index=index)  # type: ignore[arg-type]

    def _span_of(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.break_index, i) - 1
        if k < 0:
            return i, i + 1
        n, s, e = (self.break_points or ())[k]
        if n == i:
            return s, e
        start = e + (i - n - 1)
        return start, start + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        if not self.mapped:
            raise ValueError("analyse(..., keep_offsets=True) is needed for original spans")
        if self.break_points is not None:
            if start >= end:
                return self._span_of(start)[0], self._span_of(start)[0]
            return self._span_of(start)[0], self._span_of(end - 1)[1]
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else self._length_hint()
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def _length_hint(self) -> int:
        return self.ends[-1] if self.ends else 0


# A mapping step: for each character of the new text, the (start, end) index range in the
# previous text it came from. ``None`` means identity (the common case, kept cheap).
_Map = tuple[list[int], list[int]] | None


def analyse(text: str, *, keep_offsets: bool = False) -> Analysed:
    """The matching copy of ``text`` (documents and queries alike); see the module docstring."""
    steps: list[_Map] = []
    current = text
    for step in (_strip_pinyin_step, _fold_step, _taiwan_step, _t2s_step, _lower_step):
        current, mapping = step(current, keep_offsets)
        if keep_offsets:
            steps.append(mapping)
    if not keep_offsets:
        return Analysed(current)
    if all(step is None for step in steps):
        return Analysed(current, mapped=True)
    starts, ends = _compose(steps, len(current))
    return Analysed(current, tuple(starts), tuple(ends), mapped=True)


def normalise(text: str) -> str:
    """``analyse(text).text``."""
    return analyse(text).text


# ---- steps ----------------------------------------------------------------------------------


def _strip_pinyin_step(text: str, keep: bool) -> tuple[str, _Map]:
    if "(" not in text and "（" not in text:
        return text, None
    out = strip_pinyin(text)
    if len(out) == len(text) or not keep:
        return out, None
    # Stripping only deletes; a greedy walk aligns every kept character with its source.
    src: list[int] = []
    j = 0
    for i, ch in enumerate(text):
        if j < len(out) and out[j] == ch:
            src.append(i)
            j += 1
    if j != len(out):  # cannot happen for a pure deletion; stay safe
        return out, _proportional(len(text), len(out))
    return out, (src, [i + 1 for i in src])


def _fold_step(text: str, keep: bool) -> tuple[str, _Map]:
    return _charwise(text, keep, fold_width)


def _t2s_step(text: str, keep: bool) -> tuple[str, _Map]:
    return _charwise(text, keep, to_simplified)


def _lower_step(text: str, keep: bool) -> tuple[str, _Map]:
    return _charwise(text, keep, str.lower)


def _taiwan_step(text: str, keep: bool) -> tuple[str, _Map]:
    if not any(marker in text for marker in TAIWAN_MARKERS):
        return text, None
    if not keep:
        return _TAIWAN_RE.sub(lambda m: TAIWAN_PHRASES[m.group(0)], text), None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for m in _TAIWAN_RE.finditer(text):
        starts.extend(range(last, m.start()))
        ends.extend(range(last + 1, m.start() + 1))
        pieces.append(text[last : m.start()])
        repl = TAIWAN_PHRASES[m.group(0)]
        pieces.append(repl)
        sub_starts, sub_ends = _proportional(len(m.group(0)), len(repl))
        starts.extend(m.start() + s for s in sub_starts)
        ends.extend(m.start() + e for e in sub_ends)
        last = m.end()
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    pieces.append(text[last:])
    return "".join(pieces), (starts, ends)


def _charwise(text: str, keep: bool, fn: Callable[[str], str]) -> tuple[str, _Map]:
    """Apply a (mostly) length-preserving transform, keeping offsets where it is not.

    Whole text first (fast); where the length changed, line by line; in a changed line,
    character by character, so every output character points at its source.
    """
    out = fn(text)
    if len(out) == len(text) or not keep:
        return out, None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    base = 0
    for line in text.splitlines(keepends=True):
        converted = fn(line)
        if len(converted) == len(line):
            parts.append(converted)
            starts.extend(range(base, base + len(line)))
            ends.extend(range(base + 1, base + len(line) + 1))
        else:
            for k, ch in enumerate(line):
                piece = fn(ch)
                parts.append(piece)
                starts.extend([base + k] * len(piece))
                ends.extend([base + k + 1] * len(piece))
        base += len(line)
    return "".join(parts), (starts, ends)


def _proportional(n_src: int, n_out: int) -> tuple[list[int], list[int]]:
    """Spread ``n_out`` characters over ``n_src`` source characters (最佳化 → 优化)."""
    if n_out == 0:
        return [], []
    starts = [(k * n_src) // n_out for k in range(n_out)]
    ends = [max(starts[k] + 1, ((k + 1) * n_src) // n_out) for k in range(n_out)]
    ends[-1] = n_src
    return starts, ends


def _compose(steps: list[_Map], length: int) -> tuple[list[int], list[int]]:
    """Map every final character back through all steps to the original text."""
    mappings = [m for m in steps if m is not None]
    if len(mappings) == 1:  # the usual case (pinyin stripped, nothing else moved): no walk
        return list(mappings[0][0]), list(mappings[0][1])
    starts = list(range(length))
    ends = [i + 1 for i in starts]
    for mapping in reversed(steps):
        if mapping is None:
            continue
        m_starts, m_ends = mapping
        starts = [m_starts[s] for s in starts]
        ends = [m_ends[e - 1] for e in ends]
    return starts, ends


# ---- tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """One ideograph or one Latin/digit word of a normalised text, with its position."""

    text: str
    start: int
    end: int
    cjk: bool


def units(normalised: str) -> list[Unit]:
    """Ideographs one by one and Latin/digit words, in order (punctuation and spaces dropped)."""
    out: list[Unit] = []
    for m in _UNIT_RE.finditer(normalised):
        if m.group(1):
            base = m.start()
            out.extend(Unit(ch, base + k, base + k + 1, True) for k, ch in enumerate(m.group(1)))
        else:
            out.append(Unit(m.group(2), m.start(), m.end(), False))
    return out


def unigrams(normalised: str) -> list[str]:
    """Every unit: ideographs one by one, words whole. For one-character queries."""
    return _UNIGRAM_RE.findall(normalised)


def bigrams(normalised: str) -> list[str]:
    """Overlapping ideograph pairs within each run (a lone ideograph stays itself), words whole.

    The Lucene ``cjk_bigram`` scheme: recall without a dictionary, and a phrase is the sequence
    of its bigrams at consecutive positions.
    """
    out: list[str] = []
    for run in _RUN_RE.findall(normalised):
        # Runs of ideographs start at or above U+3400; Latin/digit words below.
        if len(run) > 1 and run[0] >= "\u3400":
            out.extend(map(str.__add__, run, run[1:]))
        else:
            out.append(run)
    return out


def index_tokens(normalised: str) -> list[str]:
    """Bigrams plus, after each run of two or more ideographs, its last ideograph alone.

    With that one extra token per run, every character of a run starts a token (a bigram, or the
    run's final character), so a one-character query is a prefix query (``税*``) on the same
    positions as the bigrams — no separate single-character index is needed. Used by the
    embedded backend (see ``search.backends.sqlite``).
    """
    out: list[str] = []
    for run in _RUN_RE.findall(normalised):
        if len(run) > 1 and run[0] >= "\u3400":
            out.extend(map(str.__add__, run, run[1:]))
            out.append(run[-1])
        else:
            out.append(run)
    return out


def needs_unigrams(normalised: str) -> bool:
    """True when a query term has a lone ideograph that bigrams cannot find (税, 2022年)."""
    return any(len(m.group(1)) == 1 for m in _UNIT_RE.finditer(normalised) if m.group(1))


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


@lru_cache(maxsize=4096)
def analyse_query_term(term: str) -> str:
    """Queries repeat; cache their analysis."""
    return analyse(term).text


def join_tokens(tokens: Iterable[str]) -> str:
    """Pre-tokenised text for the FTS5 ``unicode61`` tokenizer: tokens separated by spaces."""
    return " ".join(tokens)
