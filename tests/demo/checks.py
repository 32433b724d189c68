"""An independent, deliberately naive auditor of the demo's own data structures.

It recomputes every fault the generator can inject straight from the numbers and the text of a
:class:`DemoReport`, so that tests can check that ``defects.csv`` lists exactly what is wrong with
each report — and that the clean ones are clean. (It reads the generator's data, not files: the
portal's real parser and audit engine are tested against the files elsewhere.)
"""

from __future__ import annotations

import datetime as dt
import re

from demo.generate import DemoReport
from demo.model import Cells, CellValue
from reader.record import (
    T2_LAYOUTS,
    T3_COLS,
    T3_PARTY_COLS,
    T3_RESULT_ROWS_2021,
    T3_ROWS_2021,
    T4_GROUPS,
)

Finding = tuple[str, str]


def num(value: CellValue) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def similarity(a: str, b: str, n: int = 4) -> float:
    """Jaccard similarity of character n-gram sets (digits kept: a changed year counts)."""
    sa = {a[i : i + n] for i in range(len(a) - n + 1)}
    sb = {b[i : i + n] for i in range(len(b) - n + 1)}
    return len(sa & sb) / max(1, len(sa | sb))


def t3_findings(t3: Cells) -> set[Finding]:
    out: set[Finding] = set()
    values = [t3[r][c] for r in T3_ROWS_2021 for c in T3_COLS]
    if all(v is None for v in values):
        return {("TABLE-EMPTY", "t3")}
    if any(num(v) is None for v in values):
        out.add(("TABLE-BLANK-CELLS", "t3"))
    for row in T3_ROWS_2021:
        parts = [num(t3[row][c]) for c in T3_PARTY_COLS]
        total = num(t3[row]["TOT"])
        if total is not None and None not in parts and total != sum(parts):  # type: ignore[arg-type]
            out.add(("T3-ROW", row))
    for col in T3_COLS:
        results = [num(t3[r][col]) for r in T3_RESULT_ROWS_2021]
        r7 = num(t3["R7"][col])
        if r7 is not None and None not in results and r7 != sum(results):  # type: ignore[arg-type]
            out.add(("T3-SUM", col))
        ends = [num(t3[r][col]) for r in ("NEW", "CARRY_IN", "R7", "CARRY_OUT")]
        if None not in ends and ends[0] + ends[1] != ends[2] + ends[3]:  # type: ignore[operator]
            out.add(("T3-COL", col))
    return out


def t4_findings(t4: Cells) -> set[Finding]:
    out: set[Finding] = set()
    for group in T4_GROUPS:
        cells = t4[group]
        if cells["TOT"] != sum(cells[c] for c in ("KEEP", "CORR", "OTHER", "PEND")):  # type: ignore[misc]
            out.add(("T4-SUM", group))
        if any(not isinstance(v, int) or v < 0 for v in cells.values()):
            out.add(("T4-DOM", group))
    return out


def t2_findings(t2: Cells) -> set[Finding]:
    out: set[Finding] = set()
    for row, cols in T2_LAYOUTS["2021"].items():
        for col in cols:
            value = t2[row][col]
            ok = isinstance(value, float) if row == "FEE" else isinstance(value, int)
            if not ok or value < 0:  # type: ignore[operator]
                out.add(("T2-DOM", f"{row}.{col}"))
    return out


_NEW = re.compile(r"新收政府信息公开申请(\d+)件")
_RECEIVED = re.compile(r"收到政府信息公开申请(\d+)件")
_ACCEPTED = re.compile(r"受理政府信息公开申请(\d+)件，其中上年结转(\d+)件")
_CARRY_IN = re.compile(r"上年结转的?(\d+)件")
_DONE = re.compile(r"(?:办结|答复)(\d+)件")
_CARRY_OUT = re.compile(r"(\d+)件结转下年度|结转下年度(?:继续办理)?(\d+)件")


def narr_findings(report: DemoReport) -> set[Finding]:
    """The application figures stated in section 一 against the table's 总计 column."""
    text = report.data.section_text("s1")
    t3 = report.true_t3 if report.fault == "TABLE-EMPTY" else report.data.t3
    assert t3 is not None
    tot = {row: num(t3[row]["TOT"]) for row in ("NEW", "CARRY_IN", "R7", "CARRY_OUT")}
    out: set[Finding] = set()
    for m in _NEW.finditer(text):
        if int(m.group(1)) != tot["NEW"]:
            out.add(("NARR-T3", "NEW"))
    for m in _RECEIVED.finditer(text):
        if int(m.group(1)) not in (tot["NEW"], tot["NEW"] + tot["CARRY_IN"]):  # type: ignore[operator]
            out.add(("NARR-T3", "NEW"))
    for m in _ACCEPTED.finditer(text):
        if int(m.group(1)) != tot["NEW"] + tot["CARRY_IN"]:  # type: ignore[operator]
            out.add(("NARR-T3", "NEW"))
    for m in _CARRY_IN.finditer(text):
        if int(m.group(1)) != tot["CARRY_IN"]:
            out.add(("NARR-T3", "CARRY_IN"))
    for m in _DONE.finditer(text):
        if int(m.group(1)) != tot["R7"]:
            out.add(("NARR-T3", "R7"))
    for m in _CARRY_OUT.finditer(text):
        if int(m.group(1) or m.group(2)) != tot["CARRY_OUT"]:
            out.add(("NARR-T3", "CARRY_OUT"))
    return out


def deadline(report: DemoReport) -> dt.date:
    year = report.year + 1
    return dt.date(year, 3, 31) if report.agency.level == "gov" else dt.date(year, 1, 31)


def findings(report: DemoReport, previous: DemoReport | None) -> set[Finding]:
    """Everything wrong with a report, as (rule, target); empty for a clean report."""
    data = report.data
    assert data.t2 is not None and data.t3 is not None and data.t4 is not None
    out = t3_findings(data.t3) | t4_findings(data.t4) | t2_findings(data.t2)
    out |= narr_findings(report)
    if "收费通知" not in data.section_text("s6"):
        out.add(("FEE-MISSING", "s6"))
    s5 = re.sub(r"[\s。，；：]", "", data.section_text("s5"))
    if len(s5) < 20 or s5 in ("无", "暂无"):
        out.add(("S5-VACUOUS", "s5"))
    assert data.published is not None
    if data.published > deadline(report):
        out.add(("DATE-LATE", ""))
    if previous is not None and previous.year == report.year - 1:
        prev_t3 = previous.data.t3
        assert prev_t3 is not None
        for col in T3_COLS:
            now, before = num(data.t3["CARRY_IN"][col]), num(prev_t3["CARRY_OUT"][col])
            if now is not None and before is not None and now != before:
                out.add(("X-CARRY", col))
        for key in ("s1", "s5"):
            a, b = data.section_text(key), previous.data.section_text(key)
            if len(a) >= 40 and similarity(a, b) >= 0.9:
                out.add(("X-COPY", key))
    return out
