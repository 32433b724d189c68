"""Blocks → one stream of table tokens → segments (a run of labels and the values after it).

Every way a table reaches us ends up in the same shape here, so the readers of tables 二/三/四
do not care where it came from:

- a ``Table`` grid (HTML, DOCX, PDF ruling lines): one row per grid row, each cell a token;
- one cell per line (``14 |``), with ``|||`` filler lines from row/col spans: each line one token,
  filler lines become *soft* blanks (probably span artefacts, possibly real blanks);
- one row per line with pipes (``规章 | 0 | 0 | 0 |``) and Markdown tables;
- PDF text lines (``（二）部分公开（区分处理的… 447 7 0 0 0 0 454``): the label, then the numbers
  at the end of the line split off; labels that wrap over several lines stay separate label
  tokens and are joined again when matched (see :func:`label_candidates`).

A *segment* is a maximal run of label tokens followed by the value/blank tokens after it. Row
labels of a table are matched on the last label(s) of a segment; its values are the row's cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reader.extract.blocks import Block, Paragraph, Table
from reader.parse.numbers import is_placeholder, read_number
from reader.textnorm import matchable

LABEL = "label"
VALUE = "value"
BLANK = "blank"
BREAK = "break"


@dataclass(frozen=True, slots=True)  # shared by the token caches below: never changed
class Tok:
    kind: str  # LABEL | VALUE | BLANK | BREAK
    text: str = ""
    section: str = ""
    # BLANK only: from a filler line (``|||``) — a span artefact unless the row needs it.
    soft: bool = False
    # VALUE only: separated from the previous value by whitespace alone (one PDF cell or line),
    # so the two may be one number split in two.
    joined: bool = False


@dataclass(slots=True)
class Segment:
    index: int
    labels: list[Tok] = field(default_factory=list)
    values: list[Tok] = field(default_factory=list)

    @property
    def section(self) -> str:
        if self.labels:
            return self.labels[-1].section
        return self.values[0].section if self.values else ""

    def hard_values(self) -> list[Tok]:
        return [t for t in self.values if not (t.kind == BLANK and t.soft)]

    def numbers(self) -> list[Tok]:
        return [t for t in self.values if t.kind == VALUE]


def segment_text(seg: Segment) -> str:
    """The text a row was read from, for staff to compare with the cells: its last label and
    its values as written (a space between values the source separated by whitespace only,
    `` | `` between separate cells)."""
    label = seg.labels[-1].text.strip() if seg.labels else ""
    values = ""
    for tok in seg.values:
        if tok.kind == BLANK and tok.soft:
            continue
        text = tok.text if tok.text else "（空）"
        if values:
            values += " " if tok.joined else " | "
        values += text
    return f"{label} {values}".strip()


# ---- tokenising ---------------------------------------------------------------------------

_MD_RULE_RE = re.compile(r"^\s*:?-{2,}:?\s*$")
_TRAILING_DIGITS_RE = re.compile(
    r"^(.*[\u3400-\u9fff）)”」』】\]])(\d+|\d[\d,]*\.\d+(?:[万萬]元|元)?|\d[\d,]*(?:[万萬]元|元))$"
)


def _is_value_word(word: str) -> bool:
    return read_number(word) is not None


_UNIT_GAP_RE = re.compile(r"(\d)\s+([万萬]元|元|件|[个個]|[项項])(?=\s|$)")
# Page numbers that copies keep between the rows of a table: "- 3 -", "—3—", "第3页", "3/6".
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


def cell_tokens(text: str, section: str, *, soft_blank: bool = False) -> list[Tok]:
    """Tokens of one cell (or one text line): a blank, values, or a label with numbers after it."""
    if is_placeholder(text):
        return [Tok(BLANK, text.strip(), section, soft=soft_blank)]
    words = _UNIT_GAP_RE.sub(r"\1\2", text).split()
    # The tail of number words (placeholders among them) is the row's values: PDF text lines
    # put the label and the numbers of a row on one line.
    cut = len(words)
    while cut > 0 and (_is_value_word(words[cut - 1]) or is_placeholder(words[cut - 1])):
        cut -= 1
    if not any(_is_value_word(w) for w in words[cut:]):
        cut = len(words)
    out: list[Tok] = []
    if cut > 0:
        label = " ".join(words[:cut])
        glued = _TRAILING_DIGITS_RE.match(label)
        if glued is not None:
            # "一、本年新收政府信息公开申请数量21116300062180": the label glued to its digits
            out.append(Tok(LABEL, glued.group(1), section))
            out.append(Tok(VALUE, glued.group(2), section))
        else:
            out.append(Tok(LABEL, label, section))
    for w in words[cut:]:
        if is_placeholder(w):
            out.append(Tok(BLANK, w, section))
        else:
            joined = bool(out) and out[-1].kind == VALUE
            out.append(Tok(VALUE, w, section, joined=joined))
    return out


def _grid_tokens(table: Table, section: str) -> Iterable[Tok]:
    for row in table.rows:
        yield Tok(BREAK, section=section)
        previous_label: str | None = None
        for raw in row:
            # A cell's first value is never ``joined`` (separate grid cells are never one number):
            # cell_tokens only joins a value to a value before it in the same cell.
            for tok in _cached_cell_tokens(raw if raw is not None else "", section):
                if tok.kind == LABEL:
                    # spans are expanded by repeating the text: keep one copy
                    if tok.text == previous_label:
                        continue
                    previous_label = tok.text
                yield tok
        yield Tok(BREAK, section=section)


# Inside a whole table run into one line: a run of digits right after a label character —
# "数量21116300062180二、上年结转…", "…事项 0 0 0 0 0 0 0 （四）…". A page scraper keeps a
# space here and there between cells ("国家秘密230 000023"), and a row's digits run straight
# into the next row's enumerator ("00000002.其他法律…": the last digit is the "2." of the next
# label). A run counts as values with at least five digits or three numbers, so prose numbers
# ("2023年") stay in the labels.
# A label ends in a CJK character or a closing bracket/quote (half-width quotes too:
# `3.危及"三安全一稳定"0000000`).
_FLAT_RUN_RE = re.compile(
    r"(?<=[\u3400-\u9fff）)”’」』】》\]\"'])\s*(\d[\d,]*(?:\.\d+)?(?:\s+\d[\d,]*(?:\.\d+)?)*)"
)
_ENUM_AFTER_RE = re.compile(r"[.、．][\u3400-\u9fff]")
_BAD_END_RE = re.compile(r"[.、．,，]")


def _flat_runs(line: str) -> list[tuple[int, int, str]]:
    """(start, end, numbers) of the value runs of a flattened line; ``end`` is where the next
    label starts (before an enumerator digit taken from the run)."""
    out = []
    for m in _FLAT_RUN_RE.finditer(line):
        run, end = m.group(1), m.end(1)
        if _ENUM_AFTER_RE.match(line, end):
            # item numbers start at 1 and are one digit in these tables
            if len(run) < 2 or run[-1] == "0":
                continue
            run, end = run[:-1].rstrip(), end - 1
        elif _BAD_END_RE.match(line, end):
            continue
        words = run.split()
        if len(words) < 3 and sum(len(w) for w in words) < 5:
            continue
        if any(not w[-1].isdigit() for w in words):
            continue
        out.append((m.start(), end, run))
    return out


def _flat_table_tokens(line: str, section: str) -> list[Tok] | None:
    """Tokens of a line that holds several rows of a table (newlines lost in copying), or
    ``None`` for an ordinary line. Needs three runs of numbers, so prose is left alone."""
    if len(line) < 40:
        return None
    runs = _flat_runs(line)
    if len(runs) < 3:
        return None
    out: list[Tok] = []
    pos = 0
    for start, end, run in runs:
        label = line[pos:start].strip()
        if label:
            out.append(Tok(LABEL, label, section))
        for i, word in enumerate(run.split()):
            out.append(Tok(VALUE, word, section, joined=i > 0))
        out.append(Tok(BREAK, section=section))
        pos = end
    tail = line[pos:].strip()
    if tail:
        out.extend(cell_tokens(tail, section))
    return out


# A tab-separated row is one label and its cells; a longer line with tabs is a page's text run
# together (a scraper's one-line copy), read like one with spaces.
MAX_TAB_ROW = 400


def _line_tokens(line: str, section: str) -> Iterable[Tok]:
    if _PAGE_NUMBER_RE.match(line):
        return
    if "|" not in line and line.lstrip().count("\t") >= 2 and len(line) <= MAX_TAB_ROW:
        # A browser copy of a table row: cells separated by tabs, empty cells kept
        # (``一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t`` is a row of seven blank cells).
        # Read like a row with pipes; leading tabs are indentation, not cells.
        line = "|".join(line.lstrip().split("\t")) + "|"
    if "|" not in line:
        flat = _flat_table_tokens(line, section)
        if flat is not None:
            yield from flat
            return
        toks = cell_tokens(line, section)
        yield from toks
        if sum(t.kind == VALUE for t in toks) >= 2:
            # a PDF text line with numbers is one row; a lone number is one cell of a copy
            # that puts every cell on its own line
            yield Tok(BREAK, section=section)
        return
    parts = line.split("|")
    if not parts[-1].strip():
        parts = parts[:-1]
    if line.lstrip().startswith("|") and parts and not parts[0].strip():
        parts = parts[1:]  # Markdown's leading pipe is syntax, not an empty cell
    nonempty = [p for p in parts if p.strip()]
    if not nonempty:
        # a filler line: ``||`` — span artefacts of the row just read
        yield from (Tok(BLANK, "", section, soft=True) for _ in range(max(1, line.count("|"))))
        return
    if all(_MD_RULE_RE.match(p) or not p.strip() for p in parts):
        yield Tok(BREAK, section=section)
        return
    if len(nonempty) == 1 and parts[0].strip():
        # one cell per line (``14 |``) possibly followed by span fillers (``0 | |``)
        yield from cell_tokens(parts[0], section)
        yield from (Tok(BLANK, "", section, soft=True) for _ in parts[1:])
        return
    # one row per line: every cell counts, empty cells are real blanks
    yield Tok(BREAK, section=section)
    previous_label: str | None = None
    for part in parts:
        # As in a grid, a cell's first value is never joined to the previous cell's.
        for tok in cell_tokens(part, section):
            if tok.kind == LABEL:
                if tok.text == previous_label:
                    continue
                previous_label = tok.text
            yield tok
    yield Tok(BREAK, section=section)


@lru_cache(maxsize=16384)
def _cached_cell_tokens(text: str, section: str) -> tuple[Tok, ...]:
    # Table cells repeat across reports (the national labels, "0", "/"); tokens are never
    # changed after tokenising, so one tuple can be shared.
    return tuple(cell_tokens(text, section))


@lru_cache(maxsize=8192)
def _cached_line_tokens(line: str, section: str) -> tuple[Tok, ...]:
    # Lines repeat a lot ("0 |", "||", row labels); tokens are never changed after this point,
    # so one tuple can be shared.
    return tuple(_line_tokens(line, section))


def block_tokens(blocks: Sequence[Block], section: str) -> Iterable[Tok]:
    for block in blocks:
        if isinstance(block, Table):
            yield from _grid_tokens(block, section)
        elif isinstance(block, Paragraph):
            for line in block.text.splitlines():
                if line.strip():
                    yield from _cached_line_tokens(line, section)


def section_order(keys: Iterable[str]) -> list[str]:
    def rank(key: str) -> tuple[int, str]:
        if key.startswith("s") and key[1:].isdigit():
            return (int(key[1:]), key)
        return (99, key)

    return sorted(keys, key=rank)


def build_segments(section_blocks: Mapping[str, Sequence[Block]]) -> list[Segment]:
    """All segments of the document, sections in order (s0, s1, … s6)."""
    segments: list[Segment] = []
    current = Segment(index=0)

    def close() -> None:
        nonlocal current
        if current.labels or current.values:
            segments.append(current)
        current = Segment(index=len(segments))

    for key in section_order(section_blocks):
        for tok in block_tokens(section_blocks[key], key):
            if tok.kind == LABEL:
                if current.values:
                    close()
                current.labels.append(tok)
            elif tok.kind == BREAK:
                if current.values:
                    close()
            else:
                current.values.append(tok)
    close()
    return segments


# ---- label matching -----------------------------------------------------------------------

_ENUM_RE = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]{1,2})[、.,．:]"
    r"|\((?P<cnp>[一二三四五六七八九十]{1,2})\)[、.,]?"
    r"|(?P<ar>\d{1,2})(?:[.、,．:)]|(?=[\u3400-\u9fff]))"
    r"|\((?P<arp>\d{1,2})\))"
)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PUNCT_RE = re.compile(r"[\s()\[\]{}<>、,.;:!?\"'“”‘’「」『』《》〈〉【】|/\\\-—_·・~…*#=+]+")

Prefix = tuple[str, int]


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if text.endswith("十"):
        return _CN_DIGITS.get(text[0], 0) * 10
    if len(text) == 2:
        return _CN_DIGITS.get(text[0], 0) * 10 + _CN_DIGITS.get(text[1], 0)
    return _CN_DIGITS.get(text, 0)


@lru_cache(maxsize=8192)
def label_core(text: str) -> tuple[str, Prefix | None]:
    """(core, enumerator) of a label: normalised (Simplified, half-width, no pinyin), without
    spaces, punctuation and its leading enumerator (``一、`` ``（一）`` ``1.``)."""
    norm = re.sub(r"\s+", "", matchable(text))
    prefix: Prefix | None = None
    m = _ENUM_RE.match(norm)
    if m is not None:
        if m.group("cn"):
            prefix = ("cn", _cn_number(m.group("cn")))
        elif m.group("cnp"):
            prefix = ("cnp", _cn_number(m.group("cnp")))
        elif m.group("ar"):
            prefix = ("ar", int(m.group("ar")))
        else:
            prefix = ("ar", int(m.group("arp")))
        norm = norm[m.end() :]
    return _PUNCT_RE.sub("", norm), prefix


def bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """One row (or header) a label may name: its key, accepted cores and expected enumerator."""

    key: str
    cores: tuple[str, ...]
    prefix: Prefix | None = None
    # Cores this short ("其他", "总计") are common words: without the right enumerator they
    # are not trusted (score capped by ``bare_score``).
    bare_score: float | None = None

    @property
    def grams(self) -> tuple[frozenset[str], ...]:
        return tuple(bigrams(c) for c in self.cores)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@lru_cache(maxsize=16384)
def _score_core(core: str, prefix: Prefix | None, spec: LabelSpec) -> float:
    if not core:
        return 0.0
    grams = bigrams(core)
    best = 0.0
    for c, g in zip(spec.cores, spec.grams, strict=True):
        if core == c:
            s = 1.0
        else:
            # bigram Dice can only reach 0.6 when the lengths are within a factor ~2.3
            if len(core) > 2.4 * len(c) + 2 or len(c) > 2.4 * len(core) + 2:
                continue
            s = dice(grams, g)
        best = max(best, s)
    if best == 0.0:
        return 0.0
    if spec.prefix is not None and prefix is not None:
        if prefix == spec.prefix:
            best = min(1.0, best + 0.15)
        elif prefix[0] == spec.prefix[0]:
            best *= 0.6
        else:
            best *= 0.85
    elif spec.bare_score is not None:
        best = min(best, spec.bare_score)
    return best


_EMBEDDED_ENUM_RE = re.compile(
    r"(?<=\S)(?=[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四][、.．]|\d{1,2}[.、．](?!\d))"
)


_DATA_IN_LABEL_RE = re.compile(r"\d{5}")


def label_candidates(
    labels: Sequence[Tok], max_parts: int = 4, *, long_tail: bool = False
) -> list[str]:
    """Texts that may be a row's label: the last label, the last 2…``max_parts`` labels joined
    (a label wrapped over lines), and the tail of the last label after a space or an embedded
    enumerator (``（三）不予公开 1.属于国家秘密`` → ``1.属于国家秘密``)."""
    out: list[str] = []
    text = ""
    for tok in reversed(labels[-max_parts:]):
        if len(tok.text) > 120 or (text and _DATA_IN_LABEL_RE.search(tok.text)):
            # A run of five digits is a row's cells swallowed into label text (a line broken
            # inside a glued row): the labels before it belong to that row, not to this one.
            break
        text = tok.text + text
        out.append(text)
    if labels and len(labels[-1].text) <= 120:
        last = labels[-1].text
        words = last.split()
        for i in range(len(words) - 1, 0, -1):
            out.append(" ".join(words[i:]))
        for m in _EMBEDDED_ENUM_RE.finditer(last):
            if m.start() > 0:
                out.append(last[m.start() :])
    elif labels and long_tail:
        # A flattened page runs prose and the table's header into the first row's label
        # ("…涉及自然人80件。（本列数据…）…其他一、本年新收政府信息公开申请数量"): the row's
        # own label is the tail after the last enumerator. Only for a label with values after
        # it (``long_tail``): prose paragraphs are long labels too, and many.
        tail = labels[-1].text[-120:]
        for m in _EMBEDDED_ENUM_RE.finditer(tail):
            if m.start() > 0:
                out.append(tail[m.start() :])
    return out


def score_labels(labels: Sequence[Tok], spec: LabelSpec) -> float:
    best = 0.0
    for cand in label_candidates(labels):
        core, prefix = label_core(cand)
        best = max(best, _score_core(core, prefix, spec))
        if best >= 1.0:
            break
    return best


def score_text(text: str, spec: LabelSpec) -> float:
    core, prefix = label_core(text)
    return _score_core(core, prefix, spec)


class LabelMatcher:
    """Scores label texts against many specs at once.

    An inverted index from bigrams to spec cores means a label is only compared with the specs
    it shares a bigram with — most segments (numbers, prose) share none with most rows.
    """

    def __init__(self, specs: Sequence[LabelSpec], threshold: float) -> None:
        self.specs = list(specs)
        self.threshold = threshold
        self._index: dict[str, list[int]] = {}
        for i, spec in enumerate(self.specs):
            for g in set().union(*spec.grams) if spec.grams else ():
                self._index.setdefault(g, []).append(i)
        self._cache: dict[tuple[str, Prefix | None], dict[str, float]] = {}

    def _core_scores(self, core: str, prefix: Prefix | None) -> dict[str, float]:
        key = (core, prefix)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        hits: set[int] = set()
        for g in bigrams(core):
            hits.update(self._index.get(g, ()))
        out: dict[str, float] = {}
        for i in hits:
            spec = self.specs[i]
            sc = _score_core(core, prefix, spec)
            if sc >= self.threshold:
                out[spec.key] = sc
        if len(self._cache) < 20000:
            self._cache[key] = out
        return out

    def scores(self, labels: Sequence[Tok], *, long_tail: bool = False) -> dict[str, float]:
        """Best score per spec key (only those reaching the threshold) over the candidates."""
        best: dict[str, float] = {}
        for cand in label_candidates(labels, long_tail=long_tail):
            core, prefix = label_core(cand)
            if not core:
                continue
            for key, sc in self._core_scores(core, prefix).items():
                if sc > best.get(key, 0.0):
                    best[key] = sc
        return best


_UNITS = 10**9


def align(
    pairs: Sequence[tuple[int, int, float]],
) -> list[tuple[int, int, float]]:
    """Best order-keeping assignment of segments to keys.

    ``pairs`` are (segment position, key position, score). Returns the chain of pairs with both
    positions strictly increasing that has the highest total score (each segment and each key
    used once): rows of a table come in the format's order even when labels are damaged.
    """
    if not pairs:
        return []
    ordered = sorted(pairs)
    n = len(ordered)
    # Totals in integer units of 1e-9: two chains whose float sums differ only by rounding
    # (0.1 + 0.2 against 0.3) are equally good, and the first of equals must win — a prefix
    # maximum compares the predecessors' totals, not the sums, so only exact sums keep it
    # the plain definition's choice.
    # (Whole numbers held as floats: sums of a few hundred stay exact.)
    units = [float(round(p[2] * _UNITS)) for p in ordered]
    best = [0.0] * n
    back = [-1] * n
    # Prefix maximum over key positions (a Fenwick tree) of the chains ending in earlier
    # segments: O(n log k) instead of comparing every pair (quadratic: a text of thousands of
    # table-like lines took minutes). Entries are (total, -index): the first of equals wins.
    ranks = {k: r for r, k in enumerate(sorted({p[1] for p in ordered}), start=1)}
    size = len(ranks)
    tree: list[tuple[float, int]] = [(-math.inf, 0)] * (size + 1)
    pending: list[int] = []  # pairs of the current segment, added once the segment is done
    for i, (si, ki, _score) in enumerate(ordered):
        sc = units[i]
        if pending and si != ordered[pending[0]][0]:
            for j in pending:
                r = ranks[ordered[j][1]]
                while r <= size:
                    if (best[j], -j) > tree[r]:
                        tree[r] = (best[j], -j)
                    r += r & -r
            pending = []
        pending.append(i)
        best[i] = sc
        top = (-math.inf, 0)
        r = ranks[ki] - 1  # keys strictly before ``ki``
        while r > 0:
            if tree[r] > top:
                top = tree[r]
            r -= r & -r
        if top[0] != -math.inf and top[0] + sc > sc:
            best[i] = top[0] + sc
            back[i] = -top[1]
    end = max(range(n), key=lambda i: best[i])
    chain = []
    while end != -1:
        chain.append(ordered[end])
        end = back[end]
    chain.reverse()
    return chain
