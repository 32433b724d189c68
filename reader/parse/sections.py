"""Split a report's blocks into the six sections of the national format.

The splitter finds heading *candidates* line by line, scores them, keeps the best sequence in
format order, and then fills in sections whose heading is missing but whose content (a table
that only that section holds) is plainly there. Everything is matched on
:func:`matchable` copies (no pinyin, folded width, Simplified); titles and bodies are
kept as printed.

Why candidates and a sequence instead of "first line that matches": real reports contain lines
that look like headings but are not — table-三 row labels start with ``一、``…``四、``, section
一 has sub-headings about the same topics as sections 二/三, some reports print a table of
contents — and some omit, repeat or misnumber real headings. Choosing the best-scoring ordered
sequence makes one stray line unable to break the split.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise

from reader.extract.blocks import Block, Paragraph, Table
from reader.parse.textutil import untaiwan
from reader.record import SECTION_KEYS
from reader.textnorm import (
    SITE_REGISTRATION,
    fold_width,
    matchable,
    strip_pinyin,
    to_simplified,
)

__all__ = [
    "Heading",
    "SectionSplit",
    "block_text",
    "flatten_blocks",
    "match_heading",
    "split_sections",
]

CN_NUMERALS = "一二三四五六七八九十"
CANONICAL_ORDINAL: dict[str, str] = {k: CN_NUMERALS[i] for i, k in enumerate(SECTION_KEYS)}
_ORDINAL_START = frozenset(CN_NUMERALS + "第")

# Leading markup that converters put before headings (Markdown, list bullets, brackets).
_LEAD_MARKUP = re.compile(r"^[\s\u200b-\u200f\u2060\ufeff#*>【\[\-•·●■◆]+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_TRAIL_MARKUP = re.compile(r"[\s*】\]|]+$")
_SPACES = re.compile(r"[\s*]+")  # spaces, and Markdown emphasis inside a heading

_ORD_CN = re.compile(
    r"(?:第(?P<nth>[一二三四五六七八九十]{1,2})(?:部分|章|节|项)?"
    r"|(?P<num>[一二三四五六七八九十]{1,2}))"
    r"(?P<sep>[、.,:;)]{1,2})?"
)
_ORD_ARABIC = re.compile(r"(?P<num>[1-9])(?P<sep>[、.,:)]{1,2})")

# Title patterns, matched at the start of the text after the ordinal (compact: no spaces,
# normalised). ``end`` words: a title that ends with one of them may be followed by body text
# on the same line ("一、总体情况。2020年，…"); other titles must end at punctuation or the line end.
_TITLE_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "s1": (
        re.compile(
            r"(?:政府信息公开|政务公开)?(?:工作)?"
            r"(?:总体情况|总体概况|总体概述|基本情况|概述|概况|总述|工作概况|总体工作情况|工作总体情况)"
        ),
        # "2023年政府信息公开工作总体情况"
        re.compile(r"[^,.;:。()]{0,16}?(?:总体|基本|整体)(?:工作)?(?:情况|概况|概述)"),
    ),
    "s2": (
        re.compile(
            r"(?:行政机关)?(?:主动公开政府信息|政府信息主动公开|主动公开)(?:工作)?(?:的)?"
            r"(?:基本)?情况"
        ),
    ),
    "s3": (
        re.compile(
            r"(?:行政机关)?(?:收到|受理)(?:和|及|与|、|并)?(?:处理|办理|答复)?"
            r"(?:政府)?信息公开申请(?:的)?(?:办理)?情况"
        ),
        re.compile(r"(?:政府)?信息公开申请(?:的)?(?:收到和处理|受理和处理|办理|处理)(?:的)?情况"),
        re.compile(r"(?:政府信息)?依申请公开(?:政府信息)?(?:工作)?(?:的)?(?:办理)?情况"),
        re.compile(r"(?:收到|受理|办理|处理)[^,.;:。()]{0,12}申请[^,.;:。()]{0,4}情况"),
    ),
    "s4": (
        # Typos seen in the wild: 行行政复议, 行政法复议; 和/及/与 instead of 、.
        re.compile(
            r"(?:因)?(?:政府信息公开|信息公开)?(?:工作)?(?:被申请)?[^,.;:。]{0,4}复议"
            r"[^,.;:。]{0,8}诉讼(?:案件)?(?:的)?(?:情况|案件情况)?"
        ),
    ),
    "s5": (
        re.compile(
            r"(?:政府信息公开|政务公开)?(?:工作)?(?:中)?(?:存在的?)?(?:主要)?(?:问题|不足)"
            r"(?:和|及|与|、|以及)?(?:不足)?(?:及|和|与|、)?"
            r"(?:改进|整改)(?:情况|措施|举措|方向|计划|打算|方案)?"
        ),
        re.compile(
            r"(?:政府信息公开|政务公开)?(?:工作)?(?:中)?(?:存在的?)?(?:主要)?(?:问题|不足)"
            r"(?:和|及|与|、|以及)(?:下一步|今后|下年度)(?:的)?(?:工作)?"
            r"(?:打算|计划|安排|措施|举措|思路|重点|方向)"
        ),
    ),
    "s6": (
        re.compile(r"其[他它](?:需要|需|应当|应)?(?:报告|说明)(?:的)?(?:事项|情况|内容)?"),
        re.compile(r"其[他它](?:事项|情况)"),
    ),
}
# Shorter titles, accepted only when they are the whole line ("二、主动公开政府信息").
_SHORT_TITLES: dict[str, re.Pattern[str]] = {
    "s2": re.compile(r"(?:主动公开政府信息|政府信息主动公开|主动公开)(?:工作)?"),
    "s3": re.compile(
        r"(?:收到和处理|收到及处理|受理和处理)?(?:政府)?信息公开申请|依申请公开(?:政府信息|工作)?"
    ),
    "s4": re.compile(r"(?:政府信息公开)?行政复议(?:和|及|与|、)?行政诉讼"),
    "s6": re.compile(r"其[他它]"),
}
_YEAR_LEAD = re.compile(r"(?:\d{4}年度?|本年度|年度)(?=\D)")
_NATURAL_END = (
    "情况",
    "事项",
    "措施",
    "举措",
    "概况",
    "概述",
    "总述",
    "改进",
    "整改",
    "方案",
    "打算",
    "计划",
    "安排",
    "思路",
)
_BODY_START = re.compile(r"[,.;:。!?、 0-9(\"'“”]")

# Content that only one section holds: used when that section's heading is missing.
_T2_MARK = re.compile(r"第二十条第?\(?[一五六八九]\)?项|本年制发件数|本年新制作数量")
_T3_MARK = re.compile(r"勾稽关系|本年新收政府信息公开申请数量|上年结转政府信息公开申请数量")
_T4_MARK_LINE = re.compile(r"^行政复议(?:\||$|行政诉讼)")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A line that reads as a section heading."""

    key: str
    title: str  # as printed: original script, pinyin removed
    ordinal: str | None  # printed Chinese ordinal ("七"), None when none or Arabic
    rest: str  # body text that follows the title on the same line (original)
    score: int
    arabic: bool = False  # numbered 1. 2. … (sub-heading style in most reports)


@dataclass(slots=True)
class Heading:
    key: str
    index: int  # position in the flattened block list
    span: int  # blocks used by the heading (0 = inferred from content, 1, or 2 when split)
    title: str | None
    ordinal: str | None
    rest: str = ""
    score: int = 0
    arabic: bool = False


@dataclass(slots=True)
class SectionSplit:
    blocks: list[Block]
    section_blocks: dict[str, list[Block]]  # "s0" (before the first heading), "s1"…"s6"
    sections: dict[str, dict]  # record shape, with internal "text"
    headings: list[Heading] = field(default_factory=list)  # boundaries, in document order
    heading_order: list[str] = field(default_factory=list)
    heading_numbers: dict[str, str] = field(default_factory=dict)


# ---- text of blocks ---------------------------------------------------------------------------


def _distinct(cells: tuple[str, ...]) -> list[str]:
    """Cells of a grid row without the repeats that span expansion creates."""
    out: list[str] = []
    for cell in cells:
        text = cell.strip()
        if text and (not out or out[-1] != text):
            out.append(text)
    return out


def block_text(block: Block) -> str:
    """Display text of a block: a paragraph as is, a table one row per line (`` | ``-joined)."""
    if isinstance(block, Paragraph):
        return block.text
    return "\n".join(" | ".join(_distinct(row)) for row in block.rows)


# ---- heading matching ---------------------------------------------------------------------------


def _compact(text: str) -> str:
    return untaiwan(_SPACES.sub("", matchable(_INVISIBLE.sub("", text))))


# Every accepted title holds one of these characters (either script): 情况/概述, 公开, 申请,
# 复议/诉讼, 问题/不足, 其他. Lines without any are skipped before the costly normalisation.
_KEY_CHARS = re.compile("[况況述公申议議讼訟题題足其]")
_NON_TEXT = re.compile(r"[\s|]+")


_LEAD_CHARS = " \t\u3000#*>【[-•·●■◆\ufeff\u200b\u200c\u200d\u2060"
_SEP_NEAR = re.compile(
    r"[一二三四五六七八九十]{1,2}(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）])*\s*[、.,，．:：)）]"
)


def _quick_reject(line: str, allow_paren: bool) -> bool:
    """Cheap test on the raw line, before any normalisation: surely not a heading?

    A heading holds a title character and is either short or starts with an ordinal followed
    by a separator ("一、总体情况。2020年…" is a heading with text; "一是加强…" is not).
    """
    if not _KEY_CHARS.search(line, 0, 400):
        return True
    head = line.lstrip(_LEAD_CHARS)
    if len(head) <= 48:
        return False
    first = head[:1]
    if first == "第":
        return False
    if first in CN_NUMERALS:
        return _SEP_NEAR.match(head) is None
    return not (allow_paren and first in "(（")


def _match_title(text: str) -> tuple[str, int] | None:
    """Which section title ``text`` (compact, normalised) starts with: (key, end)."""
    # "二、2023年主动公开政府信息情况": a year before the title is not part of it.
    lead = _YEAR_LEAD.match(text)
    skip = lead.end() if lead else 0
    for key, patterns in _TITLE_PATTERNS.items():
        for pattern in patterns:
            m = pattern.match(text, skip)
            if m and m.end() - skip >= 2:
                return key, m.end()
    for key, pattern in _SHORT_TITLES.items():
        m = pattern.match(text, skip)
        if m and m.end() == len(text):
            return key, m.end()
    return None


def _cut_original(line: str, n_compact: int) -> int:
    """Index in ``line`` (pinyin already removed) after ``n_compact`` non-space normalised chars.

    Normalisation is (almost) character for character once pinyin is gone, so walking the
    original and counting folded characters finds where the matched title ends as printed.
    """
    count = 0
    for i, ch in enumerate(line):
        if ch.isspace() or ch == "*":
            continue
        count += len(_SPACES.sub("", fold_width(ch))) or 1
        if count >= n_compact:
            return i + 1
    return len(line)


_PAREN_ORD = re.compile(r"\((?P<num>[一二三四五六七八九十]{1,2})\)")


def _prepare(line: str, allow_paren: bool) -> str | None:
    """The line without pinyin, invisible characters and leading markup; None if surely no heading."""
    if _quick_reject(line, allow_paren):
        return None
    raw = _LEAD_MARKUP.sub("", _INVISIBLE.sub("", strip_pinyin(line))).rstrip()
    return raw or None


def _compact_many(raws: list[str]) -> list[str]:
    """:func:`_compact` of many short lines with one OpenCC call (it dominates the cost)."""
    if not raws:
        return []
    joined = matchable("\n".join(_INVISIBLE.sub("", r[:200]) for r in raws))
    parts = joined.split("\n")
    if len(parts) != len(raws):
        return [_compact(r[:200]) for r in raws]
    return [untaiwan(_SPACES.sub("", part)) for part in parts]


def match_heading(line: str, *, allow_paren: bool = False) -> HeadingMatch | None:
    """Read one line as a section heading, or return None.

    Accepted: ``一、总体情况``, ``一.``/``一，``/``一 、``/``第一部分``, misnumbered ordinals (the
    printed one is kept), Arabic ordinals and bare titles when the line is only the title,
    Traditional script, pinyin noise, trailing punctuation, and text after the title when the
    title ends with a natural end word (情况/事项/措施…). Rejected: parenthesised sub-headings
    ``（一）…`` (unless ``allow_paren``: for reports that number their sections that way),
    table-三 row labels (``一、本年新收…``), sentences that merely mention titles.
    """
    raw = _prepare(line, allow_paren)
    if raw is None:
        return None
    return _analyse(raw, _compact(raw[:200]), allow_paren)


def _analyse(raw: str, compact: str, allow_paren: bool) -> HeadingMatch | None:
    """:func:`match_heading` once the line is prepared and normalised."""
    compact = _TRAIL_MARKUP.sub("", compact)
    if not compact:
        return None

    ordinal: str | None = None
    arabic = False
    has_sep = False
    paren = False
    body = compact
    if compact[0] == "(":
        m = _PAREN_ORD.match(compact)
        if not allow_paren or not m:
            return None
        ordinal, has_sep, paren = m.group("num"), True, True
        body = compact[m.end() :]
    elif m := _ORD_CN.match(compact):
        ordinal = m.group("nth") or m.group("num")
        has_sep = bool(m.group("sep")) or bool(m.group("nth"))
        body = compact[m.end() :]
    elif m := _ORD_ARABIC.match(compact):
        arabic = True
        has_sep = True
        body = compact[m.end() :]

    found = _match_title(body)
    if found is None:
        return None
    key, end = found
    title_norm = body[:end]
    tail = body[end:].lstrip(".。:;,!")
    full_line = not tail.strip("|")
    natural_end = title_norm.endswith(_NATURAL_END)
    if not full_line:
        if ordinal is None or not has_sep:
            return None  # bare titles, Arabic ordinals and "一总体情况" must be the whole line
        if not natural_end and not _BODY_START.match(body[end:]):
            return None
    if ordinal is None and not arabic and not natural_end:
        return None  # "主动公开" alone is too weak without an ordinal

    if paren:
        score = 7 if ordinal == CANONICAL_ORDINAL[key] else 3
    elif ordinal is not None:
        score = 10 if ordinal == CANONICAL_ORDINAL[key] else 6
        if key == "s6" and ordinal == "七":
            score = 8  # a classic misnumbering: still clearly the last section
    elif arabic:
        score = 5
    else:
        score = 4

    if full_line:
        title = _TRAIL_MARKUP.sub("", raw.strip())
        title = re.sub(r"[。.:：;；,，|\s]+$", "", title)
        rest = ""
    else:
        # Title and rest as printed: cut the pinyin-free original where the title ended.
        cut = _cut_original(raw, len(compact) - len(body) + end)
        title = raw[:cut].strip().rstrip("*").strip()
        rest = raw[cut:].strip().lstrip("*。.:：;；,，!！").strip()
    return HeadingMatch(
        key=key, title=title, ordinal=ordinal, rest=rest, score=score, arabic=arabic
    )


def _match_split_heading(line: str, next_line: str) -> HeadingMatch | None:
    """A heading broken over two lines (PDF): ``三、收到和处理政府信息公开申请`` / ``情况``."""
    if len(line) > 80 or len(next_line) > 80:
        return None
    if line.lstrip(" \t\u3000#*>【[-•·●■◆\ufeff\u200b")[:1] not in _ORDINAL_START:
        return None
    a = _LEAD_MARKUP.sub("", _INVISIBLE.sub("", strip_pinyin(line))).strip()
    b = strip_pinyin(next_line).strip()
    if not a or not b or len(a) > 30 or len(b) > 30 or a[0] not in _ORDINAL_START:
        return None
    ca = _compact(a)
    m = _ORD_CN.match(ca)
    if not m or not (m.group("sep") or m.group("nth")):
        return None
    joined = match_heading(a + b)
    if joined is None or joined.rest:
        return None
    return joined


# ---- block flattening ---------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@lru_cache(maxsize=8192)  # cells repeat within a table and across reports (the national labels)
def _holds_heading(cell: str) -> bool:
    """Does a table cell hold a section heading? Arabic-numbered lines ("3.其他" in table 三's
    （六）其他处理 group) are row labels, never the headings a layout table may hold."""
    return any((m := match_heading(ln)) is not None and not m.arabic for ln in _lines(cell)[:200])


def _explode_table(table: Table) -> list[Block]:
    """Split a table at the rows that hold section headings (a report laid out in a table).

    Rows without a heading stay together as (sub-)tables, so a data table that shares a grid
    with its heading row keeps its shape for the table parser.
    """
    out: list[Block] = []
    pending: list[tuple[str, ...]] = []
    changed = False
    for row in table.rows:
        # A heading holds a title character (``_quick_reject``): most rows of numbers hold none.
        if not any(_KEY_CHARS.search(cell) for cell in row):
            pending.append(row)
            continue
        if any(_holds_heading(cell) for cell in row if cell):
            cells = _distinct(row)
            changed = True
            if pending:
                out.append(Table(rows=tuple(pending)))
                pending = []
            for cell in cells:
                out.extend(Paragraph(ln) for ln in _lines(cell))
        else:
            pending.append(row)
    if not changed:
        return [table]
    if pending:
        out.append(Table(rows=tuple(pending)))
    return out


def flatten_blocks(blocks: list[Block]) -> list[Block]:
    """One paragraph per line; tables that contain section headings split at those rows."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text
            if "\n" in text or "\r" in text:
                out.extend(Paragraph(ln) for ln in _lines(text))
            elif text and not text[0].isspace() and not text[-1].isspace():
                out.append(block)  # the common case: already one clean line
            elif text.strip():
                out.append(Paragraph(text.strip()))
        elif isinstance(block, Table):
            if any(any(cell.strip() for cell in row) for row in block.rows):
                out.extend(_explode_table(block))
    return out


# ---- choosing headings ---------------------------------------------------------------------------

# Lines worth a closer look, found with one regex pass over all lines (most lines of a report
# with flattened tables are numbers and labels that cannot be headings).
_KEY_LINE = re.compile(r"^[^\n]{0,400}?[况況述公申议議讼訟题題足其]", re.M)
_ORD_LINE = re.compile(
    r"^[ \t\u3000#*>【\[\-•·●■◆\ufeff\u200b]*[一二三四五六七八九十第][^\n]{0,79}$", re.M
)


def _lines_matching(blocks: list[Block]) -> tuple[set[int], set[int]]:
    """Indexes of paragraphs holding a title character, and of short ordinal-led paragraphs."""
    texts = [b.text if isinstance(b, Paragraph) else "" for b in blocks]
    joined = "\n".join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
    key = {bisect_right(starts, m.start()) - 1 for m in _KEY_LINE.finditer(joined)}
    ordinal = {bisect_right(starts, m.start()) - 1 for m in _ORD_LINE.finditer(joined)}
    return key, ordinal


def _candidates(blocks: list[Block], *, allow_paren: bool = False) -> list[Heading]:
    found: list[Heading] = []
    key_lines, ordinal_lines = _lines_matching(blocks)
    prepared = {
        i: raw
        for i in sorted(key_lines)
        if isinstance(blocks[i], Paragraph)
        and (raw := _prepare(blocks[i].text, allow_paren)) is not None  # type: ignore[union-attr]
    }
    compacts = dict(zip(prepared, _compact_many(list(prepared.values())), strict=True))
    n = len(blocks)
    skip = -1
    for i in sorted(key_lines | ordinal_lines):
        block = blocks[i]
        if i == skip or not isinstance(block, Paragraph):
            continue
        nxt = blocks[i + 1] if i + 1 < n else None
        hit = _analyse(prepared[i], compacts[i], allow_paren) if i in prepared else None
        span = 1
        if hit is not None and not hit.rest and isinstance(nxt, Paragraph):
            # "三、收到和处理政府信息公开申请" / "情况": the short title is only half the heading.
            if len(nxt.text.strip()) <= 12:
                joined = _match_split_heading(block.text, nxt.text)
                if joined is not None and joined.key == hit.key:
                    hit, span, skip = joined, 2, i + 1
        if hit is None and i in ordinal_lines and isinstance(nxt, Paragraph):
            hit = _match_split_heading(block.text, nxt.text)
            span = 2
            if hit is not None:
                skip = i + 1
        if hit is None:
            continue
        found.append(
            Heading(
                key=hit.key,
                index=i,
                span=span,
                title=hit.title,
                ordinal=hit.ordinal,
                rest=hit.rest,
                score=hit.score - (1 if span == 2 else 0),
                arabic=hit.arabic,
            )
        )
    # A heading with a body beats a table-of-contents line with the same text.
    positions = {c.index for c in found}
    for c in found:
        nxt = c.index + c.span
        if c.rest or (nxt < len(blocks) and nxt not in positions):
            c.score += 1
    return found


def _best_sequence(cands: list[Heading]) -> list[Heading]:
    """The highest-scoring subsequence whose section numbers strictly increase.

    Dynamic programming over the candidates in document order. Section numbers take only six
    values, so instead of comparing every pair (quadratic: 40,000 heading-like lines took
    minutes) each key keeps the best sequence ending in it so far: O(6·n).
    """
    n = len(cands)
    if n == 0:
        return []
    order = {k: i for i, k in enumerate(SECTION_KEYS)}
    # Per key: (best total of a sequence ending with that key, latest candidate reaching it).
    # ">=" and "latest": among equal sequences the later heading wins — sub-headings and tables
    # of contents that echo a title come before the real heading, not after it.
    tops: list[tuple[int, int] | None] = [None] * len(SECTION_KEYS)
    best = [0] * n
    prev = [-1] * n
    for j, cand in enumerate(cands):
        kj = order[cand.key]
        score = cand.score
        best[j] = score
        pick: tuple[int, int] | None = None
        for top in tops[:kj]:
            if top is not None and (pick is None or top >= pick):
                pick = top  # tuples compare by total, then by index: the later wins a tie
        if pick is not None and pick[0] + score >= score:
            best[j] = pick[0] + score
            prev[j] = pick[1]
        if tops[kj] is None or best[j] >= tops[kj][0]:  # type: ignore[index]
            tops[kj] = (best[j], j)
    j = max(range(n), key=lambda x: (best[x], x))
    seq: list[Heading] = []
    while j != -1:
        seq.append(cands[j])
        j = prev[j]
    return seq[::-1]


def _block_compact(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _compact(block.text[:120])
    return _compact(block_text(block)[:2000])


def _find_content(blocks: list[Block], start: int, stop: int, key: str) -> int | None:
    """First block in [start, stop) that is content only section ``key`` holds."""
    for i in range(start, stop):
        block = blocks[i]
        if isinstance(block, Paragraph) and len(block.text) > 200:
            continue
        text = _block_compact(block)
        if key == "s2" and _T2_MARK.search(text):
            return i
        if key == "s3" and _T3_MARK.search(text):
            return i
        if key == "s4":
            if isinstance(block, Table):
                if "行政复议" in text and "行政诉讼" in text and ("维持" in text or "纠正" in text):
                    return i
            elif _T4_MARK_LINE.match(text.replace(" ", "")):
                window = "".join(_block_compact(b) for b in blocks[i : min(stop, i + 12)])
                if "行政诉讼" in window and ("维持" in window or "结果" in window):
                    return i
    return None


def _infer_missing(blocks: list[Block], chosen: list[Heading]) -> list[Heading]:
    """Sections whose heading is missing but whose table is there: start them at the table."""
    result = sorted(chosen, key=lambda h: h.index)
    for key in ("s2", "s3", "s4"):
        if any(h.key == key for h in result):
            continue
        k = SECTION_KEYS.index(key)
        before = [h for h in result if SECTION_KEYS.index(h.key) < k]
        after = [h for h in result if SECTION_KEYS.index(h.key) > k]
        start = max((h.index + h.span for h in before), default=0)
        stop = min((h.index for h in after), default=len(blocks))
        if start >= stop:
            continue
        pos = _find_content(blocks, start, stop, key)
        if pos is None:
            continue
        result.append(Heading(key=key, index=pos, span=0, title=None, ordinal=None))
        result.sort(key=lambda h: h.index)
    return result


def _earliest_numbered(chosen: list[Heading], cands: list[Heading]) -> list[Heading]:
    """A numbered heading printed twice in a row starts its section at the first print.

    The sequence search prefers the later of equal candidates (echoes of a title come first);
    that is right for bare titles but not for a repeated numbered heading ("六、其他需要报告的
    事项" twice): there the first one is the real start and the second a duplicate.
    """
    out: list[Heading] = []
    prev_index = -1
    for h in sorted(chosen, key=lambda h: h.index):
        if h.ordinal is not None:
            earlier = [
                c
                for c in cands
                if c.key == h.key
                and prev_index < c.index < h.index
                and c.ordinal is not None
                and c.score >= h.score
            ]
            if earlier:
                h = earlier[0]
        out.append(h)
        prev_index = h.index
    return out


# ---- the split -----------------------------------------------------------------------------------


# Website chrome that copies carry after (or before) the report: not report content.
_CHROME = re.compile(
    SITE_REGISTRATION + r"|您访问的链接即将离开|版权所有|Copyright|©|"
    r"^(?:主办|承办|协办|技术支持|主办单位|承办单位|联系我们|网站地图|打印本页|关闭窗口|【?打印】?|"
    r"分享到|扫一扫|上一篇|下一篇|相关链接|浏览次数|字号|附件)\s*(?:[:：].{0,60})?$",
    re.I,
)


# Cheap pre-filter in both scripts, so table cells never reach the normalisation: a superset of
# what ``_CHROME`` accepts — its anywhere-words, and its line-start words at a line start (common
# words such as 相关 or 技术 inside prose need no closer look). Line-start space is horizontal
# only: "^\s*" ran over every following empty line (a table's) at each line start: quadratic.
_CHROME_HINT = re.compile(
    r"ICP|ＩＣＰ|安备|安備|标识|標識|离开|離開|版权|版權|Copyright|©|"
    r"^[^\S\n]*【?(?:主办|主辦|承办|承辦|协办|協辦|技术支持|技術支持|联系我们|聯繫我們|網站地圖|网站地图|"
    r"打印|关闭窗口|關閉窗口|分享到|扫一扫|掃一掃|上一篇|下一篇|相关链接|相關鏈接|浏览次数|瀏覽次數|"
    r"字号|字號|附件)",
    re.I | re.M,
)


def _is_chrome(line: str) -> bool:
    line = line.strip()
    if len(line) > 80 or not _CHROME_HINT.search(line):
        return False
    return _CHROME.search(matchable(line)) is not None


def _chrome_parts(body: list[Block], parts: list[str]) -> set[int]:
    """Indexes of the paragraphs that are website chrome. One hint scan over the joined text
    finds the few paragraphs worth the full test (hint words such as 相关 are common in prose)."""
    # Tables are never chrome: their text is left out of the scan (an empty line keeps indexes).
    texts = ["" if isinstance(b, Table) else p for b, p in zip(body, parts, strict=True)]
    joined = "\n".join(texts)
    starts: list[int] | None = None
    out: set[int] = set()
    checked = -1
    for m in _CHROME_HINT.finditer(joined):
        if starts is None:
            starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
        i = bisect_right(starts, m.start()) - 1
        if i == checked:
            continue
        checked = i
        if _is_chrome(texts[i]):
            out.add(i)
    return out


def _section_info(heading: Heading, body: list[Block]) -> dict:
    parts = [block_text(b) for b in body]
    text = "\n".join(p for p in parts if p.strip())
    # Chrome lines are kept in the text (TEXT-BOILERPLATE quotes them) but are not content:
    # a heading followed only by the site footer is still an empty section.
    chrome = _chrome_parts(body, parts)
    if chrome:
        content = "\n".join(p for i, p in enumerate(parts) if i not in chrome)
    else:
        content = text  # the common case: nothing that is chrome (blank parts count for nothing)
    has_table = any(isinstance(b, Table) for b in body)
    return {
        "present": True,
        "empty": not content.strip() and not has_table,
        "title": heading.title,
        "chars": len(_NON_TEXT.sub("", content)),
        "text": text,
    }


_INLINE_HEADING = re.compile(r"第?[一二三四五六七]\s*(?:部分)?\s*[、.,:]\s*")


def _split_inline(flat: list[Block], *, strict: bool) -> list[Block]:
    """Break paragraphs before headings that sit inside them.

    Some copies lose line breaks, so "…止。一、总体情况2022年，…二、主动公开政府信息情况…" is one
    paragraph. Permissive (no line breaks at all): long paragraphs, at least two headings, any
    character before them. ``strict`` (one heading glued to the end of a paragraph): the heading
    must follow the end of a sentence, a number or another title. Only used when the line-based
    search misses sections.
    """
    out: list[Block] = []
    min_len = 8 if strict else 200
    for block in flat:
        if not isinstance(block, Paragraph) or len(block.text) < min_len:
            out.append(block)
            continue
        text = strip_pinyin(strip_pinyin(block.text))  # twice: "復(fù)(fù)" happens
        normed = to_simplified(fold_width(text))
        if len(normed) != len(text):
            out.append(block)  # positions would not map back; leave it
            continue
        cuts = [
            m.start()
            for m in _INLINE_HEADING.finditer(normed, 1)
            if (not strict or _ends_a_unit(normed, m.start()))
            and _match_title(_SPACES.sub("", normed[m.end() : m.end() + 60])) is not None
        ]
        if len(cuts) < (1 if strict else 2):
            out.append(block)
            continue
        bounds = [0, *cuts, len(text)]
        out.extend(Paragraph(text[a:b].strip()) for a, b in pairwise(bounds) if text[a:b].strip())
    return out


_SENTENCE_END_CHARS = frozenset("。;!?:| \t0123456789")


_UNIT_ENDS = (*_NATURAL_END, "报告")  # "…年度报告一、总体情况": the report title before s1


def _ends_a_unit(normed: str, pos: int) -> bool:
    """Does the text before ``pos`` end a sentence, a table row or another heading's title?"""
    return normed[pos - 1] in _SENTENCE_END_CHARS or normed[:pos].endswith(_UNIT_ENDS)


def split_sections(blocks: list[Block]) -> SectionSplit:
    """Split extracted blocks into ``s0`` (before the first heading) and ``s1``…``s6``."""
    flat = flatten_blocks(blocks)
    cands = _candidates(flat)
    chosen = _best_sequence(cands)
    if len(chosen) < len(SECTION_KEYS):
        # Headings glued into paragraphs: split there, keep the result only if it finds more.
        strict = _split_inline(flat, strict=True)
        variants = (strict, _split_inline(flat, strict=False), _split_inline(strict, strict=False))
        for inline in variants:
            if len(inline) > len(flat):
                inline_cands = _candidates(inline)
                inline_chosen = _best_sequence(inline_cands)
                if len(inline_chosen) > len(chosen):
                    flat, cands, chosen = inline, inline_cands, inline_chosen
    if len(chosen) < 4:
        # Some reports number their sections （一）…（六）: only then read those as headings.
        paren = _candidates(flat, allow_paren=True)
        paren_chosen = _best_sequence(paren)
        if len(paren_chosen) > len(chosen):
            cands, chosen = paren, paren_chosen
    if sum(1 for h in chosen if h.ordinal is not None) >= 3 and any(h.arabic for h in cands):
        # Sections numbered 一、二、…: lines numbered 1. 2. are sub-headings, never sections.
        cands = [c for c in cands if not c.arabic]
        chosen = _best_sequence(cands)
    chosen = _earliest_numbered(chosen, cands)
    chosen_keys = {h.key for h in chosen}
    chosen_pos = {h.index for h in chosen}

    # Headings out of order still count as present (SEC-ORDER reports the order).
    for c in cands:
        if c.key not in chosen_keys and c.ordinal is not None and c.index not in chosen_pos:
            chosen.append(c)
            chosen_keys.add(c.key)
            chosen_pos.add(c.index)

    # Repeated headings (after the chosen one, with an ordinal) are kept for SEC-ORDER only.
    first_pos = {h.key: h.index for h in chosen}
    duplicates = [
        c
        for c in cands
        if c.index not in chosen_pos
        and c.ordinal is not None
        and c.key in first_pos
        and c.index > first_pos[c.key]
        and c.score >= 9
    ]

    bounds = _infer_missing(flat, chosen)

    section_blocks: dict[str, list[Block]] = {"s0": []}
    sections: dict[str, dict] = {k: {"present": False} for k in SECTION_KEYS}
    first = bounds[0].index if bounds else len(flat)
    section_blocks["s0"] = flat[:first]
    for j, h in enumerate(bounds):
        end = bounds[j + 1].index if j + 1 < len(bounds) else len(flat)
        body = list(flat[h.index + h.span : end])
        if h.rest:
            body.insert(0, Paragraph(h.rest))
        section_blocks[h.key] = body
        sections[h.key] = _section_info(h, body)
    for key in SECTION_KEYS:
        section_blocks.setdefault(key, [])

    ordered = sorted([*bounds, *duplicates], key=lambda h: h.index)
    heading_order = [h.key for h in ordered if h.span > 0]
    heading_numbers = {
        h.key: h.ordinal
        for h in bounds
        if h.ordinal is not None and h.ordinal != CANONICAL_ORDINAL[h.key]
    }
    return SectionSplit(
        blocks=flat,
        section_blocks=section_blocks,
        sections=sections,
        headings=bounds,
        heading_order=heading_order,
        heading_numbers=heading_numbers,
    )
