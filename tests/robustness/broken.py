"""Families of table 三 whose rows are broken apart, as text.

PDF-to-text converters and browser prints keep a table's numbers in row order but part them
from their labels:

- ``txt-labels-first``: the label column read as one block, then every number on a line of its
  own, row by row (and no 勾稽关系 note before the column heads);
- ``txt-numbers-first``: each row's numbers before its label (the label wrapped, the numbers on
  the middle line), group labels cut into fragments between the rows (``（三）不`` … ``予公开``),
  and a browser's header/footer (URL, ``n/m``, print stamp, page title) every few rows;
- ``txt-print-furniture``: PDF text lines (label and numbers on one line, long labels wrapped)
  with the browser's header/footer wherever the page broke, also inside a wrapped label.

They apply to a report whose table 三 has a number in every cell: an empty cell leaves no trace
in these shapes, and then nothing decides where the numbers go (the right answer is unread).
Imported by :mod:`families`, which registers them in its ``text`` group.
"""

from __future__ import annotations

from reader.record import SECTION_KEYS, T3_COLS, T3_GROUP_LABELS, T3_ROW_LABELS, t3_rows

from . import render as R
from .corpus import Doc, TableSpec

_HEADER = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
]


def complete_t3(doc: Doc) -> TableSpec | None:
    """Table 三 when every cell holds a plain number (the families need it)."""
    if not doc.structured:
        return None
    table = doc.table("t3")
    if table is None:
        return None
    for key in t3_rows(table.layout):
        row = table.cells.get(key, {})
        if any(not isinstance(row.get(c), int) for c in T3_COLS):
            return None
    return table


def _furniture(doc: Doc, page: int, pages: int) -> list[str]:
    url = (
        f"http://www.example.gov.cn/zwgk/zfxxgknb/{doc.year + 1}02/t{doc.year + 1}0215_{page}.html"
    )
    return [url, f"{page}/{pages}", f"{doc.year + 1}/2/15 09:{10 + page:02d}", doc.title]


def _numbers(table: TableSpec, key: str) -> list[str]:
    return [str(table.cells[key][c]) for c in T3_COLS]


def _group_of(key: str) -> str | None:
    group = key.split("_")[0]
    return group if group in T3_GROUP_LABELS and "_" in key else None


def _labels_first(doc: Doc, table: TableSpec) -> list[str]:
    # The 勾稽关系 note is not in this text (a converter that drops the header's first cell):
    # nothing but the column heads says where the table starts.
    lines = _HEADER[1:]
    seen: set[str] = set()
    for key in t3_rows(table.layout):
        group = _group_of(key)
        if key == "R1":
            lines.append("三、本年度办理结果")
        if group and group not in seen:
            seen.add(group)
            lines.append(T3_GROUP_LABELS[group])
        label = T3_GROUP_LABELS["R6"] if key == "R6" else T3_ROW_LABELS[key]
        lines.append(label)
    for key in t3_rows(table.layout):
        lines.extend(_numbers(table, key))
    return lines


def _numbers_first(doc: Doc, table: TableSpec) -> list[str]:
    lines = list(_HEADER)
    rows = t3_rows(table.layout)
    pages = 1 + len(rows) // 9 + 1
    page = 1
    pending: list[str] = []  # the second half of a group label, printed a row later
    for i, key in enumerate(rows):
        numbers = _numbers(table, key)
        # the numbers fall over two lines where the number columns are narrow
        lines.append(" ".join(numbers[:2]))
        lines.append(" ".join(numbers[2:]))
        group = _group_of(key)
        label = T3_GROUP_LABELS["R6"] if key == "R6" else T3_ROW_LABELS[key]
        if group and key.endswith("_1"):
            name = T3_GROUP_LABELS[group]
            lines.append(name[:4])
            pending.append(name[4:])
        lines.append(label)
        if pending and not key.endswith("_1"):
            lines.append(pending.pop())
        if i % 9 == 8:
            page += 1
            lines.extend(_furniture(doc, page - 1, pages))
    lines.extend(pending)
    return lines


def _print_furniture(doc: Doc, table: TableSpec) -> list[str]:
    text = R._table_lines(table, R.TextStyle(tables="pdf"), None)  # type: ignore[arg-type]
    out: list[str] = []
    pages = 1 + len(text) // 8 + 1
    page = 1
    for i, line in enumerate(text):
        out.append(line)
        if i % 8 == 7:
            # cut where the page broke, also between a wrapped label's two lines
            page += 1
            out.extend(_furniture(doc, page - 1, pages))
    return out


SHAPES = {
    "labels-first": _labels_first,
    "numbers-first": _numbers_first,
    "print-furniture": _print_furniture,
}


def render(doc: Doc, shape: str) -> str | None:
    """The report as PDF-like text lines with table 三 in ``shape``; None when the family does
    not apply (see the module doc)."""
    table = complete_t3(doc)
    if table is None:
        return None
    style = R.TextStyle(tables="pdf")
    lines: list[str] = [doc.title] if doc.title else []
    lines += doc.intro
    for key in SECTION_KEYS:
        sec = doc.sections.get(key)
        if sec is None:
            continue
        if sec.heading is not None:
            lines.append(sec.heading)
        lines += sec.paras
        if sec.table is None:
            continue
        if sec.table is table:
            lines += SHAPES[shape](doc, table)
        else:
            lines += R._table_lines(sec.table, style, None)  # type: ignore[arg-type]
    lines += doc.tail
    return "\n".join(lines) + "\n"
