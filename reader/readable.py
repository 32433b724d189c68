"""What the public reads of a report's text: the repaired text, with the tables' text dumps set apart.

A section's text as extracted holds the tables 二/三/四 as they came out of the page: one cell
per line ending in ``|``, runs of ``| | | |``, rows joined by ``|``, or whole tables glued into one
line (``…尚未审结总计110024001510102``). The parsed tables are shown as real tables, so the dump
is noise on the page and in snippets; it is kept only behind a “原文” toggle. The words it holds
are the standard table labels every report has, so search loses nothing by not indexing it.

The repaired text is the report's own text (its own script) without the noise copying sites
insert: pinyin after characters (``行政復(fù)議`` → ``行政復議``) and mojibake that re-decodes
provably (``reader.textnorm.repair_mojibake``). The original file stays kept and downloadable.

Pure functions, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.textnorm import compact, fold_width, repair_mojibake, strip_pinyin, to_simplified

# Header words of tables 二/三/四 that a sentence of prose practically never uses (matched on the
# folded Simplified text without spaces). Two of them in one line make it table text; one does
# when the line is short and has no sentence punctuation.
TABLE_WORDS: tuple[str, ...] = (
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "处理决定数量",
    "本年收费金额",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
    "采购总金额",
    "勾稽关系",
    "申请人情况",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
    "第二十条第",
)

_PIPE = re.compile("[|｜¦]")
# A cell alone on its line: a number, maybe a unit or a placeholder (``74708.228万元``, ``-``).
_VALUE_LINE = re.compile(
    r"[\s|｜]*(?:[-—–/\\*×0-9０-９.．,，%％]+(?:万元|元|件|条|个|项)?)?[\s|｜]*"
)
_SENTENCE = re.compile("[。；;！？!?]")
# A label line inside a table (``自然人``, ``（二）部分公开（区分处理的，只计这一情形…）``) is short
# and ends no sentence; prose lines are long or end with 。.
_LABEL_CHARS = 40


def repaired(text: str) -> str:
    """The report's text without pinyin noise and with provable mojibake re-decoded."""
    if not text:
        return ""
    return repair_mojibake(strip_pinyin(text))


def _folded(line: str) -> str:
    return compact(to_simplified(fold_width(line)))


def _table_words(folded: str) -> int:
    return sum(1 for w in TABLE_WORDS if w in folded)


def _kind(line: str) -> str:
    """``blank``, ``table`` (surely table text), ``label`` (short, could be either) or ``prose``."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _PIPE.search(stripped) or _VALUE_LINE.fullmatch(stripped):
        return "table"
    folded = _folded(stripped)
    words = _table_words(folded)
    sentence = _SENTENCE.search(folded) is not None
    # Prose may name two header words (``涉及自然人80件、商业企业1件。``); a glued table line
    # names many and ends no sentence.
    if (words >= 2 and not sentence) or words >= 6:
        return "table"
    if words and not sentence and len(folded) <= _LABEL_CHARS:
        return "table"
    if len(folded) <= _LABEL_CHARS and not sentence:
        return "label"
    return "prose"


@dataclass(frozen=True, slots=True)
class Part:
    """A run of lines of a section: ``prose`` (shown and indexed) or ``table`` (a text dump)."""

    kind: str
    text: str


def split_text(text: str) -> list[Part]:
    """``text`` as runs of prose and of table dumps, in order (their lines joined by ``\\n``).

    A table run starts and ends with a line that is surely table text (a ``|``, a bare number,
    table header words); short label lines and blank lines between two such lines belong to it.
    A label line just before or after a run joins it when it names a table's part
    (``第二十条第（一）项``), so a heading of the prose (``（三）不予公开方面``) stays prose.
    """
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    is_table = [k == "table" for k in kinds]
    # Fill the gaps of labels and blanks between two table lines.
    last_table = None
    for i, kind in enumerate(kinds):
        if kind == "table":
            if last_table is not None and all(
                kinds[j] in ("label", "blank") for j in range(last_table + 1, i)
            ):
                for j in range(last_table + 1, i):
                    is_table[j] = True
            last_table = i
        elif kind == "prose":
            last_table = None
    parts: list[Part] = []
    current: list[str] = []
    current_kind: str | None = None
    for line, table in zip(lines, is_table, strict=True):
        kind = "table" if table else "prose"
        if kind != current_kind and current:
            parts.append(Part(current_kind or "prose", "\n".join(current)))
            current = []
        current_kind = kind
        current.append(line)
    if current:
        parts.append(Part(current_kind or "prose", "\n".join(current)))
    return [p for p in (_trim(p) for p in parts) if p.text]


def _trim(part: Part) -> Part:
    return Part(part.kind, part.text.strip("\n") if part.kind == "table" else part.text.strip())


def prose(text: str) -> str:
    """The prose of ``text`` (table dumps left out), paragraphs separated by line breaks."""
    return "\n".join(p.text for p in split_text(text) if p.kind == "prose")


def table_text(text: str) -> str:
    """The table dumps of ``text``, for the “原文” toggle (empty when there are none)."""
    return "\n".join(p.text for p in split_text(text) if p.kind == "table")
