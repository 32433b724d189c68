"""Small text helpers shared by the metadata, fee and prose readers.

They all work on *sentences*: the original text (pinyin removed, script kept) cut at sentence
ends, each paired with its normalised copy for matching. Matching happens on the copy; what is
quoted back to the reviewer is the original sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.textnorm import fold_width, strip_pinyin, to_simplified

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")
# Spaces that PDF extraction puts between digits and characters ("2023 年", "收取 0 元").
_CJK_SPACE = re.compile(
    r"(?<=[\u3400-\u9fff\d.，,。：:；;、（）()])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[\u3400-\u9fff\d.，,。：:；;、（）()])"
)
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_CN_YEAR_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")


def squeeze(text: str) -> str:
    """Remove layout spaces between CJK characters and digits, keep spaces inside Latin text."""
    return _CJK_SPACE.sub("", text)


# Taiwan phrasing that copying sites convert to (seed 003: 规范性檔案 for 规范性文件); each pair
# has equal length so positions in the normalised copy still map back to the original.
TW_PHRASES: tuple[tuple[str, str], ...] = (("资讯", "信息"), ("规范性档案", "规范性文件"))


def untaiwan(text: str) -> str:
    """Mainland wording for the Taiwan phrases above (input already Simplified)."""
    for tw, cn in TW_PHRASES:
        if tw in text:
            text = text.replace(tw, cn)
    return text


def norm(text: str) -> str:
    """Normalised copy for matching, length-preserving where possible (no pinyin in input)."""
    return untaiwan(to_simplified(fold_width(text)))


@dataclass(frozen=True, slots=True)
class Sentence:
    original: str  # as printed, pinyin removed, layout spaces squeezed
    norm: str  # Simplified, folded width
    section: str | None = None


def sentences(text: str, section: str | None = None, *, join_lines: bool = False) -> list[Sentence]:
    """Cut ``text`` into sentences at 。！？ and line ends.

    Not at ；: reports chain the clauses of one statement with it ("共发出收费通知11件，总金额
    为3930元；实际收取的总金额为1450元"), and the clauses need each other's context.

    ``join_lines`` glues lines that do not end a sentence (PDF text wraps mid-sentence).
    """
    text = strip_pinyin(text)
    if join_lines:
        text = rejoin_wrapped_lines(text)
    # Table rows ("2111 |") and lines without a Chinese character state nothing in words.
    parts = [
        p
        for p in (part.strip() for part in _SENTENCE_END.split(squeeze(text)))
        if p and "|" not in p and _HAS_CJK.search(p)
    ]
    if not parts:
        return []
    # One conversion for the whole section is much cheaper than one per sentence; fall back
    # to per-sentence if folding ever changed the number of lines.
    normed = norm("\n".join(parts)).split("\n")
    if len(normed) != len(parts):
        normed = [norm(p) for p in parts]
    return [
        Sentence(original=p, norm=n, section=section) for p, n in zip(parts, normed, strict=True)
    ]


_LINE_END_CHARS = frozenset('。！？!?；;：:）)」”"|')


def looks_wrapped(text: str) -> bool:
    """Text cut into lines by page width (PDF text saved as .txt): most long lines stop mid-sentence."""
    long_lines = [ln for ln in text.splitlines() if len(ln.strip()) >= 20 and "|" not in ln]
    if len(long_lines) < 5:
        return False
    # The last non-space character, not a regex search: "[。…]\s*$" retried at every 。 of a
    # line that has many of them and long runs of spaces.
    open_ended = sum(1 for ln in long_lines if ln.rstrip()[-1:] not in _LINE_END_CHARS)
    return open_ended / len(long_lines) >= 0.4


def rejoin_wrapped_lines(text: str) -> str:
    """Join lines broken by page width: a line that does not end a sentence continues."""
    # Linear: only the last character of the line being built is looked at (a regex search
    # over the growing line made an unbroken column of digits quadratic), and the pieces of a
    # line are joined once.
    out: list[list[str]] = []
    length = 0  # of the line being built
    for raw in text.splitlines():
        ln = raw.strip()
        if not ln:
            continue
        if out and out[-1][-1][-1] not in _LINE_END_CHARS and length >= 12 and "|" not in ln:
            out[-1].append(ln)
            length += len(ln)
        else:
            out.append([ln])
            length = len(ln)
    return "\n".join("".join(parts) for parts in out)


def cn_year(text: str) -> int | None:
    """``2022`` or ``二〇二二`` → 2022; None when not a plausible report year."""
    digits = text.translate(_CN_YEAR_DIGITS)
    if not digits.isdigit() or len(digits) != 4:
        return None
    year = int(digits)
    return year if 1990 <= year <= 2100 else None


def to_number(text: str) -> float | int | None:
    """``1,234`` / ``12.5`` → a number (int when whole)."""
    text = text.replace(",", "").replace("，", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in text else value


def original_slice(original: str, start: int, end: int) -> str:
    """The part of ``original`` that ``norm(original)[start:end]`` came from.

    fold_width can lengthen a character (``…`` → ``...``); t2s keeps one character for one,
    so walking the original and summing each character's folded length maps positions back.
    """
    pos = 0
    o_start = o_end = None
    for i, ch in enumerate(original):
        if o_start is None and pos >= start:
            o_start = i
        if pos >= end:
            o_end = i
            break
        pos += len(fold_width(ch)) or 1
    if o_start is None:
        o_start = len(original)
    if o_end is None:
        o_end = len(original)
    return original[o_start:o_end]
