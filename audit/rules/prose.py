"""Prose against tables: numbers stated in the report's sentences versus tables 三, 四 and 二.

The parser puts each number it found in ``record["prose"]`` (``key``, ``value``, ``quote``,
``section``, ``flags``; see ``reader/record.py``). These rules compare them with the table
cells that are numbers, and stay silent whenever one reading of the sentence agrees with the
table: a false alarm costs a reviewer more than a missed warning.

A contradiction is reported only when no reading of the table gives the prose number; the
finding quotes both (the sentence, and the cells with their values). Traps handled here:

- an intake that already includes the carry-over (flag ``includes_carry_in``, or a plain
  收到/受理 N 件 where N = 新收 + 上年结转) is not a contradiction; an explicit 新收 N 件 where
  N = 新收 + 上年结转 is a difference of scope: ``info``;
- 办理 N 件 may be the intake (with or without the carry-over) or the handled total;
- categories said together (``予以公开及部分公开42件``: key ``R1+R2``) are compared with the sum
  of their rows, never with one of them;
- a share (``占33.9%``) is checked against every base the prose may mean (本年新收, 新收 +
  上年结转, 办结总计, or an intake the prose states), from the table's number or the prose's;
- applicants (``涉及自然人72件``) are compared with that column of 新收, 新收 + 上年结转 or 总计;
- with no usable table 三, the prose itself must balance: 新收 + 上年结转 = 办结 + 结转下年度;
- the same fact stated twice gives one finding;
- table 四: counts, outcome counts (``其中纠正1件``) and claims (``均获维持``: nothing
  纠正 or 尚未审结; ``均已结案``: nothing 尚未审结; ``未被纠错``: nothing 纠正).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import (
    T2_LAYOUTS,
    T2_ROW_LABELS,
    T3_GROUP_LABELS,
    T3_GROUPS,
    T3_ROW_LABELS,
    T4_COL_LABELS,
    Record,
)

from .arithmetic import plausibility_note
from .base import Context, Finding, Rule, Severity
from .cells import TableView, fmt, is_number, plain
from .registry import register

INCLUDES_CARRY_IN = "includes_carry_in"

# Prose keys about table 三 and how they are said in Chinese (for messages).
T3_FACT_NAMES = {
    "NEW": "本年新收申请",
    "RECEIVED": "收到申请",
    "CARRY_IN": "上年结转申请",
    "R1": "予以公开",
    "R2": "部分公开",
    "R3": "不予公开",
    "R4": "无法提供",
    "R5": "不予处理",
    "R6": "其他处理",
    "R7": "办结（答复）",
    "CARRY_OUT": "结转下年度继续办理",
    "HANDLED": "办理申请",
}
INTAKE_KEYS = ("NEW", "RECEIVED", "HANDLED")
# Applicant columns named in prose; ORG is 法人或其他组织, the sum of the organisation columns.
PARTY_COLS = {
    "NP": ("NP",),
    "BIZ": ("BIZ",),
    "SCI": ("SCI",),
    "NGO": ("NGO",),
    "LAW": ("LAW",),
    "ORG": ("BIZ", "SCI", "NGO", "LAW", "OTH"),
}
PARTY_NAMES = {
    "NP": "自然人",
    "BIZ": "商业企业",
    "SCI": "科研机构",
    "NGO": "社会公益组织",
    "LAW": "法律服务机构",
    "ORG": "法人或其他组织",
}


def _t3_key(key: str) -> bool:
    """A prose key about table 三: a row or group, a combination of them, or an applicant."""
    if key in T3_FACT_NAMES:
        return True
    if key.startswith("PARTY."):
        return key[6:] in PARTY_COLS
    return "+" in key and all(k in T3_FACT_NAMES for k in key.split("+"))


def _parts(key: str) -> list[str]:
    return key.split("+")


def _name(key: str) -> str:
    if key.startswith("PARTY."):
        return f"{PARTY_NAMES[key[6:]]}申请"
    return "及".join(T3_FACT_NAMES[k] for k in _parts(key))


def prose_facts(record: Record) -> list[dict[str, Any]]:
    """The record's prose facts that carry a number."""
    facts = record.get("prose")
    if not isinstance(facts, list):
        return []
    return [
        f
        for f in facts
        if isinstance(f, dict) and isinstance(f.get("key"), str) and is_number(f.get("value"))
    ]


def _flags(fact: dict[str, Any]) -> set[str]:
    flags = fact.get("flags")
    return {f for f in flags if isinstance(f, str)} if isinstance(flags, list) else set()


def _quotes(facts: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(f.get("quote") or "").strip() for f in facts if f.get("quote")))


def _noted(findings: Iterable[Finding], view: TableView) -> Iterable[Finding]:
    """Each finding, told when a cell it rests on was chosen by plausibility (a glued row with
    several readings): then the table, not the prose, may be what is wrong."""
    for finding in findings:
        cells = finding.evidence.get("cells")
        note = plausibility_note(view, cells) if isinstance(cells, dict) else ""
        yield dataclasses.replace(finding, message=finding.message + note) if note else finding


def _same(a: float | int, b: float | int) -> bool:
    return abs(a - b) < 1e-9


# ---- table 三 --------------------------------------------------------------------------------


def _t3_sum(view: TableView, keys: Iterable[str]) -> tuple[float | int | None, dict[str, Any]]:
    """Table 三's 总计 for rows or groups (a group is the sum of its rows), with the cells used."""
    rows: list[str] = []
    for key in keys:
        if key in T3_GROUPS and not (key == "R6" and view.layout == "2019"):
            rows += T3_GROUPS[key]
        else:
            rows.append(key)
    cells: dict[str, Any] = {}
    total: float | int = 0
    for row in rows:
        value = view.value(row, "TOT")
        if value is None:
            return None, {}
        cells[view.ref(row, "TOT")] = plain(value)
        total += value
    return total, cells


def _t3_usable(view: TableView) -> bool:
    """Table 三 holds at least one of the balance rows' totals as a number."""
    if not view.usable:
        return False
    return any(view.value(row, "TOT") is not None for row in ("NEW", "CARRY_IN", "R7", "CARRY_OUT"))


def _t3_cols(view: TableView, row: str, cols: Iterable[str]) -> float | int | None:
    """Sum of some columns of one row of table 三 (``None`` when one of them is not a number)."""
    total: float | int = 0
    for col in cols:
        value = view.value(row, col)
        if value is None:
            return None
        total += value
    return total


def _share_ok(share: float, counts: Iterable[float | int], bases: Iterable[float | int]) -> bool:
    """``share`` % is count / base for one of the counts and bases, to the printed precision:
    rounded (within half a unit of its last digit) or truncated (up to one unit above)."""
    text = f"{share:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    unit = 10.0**-decimals
    return any(
        -unit / 2 - 1e-9 <= 100 * c / b - share < unit + 1e-9
        for c in counts
        for b in bases
        if b and b > 0
    )


@register
class NarrativeTable3(Rule):
    id = "NARR-T3"
    severity = Severity.WARNING
    title = "正文所述申请数字与表三不一致"
    description = (
        "正文中的收到/新收、上年结转、办结、结转下年度、予以公开、部分公开、不予公开、无法提供、"
        "不予处理、其他处理的件数，以及申请人类别（自然人、法人或其他组织等）件数和所占比例，"
        "与表三总计列（或该列）的任何读法都不一致时报告，引用正文原句和表三单元格；"
        "表三不可用时，正文数字本身应满足“新收 + 上年结转 = 办结 + 结转下年度”（目标 balance）。"
        "正文合并说的类别（“予以公开及部分公开42件”）与各行之和比较；逐项列举的与各行分别比较；"
        "“占33.9%”与本年新收、新收加上年结转、办结总计等各种基数比较，任一相符即可。"
        "“受理 296 件，其中结转自上年度 7 件”这类已含上年结转的说法，"
        "以及收到（受理、办理）件数等于新收加上年结转的情况，不视为矛盾；"
        "明说“新收”而数字等于新收加上年结转的，只作提示（info，口径不同）。"
        "新收与收到（受理）的说法各自判断，一句正确的含上年结转的受理数不能抵消一句错误的新收数。"
        "表三在而数字粘连无法读取时，不以正文自身平衡代替表三核对。"
    )
    example: ClassVar[dict[str, Any]] = {
        "prose": {"RECEIVED": 68},
        "cells": {"t3.NEW.TOT": 50, "t3.CARRY_IN.TOT": 0},
        "expected": 50,
        "actual": 68,
        "quotes": ["全区共收到政府信息依申请公开68件"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        facts = [f for f in prose_facts(record) if _t3_key(f["key"])]
        if not facts:
            return
        view = context.table("t3")
        if _t3_usable(view):
            yield from _noted(self._against_table(facts, view), view)
        elif not view.unread:
            # The prose stands in for a table that is absent or an empty skeleton, not for one
            # whose numbers are there but unread (glued digits): TABLE-AMBIGUOUS-CELLS says so,
            # and prose copied from a faulty table would only repeat the table's fault.
            yield from self._balance([f for f in facts if f["key"] in T3_FACT_NAMES])

    # -- with a table ------------------------------------------------------------------------

    def _against_table(self, facts: list[dict[str, Any]], view: TableView) -> Iterable[Finding]:
        by_target: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in facts:
            key = fact["key"]
            if key in INTAKE_KEYS or key.startswith("PARTY."):
                target = "NEW"
            else:
                target = _parts(key)[0]  # a combination is shown on its first row
            by_target[target].append(fact)
        bases = self._bases(facts, view)
        for target, group in by_target.items():
            if target == "NEW":
                findings = self._intake(group, view)
            else:
                findings = self._rows(target, group, view)
            yield from findings
        yield from self._shares(facts, view, bases)

    @staticmethod
    def _bases(facts: list[dict[str, Any]], view: TableView) -> list[float | int]:
        """Every number a share in the prose may be a share of."""
        new, carry = view.value("NEW", "TOT"), view.value("CARRY_IN", "TOT")
        out = [v for v in (new, view.value("R7", "TOT")) if v is not None]
        if new is not None and carry is not None:
            out.append(new + carry)
        out += [f["value"] for f in facts if f["key"] in INTAKE_KEYS or f["key"] == "R7"]
        return out

    def _intake(self, group: list[dict[str, Any]], view: TableView) -> list[Finding]:
        new = view.value("NEW", "TOT")
        if new is None:
            return []
        carry = view.value("CARRY_IN", "TOT")
        total = view.value("R7", "TOT")
        with_carry = [new + carry] if carry is not None else []
        # Each kind of intake fact is judged on its own: a right "受理21件（含上年结转1件）" says
        # nothing about a wrong "新收10件". Within one kind, any one reading that agrees with
        # the table settles it (one fact stated twice with two numbers usually means two
        # scopes, e.g. 全区 and 本机关).
        kinds: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for fact in group:
            if fact["key"] in INTAKE_KEYS:
                kinds[(fact["key"], INCLUDES_CARRY_IN in _flags(fact))].append(fact)
        wrong: list[dict[str, Any]] = []
        scope: list[dict[str, Any]] = []
        for (key, _), facts in kinds.items():
            accepted = [new]
            if key != "NEW":  # 收到 / 受理 / 办理 may well include the carry-over
                accepted += with_carry
            if key == "HANDLED" and total is not None:
                accepted.append(total)
            if any(any(_same(f["value"], a) for a in accepted) for f in facts):
                continue
            if carry and any(_same(f["value"], w) for f in facts for w in with_carry):
                scope += facts  # 新收 said of 新收 + 上年结转: a difference of scope
                continue
            wrong += facts
        out: list[Finding] = []
        cells = {view.ref("NEW", "TOT"): plain(new)}
        if carry is not None:
            cells[view.ref("CARRY_IN", "TOT")] = plain(carry)
        if wrong:
            out.append(self._intake_finding(wrong, new, carry, total, cells, view))
        if scope:
            values = list(dict.fromkeys(plain(f["value"]) for f in scope))
            out.append(
                self.finding(
                    target="NEW",
                    severity=Severity.INFO,
                    message=f"正文称本年新收政府信息公开申请 {'、'.join(fmt(v) for v in values)} 件，"
                    f"等于表三“本年新收”（{fmt(new)}）与“上年结转”（{fmt(carry or 0)}）之和："
                    "口径不同（含上年结转），不是数字矛盾。",
                    evidence={
                        "prose": {"NEW": _one(values)},
                        "cells": cells,
                        "expected": plain(new),
                        "actual": _one(values),
                        "quotes": _quotes(scope),
                    },
                )
            )
        party = self._party(group, view)
        if party and out and out[0].severity == Severity.WARNING:
            # One finding per target: the applicants join the intake's finding.
            first = out[0]
            evidence = dict(first.evidence)
            evidence["prose"] = {**evidence["prose"], **party.evidence["prose"]}
            evidence["cells"] = {**evidence["cells"], **party.evidence["cells"]}
            evidence["quotes"] = list(dict.fromkeys(evidence["quotes"] + party.evidence["quotes"]))
            out[0] = self.finding(
                target="NEW", message=first.message + party.message, evidence=evidence
            )
        elif party:
            out.insert(0, party)
        return out

    def _intake_finding(
        self,
        wrong: list[dict[str, Any]],
        new: float | int,
        carry: float | int | None,
        total: float | int | None,
        cells: dict[str, Any],
        view: TableView,
    ) -> Finding:
        values = list(dict.fromkeys(plain(f["value"]) for f in wrong))
        said = "、".join(fmt(v) for v in values)
        also = f"，也不等于新收与上年结转之和（{fmt(new + carry)}）" if carry else ""
        handled = any(f["key"] == "HANDLED" for f in wrong)
        if handled and total is not None:
            cells = {**cells, view.ref("R7", "TOT"): plain(total)}
            also += f"，也不等于办理结果总计（{fmt(total)}）"
        stated: dict[str, list[float | int]] = defaultdict(list)
        for f in wrong:
            if plain(f["value"]) not in stated[f["key"]]:
                stated[f["key"]].append(plain(f["value"]))
        verb = "办理" if all(f["key"] == "HANDLED" for f in wrong) else "收到（新收）"
        return self.finding(
            target="NEW",
            message=f"正文称{verb}政府信息公开申请 {said} 件，"
            f"与表三“本年新收”总计（{fmt(new)}）不一致{also}。",
            evidence={
                "prose": {k: _one(v) for k, v in stated.items()},
                "cells": cells,
                "expected": plain(new),
                "actual": values[0] if len(values) == 1 else values,
                "quotes": _quotes(wrong),
            },
        )

    def _party(self, group: list[dict[str, Any]], view: TableView) -> Finding | None:
        """Applicant counts against the same columns of 新收, 新收 + 上年结转 and 总计."""
        wrong: list[tuple[dict[str, Any], dict[str, Any], list[float | int]]] = []
        for fact in group:
            if not fact["key"].startswith("PARTY."):
                continue
            cols = PARTY_COLS[fact["key"][6:]]
            new = _t3_cols(view, "NEW", cols)
            carry = _t3_cols(view, "CARRY_IN", cols)
            total = _t3_cols(view, "R7", cols)
            readings = [v for v in (new, total) if v is not None]
            if new is not None and carry is not None:
                readings.append(new + carry)
            if not readings or any(_same(fact["value"], r) for r in readings):
                continue
            cells = {
                view.ref(row, c): plain(v)
                for row in ("NEW", "CARRY_IN", "R7")
                for c in cols
                if (v := view.value(row, c)) is not None
            }
            wrong.append((fact, cells, readings))
        if not wrong:
            return None
        parts = []
        cells: dict[str, Any] = {}
        for fact, fact_cells, readings in wrong:
            shown = "、".join(fmt(r) for r in dict.fromkeys(plain(r) for r in readings))
            parts.append(
                f"正文称{_name(fact['key'])} {fmt(fact['value'])} 件，表三该栏为 {shown}，均不一致。"
            )
            cells.update(fact_cells)
        first_readings = wrong[0][2]
        return self.finding(
            target="NEW",
            message="".join(parts),
            evidence={
                "prose": {f["key"]: plain(f["value"]) for f, _, _ in wrong},
                "cells": cells,
                "expected": plain(first_readings[0]),
                "actual": plain(wrong[0][0]["value"]),
                "quotes": _quotes(f for f, _, _ in wrong),
            },
        )

    def _rows(self, target: str, group: list[dict[str, Any]], view: TableView) -> list[Finding]:
        """Rows, groups and combinations of them, each key against its own total."""
        by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in group:
            by_key[fact["key"]].append(fact)
        out: list[Finding] = []
        for key, facts in by_key.items():
            total, cells = _t3_sum(view, _parts(key))
            if total is None:
                continue
            if any(_same(f["value"], total) for f in facts):
                continue
            values = list(dict.fromkeys(plain(f["value"]) for f in facts))
            if "+" in key:
                where = "、".join(
                    f"“{T3_GROUP_LABELS.get(k) or T3_ROW_LABELS.get(k, k)}”" for k in _parts(key)
                )
                what = f"表三{where}之和"
            else:
                label = T3_GROUP_LABELS.get(key) or T3_ROW_LABELS.get(key, key)
                what = f"表三“{label}”{'之和' if len(cells) > 1 else '总计'}"
            out.append(
                self.finding(
                    target=target,
                    message=f"正文称{_name(key)} {'、'.join(fmt(v) for v in values)} 件，"
                    f"与{what}（{fmt(total)}）不一致。",
                    evidence={
                        "prose": {key: values[0] if len(values) == 1 else values},
                        "cells": cells,
                        "expected": plain(total),
                        "actual": values[0] if len(values) == 1 else values,
                        "quotes": _quotes(facts),
                    },
                )
            )
        return out

    def _shares(
        self, facts: list[dict[str, Any]], view: TableView, bases: list[float | int]
    ) -> Iterable[Finding]:
        for fact in facts:
            share = fact.get("share")
            if not is_number(share):
                continue
            key = fact["key"]
            if key in INTAKE_KEYS:
                continue  # an intake is the base itself
            if key.startswith("PARTY."):
                cols = PARTY_COLS[key[6:]]
                table = [v for r in ("NEW", "R7") if (v := _t3_cols(view, r, cols)) is not None]
                cells: dict[str, Any] = {}
            else:
                total, cells = _t3_sum(view, _parts(key))
                table = [total] if total is not None else []
            if not table or not bases:
                continue
            if _share_ok(share, [*table, fact["value"]], bases):
                continue
            target = "NEW" if key.startswith("PARTY.") else _parts(key)[0]
            shown = "、".join(
                f"{fmt(round(100 * table[0] / b, 1))}%" for b in dict.fromkeys(bases) if b
            )
            yield self.finding(
                target=target,
                message=f"正文称{_name(key)} {fmt(fact['value'])} 件、占 {fmt(share)}%，"
                f"而按表三计算该数（{fmt(table[0])}）占新收、新收加上年结转或办结总数的比例为"
                f" {shown}，均不相符。",
                evidence={
                    "prose": {key: plain(fact["value"]), "share": plain(share)},
                    "cells": cells,
                    "bases": [plain(b) for b in dict.fromkeys(bases)],
                    "expected": plain(table[0]),
                    "actual": plain(share),
                    "quotes": _quotes([fact]),
                },
            )

    # -- without a table -----------------------------------------------------------------------

    def _balance(self, facts: list[dict[str, Any]]) -> Iterable[Finding]:
        values: dict[str, list[float | int]] = defaultdict(list)
        received_incl: list[float | int] = []
        for fact in facts:
            key, value = fact["key"], fact["value"]
            if key == "RECEIVED" and INCLUDES_CARRY_IN in _flags(fact):
                received_incl.append(value)
            elif key in _BALANCE_KEYS and value not in values[key]:
                values[key].append(value)
        if not values["R7"] or not values["CARRY_OUT"]:
            return
        # 收到 N 件 stated beside 新收 N 件 is the same fact said twice, not a second reading.
        received = [r for r in values["RECEIVED"] if r not in values["NEW"]]
        # Every reading of the intake the prose allows; one that balances settles it.
        intakes: set[float | int] = set(received_incl)
        for carry in values["CARRY_IN"]:
            intakes |= {new + carry for new in values["NEW"]}
            for r in received:
                intakes |= {r, r + carry}  # a plain 收到 N 件 may already include the carry-over
        # Without a stated carry-over, 新收 or a plain 收到 alone cannot be judged: the prose
        # may have left an earlier year's applications unsaid.
        if not intakes:
            return
        outs = {r + c for r, c in itertools.product(values["R7"], values["CARRY_OUT"])}
        if any(_same(i, o) for i in intakes for o in outs):
            return
        used = [f for f in facts if f["key"] in _BALANCE_KEYS]
        stated: dict[str, Any] = {k: _one(v) for k, v in values.items() if v}
        if received_incl:
            stated["RECEIVED"] = _one(received_incl)
        ins, outs_sorted = sorted(intakes), sorted(outs)
        yield self.finding(
            target="balance",
            message=(
                "正文所述申请数字自相矛盾：新收与上年结转之和为 "
                f"{'、'.join(fmt(i) for i in ins)} 件，而办结与结转下年度之和为 "
                f"{'、'.join(fmt(o) for o in outs_sorted)} 件（应相等）。"
            ),
            evidence={
                "prose": stated,
                "expected": _one(ins),
                "actual": _one(outs_sorted),
                "quotes": _quotes(used),
            },
        )


_BALANCE_KEYS = ("NEW", "RECEIVED", "CARRY_IN", "R7", "CARRY_OUT")


def _one(values: list[float | int]) -> Any:
    """One value as itself, several as a list (evidence stays readable)."""
    out = [plain(v) for v in values]
    return out[0] if len(out) == 1 else out


# ---- table 四 --------------------------------------------------------------------------------


_T4_CLAIMS = {
    "all_kept": "均获维持",
    "all_closed": "均已审结",
    "none_corrected": "没有被纠错",
}


@register
class NarrativeTable4(Rule):
    id = "NARR-T4"
    severity = Severity.WARNING
    title = "正文所述复议、诉讼件数与表四不一致"
    description = (
        "正文中因政府信息公开被申请行政复议、提起行政诉讼的件数与表四不同"
        "（行政复议对比复议总计；行政诉讼对比“未经复议直接起诉”与“复议后起诉”的总计之和）；"
        "正文所述维持、纠正、尚未审结的件数与表四该栏不同；或正文称“均获维持”“均已结案”"
        "“未被纠错”，而表四有结果纠正或尚未审结的案件。"
    )
    example: ClassVar[dict[str, Any]] = {
        "prose": {"REV": 25},
        "cells": {"t4.REV.TOT": 23},
        "expected": 23,
        "actual": 25,
        "quotes": ["全区因政府信息公开工作被申请行政复议25件"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table("t4")
        if not view.usable:
            return
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in prose_facts(record):
            target, _, col = fact["key"].partition(".")
            if target in ("REV", "LIT") and col in ("", "KEEP", "CORR", "OTHER", "PEND"):
                groups[target].append(fact)
        for target, group in groups.items():
            rows = ("REV",) if target == "REV" else ("LD", "LR")
            parts: list[str] = []
            cells: dict[str, Any] = {}
            wrong: list[dict[str, Any]] = []
            prose: dict[str, Any] = {}
            first: tuple[float | int, float | int] | None = None
            by_col: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for fact in group:
                by_col[fact["key"].partition(".")[2] or "TOT"].append(fact)
            for col, facts in by_col.items():
                values = {view.ref(r, col): view.value(r, col) for r in rows}
                if any(v is None for v in values.values()):
                    continue
                total = sum(v for v in values.values() if v is not None)
                if any(_same(f["value"], total) for f in facts):
                    continue
                said = list(dict.fromkeys(plain(f["value"]) for f in facts))
                parts.append(self._describe(target, col, facts, said, total))
                cells.update({k: plain(v) for k, v in values.items() if v is not None})
                wrong += facts
                prose[facts[0]["key"]] = _one(said)
                first = first or (total, said[0])
            if not wrong or first is None:
                continue
            yield from _noted(
                [
                    self.finding(
                        target=target,
                        message="".join(parts),
                        evidence={
                            "prose": prose,
                            "cells": cells,
                            "expected": plain(first[0]),
                            "actual": plain(first[1]),
                            "quotes": _quotes(wrong),
                        },
                    )
                ],
                view,
            )

    @staticmethod
    def _describe(
        target: str,
        col: str,
        facts: list[dict[str, Any]],
        said: list[float | int],
        total: float | int,
    ) -> str:
        name = "被申请行政复议" if target == "REV" else "被提起行政诉讼"
        where = "行政复议" if target == "REV" else "行政诉讼两组"
        if col == "TOT":
            where = "行政复议总计" if target == "REV" else "行政诉讼两组总计之和"
            return f"正文称{name} {'、'.join(fmt(v) for v in said)} 件，与表四{where}（{fmt(total)}）不一致。"
        claims = [_T4_CLAIMS[flag] for f in facts for flag in _flags(f) if flag in _T4_CLAIMS]
        label = T4_COL_LABELS[col]
        if claims and all(f["value"] == 0 for f in facts):
            return (
                f"正文称{'行政复议' if target == 'REV' else '行政诉讼'}{claims[0]}，"
                f"而表四{where}“{label}”为 {fmt(total)} 件。"
            )
        return (
            f"正文称{where}{label} {'、'.join(fmt(v) for v in said)} 件，"
            f"与表四（{fmt(total)}）不一致。"
        )


# ---- table 二 --------------------------------------------------------------------------------


def _close(prose: float | int, cell: float | int, decimal: bool) -> bool:
    """Equal, allowing a rounded amount in the prose (8157.19 万元 for 8157.1912)."""
    if not decimal:
        return _same(prose, cell)
    return abs(prose - cell) <= max(0.01, abs(cell) * 0.005)


# Prose facts name 2021-layout columns; in a 2019-layout table these cells say the same thing.
# A column with no counterpart (2019 has no 废止 count and no fee amount) cannot be compared.
_COUNTERPARTS_2019 = {"ISSUED": ("MADE", "PUBLISHED"), "IN_FORCE": ("TOTAL",)}


def _compared_cells(layout_cols: Iterable[str], col: str, layout: str | None) -> tuple[str, ...]:
    cols = tuple(layout_cols)
    if col in cols:
        return (col,)
    if layout == "2019":
        return tuple(c for c in _COUNTERPARTS_2019.get(col, ()) if c in cols)
    return ()


@register
class NarrativeTable2(Rule):
    id = "NARR-T2"
    severity = Severity.WARNING
    title = "正文所述主动公开数量与表二不一致"
    description = (
        "正文中的规范性文件制发/废止/现行有效件数、行政许可、行政处罚、行政强制件数、"
        "行政事业性收费金额与表二不同。正文数字等于该行任一单元格时不报告"
        "（正文常只说“规范性文件 N 件”而不说是哪一列）；金额允许四舍五入；"
        "表中没有对应栏目（如 2019 年格式没有废止件数和收费金额）时不比较。"
    )
    example: ClassVar[dict[str, Any]] = {
        "prose": {"T2.NORM.ISSUED": 22},
        "cells": {"t2.NORM.MADE": 40, "t2.NORM.PUBLISHED": 40, "t2.NORM.TOTAL": 62},
        "expected": 40,
        "actual": 22,
        "quotes": ["制定区政府规范性文件22件"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        view = context.table("t2")
        if not view.usable:
            return
        groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for fact in prose_facts(record):
            parts = fact["key"].split(".")
            if len(parts) == 3 and parts[0] == "T2" and parts[1] in T2_ROW_LABELS:
                groups[parts[1]].append((parts[2], fact))
        layout = T2_LAYOUTS.get(view.layout or "")
        for row, items in groups.items():
            if layout is None or row not in layout:
                continue
            numbers = {c: v for c in layout[row] if (v := view.value(row, c)) is not None}
            decimal = row in ("FEE", "PROCURE")
            mismatched = []
            for col, fact in items:
                compared = [
                    c for c in _compared_cells(layout[row], col, view.layout) if c in numbers
                ]
                if not compared:
                    continue  # no such column, or its cell is blank: nothing certain to compare
                if any(_close(fact["value"], v, decimal) for v in numbers.values()):
                    continue
                mismatched.append((compared[0], fact))
            if not mismatched:
                continue
            facts = [f for _, f in mismatched]
            values = list(dict.fromkeys(plain(f["value"]) for f in facts))
            expected = numbers[mismatched[0][0]]
            shown = "、".join(fmt(v) for v in numbers.values())
            yield self.finding(
                target=row,
                message=f"正文所述{T2_ROW_LABELS[row]}数量（{'、'.join(fmt(v) for v in values)}）"
                f"与表二该行的数字（{shown}）均不一致。",
                evidence={
                    "prose": {f["key"]: plain(f["value"]) for f in facts},
                    "cells": {view.ref(row, c): plain(v) for c, v in numbers.items()},
                    "expected": plain(expected),
                    "actual": values[0] if len(values) == 1 else values,
                    "quotes": _quotes(facts),
                },
            )
