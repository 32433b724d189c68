"""Structure: the six sections, the three tables, table 二's format version, section 五's substance.

The national format (2019 试行 and 2021) fixes six sections and the tables of sections 二, 三, 四.
Reports for years up to 2018 predate it (no national table format, other sections), so these rules
do not judge them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import (
    SECTION_KEYS,
    SECTION_TITLES,
    T2_LAYOUTS,
    T3_COLS,
    T4_COLS,
    T4_GROUPS,
    TABLE_SECTION,
    Record,
    t3_rows,
)
from reader.textnorm import compact

from .base import Context, Finding, Rule, Severity
from .cells import TableView
from .registry import register

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
SECTION_NAMES = {
    "s1": "第一部分“总体情况”",
    "s2": "第二部分“主动公开政府信息情况”",
    "s3": "第三部分“收到和处理政府信息公开申请情况”",
    "s4": "第四部分“政府信息公开行政复议、行政诉讼情况”",
    "s5": "第五部分“存在的主要问题及改进情况”",
    "s6": "第六部分“其他需要报告的事项”",
}
ORDINALS = {"s1": "一", "s2": "二", "s3": "三", "s4": "四", "s5": "五", "s6": "六"}


def national_format_applies(context: Context) -> bool:
    """The national format exists from reporting year 2019; unknown years are judged."""
    return context.year is None or context.year >= 2019


def _sections(record: Record) -> dict[str, dict[str, Any]]:
    sections = record.get("sections")
    if not isinstance(sections, dict):
        return {}
    return {k: v if isinstance(v, dict) else {} for k, v in sections.items()}


def parse_failed(record: Record) -> bool:
    """The parser gave up (its last-resort guard): structure cannot be judged."""
    return bool(record.get("parse_error"))


def required_cells(key: str, view: TableView) -> list[tuple[str, str]]:
    """The (row, col) cells the table's layout requires."""
    if key == "t3":
        return [(row, col) for row in t3_rows(view.layout) for col in T3_COLS]
    if key == "t4":
        return [(row, col) for row in T4_GROUPS for col in T4_COLS]
    layout = T2_LAYOUTS.get(view.layout or "")
    if not layout:
        return []
    return [(row, col) for row, cols in layout.items() for col in cols]


# The core words of each section's title, and heading shape: an ordinal at the start of a line
# (一、 / 一. / 第一部分 / 1.) directly followed by them. Table-三 row labels that start with
# 一、…四、 and sub-headings like （一）主动公开… do not have this shape.
_TITLE_CORE = {
    "s1": r"总体情况|概述|总体概况",
    "s2": r"主动公开政府信息",
    "s3": r"收到和处理政府信息公开申请|依申请公开",
    "s4": r"[^\n]{0,14}行政复议[^\n]{0,8}行政诉讼",
    "s5": r"(?:政府信息公开工作)?存在的?主要问题|存在问题(?:及|和)改进",
    "s6": r"其他需要报告",
}
_ORDINAL = r"^(?:第?[一二三四五六七八九十]{1,2}(?:部分)?|\d{1,2})[、.,，．:：]?"
_HEADING_SHAPE = {
    key: re.compile(_ORDINAL + f"(?:{core})", re.M) for key, core in _TITLE_CORE.items()
}
_LINE_SPACE = re.compile(r"[ \t\u3000]+")


def heading_line(context: Context, key: str) -> str | None:
    """A line of the text shaped like section ``key``'s heading, or ``None``."""
    text = context.match_lines
    match = _HEADING_SHAPE[key].search(text)
    if match is None:
        return None
    end = text.find("\n", match.start())
    return text[match.start() : end if end >= 0 else len(text)][:60]


@register
class SectionMissing(Rule):
    id = "SEC-MISSING"
    severity = Severity.ERROR
    title = "缺少规定的部分"
    description = (
        "年度报告格式规定的六个部分（总体情况、主动公开、依申请公开、复议诉讼、问题及改进、其他事项）"
        "之一的标题在报告中找不到（已接受繁体、拼音注音和常见变体写法）。"
        "内容在而标题缺失的，由 SEC-HEADING-LOST 以提示级别报告。"
        "2018 年及以前的报告没有统一格式，不检查。"
    )
    example: ClassVar[dict[str, Any]] = {"expected_title": "四、政府信息公开行政复议、行政诉讼情况"}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        sections = _sections(record)
        for key in SECTION_KEYS:
            section = sections.get(key, {})
            # A section whose content the parser found without a heading (table 四 right after
            # section 三) is present: the heading may have been lost in copying, as tables are, so
            # an error would not be certain. SectionHeadingLost reports it at info level.
            if section.get("present"):
                continue
            # An error must be certain: a heading-shaped line the parser did not take as the
            # heading (an unusual layout) means the heading is there.
            if heading_line(context, key) is not None:
                continue
            yield self.finding(
                target=key,
                message=f"报告缺少{SECTION_NAMES[key]}：未找到该部分标题。",
                evidence={"expected_title": SECTION_TITLES[key]},
            )


@register
class SectionHeadingLost(Rule):
    id = "SEC-HEADING-LOST"
    severity = Severity.INFO
    title = "部分内容在而标题缺失"
    description = (
        "某部分的内容（如统计表）在报告中，但其标题没有找到；可能是原文漏写，也可能是转载时丢失，"
        "请对照原文核实。"
    )
    example: ClassVar[dict[str, Any]] = {
        "expected_title": "四、政府信息公开行政复议、行政诉讼情况",
        "content_without_heading": True,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        sections = _sections(record)
        for key in SECTION_KEYS:
            section = sections.get(key, {})
            if not section.get("present") or section.get("title"):
                continue
            if "title" not in section or heading_line(context, key) is not None:
                continue
            yield self.finding(
                target=key,
                message=f"报告{SECTION_NAMES[key]}有内容但未找到标题，请对照原文核实。",
                evidence={"expected_title": SECTION_TITLES[key], "content_without_heading": True},
            )


@register
class SectionEmpty(Rule):
    id = "SEC-EMPTY"
    severity = Severity.ERROR
    title = "部分标题下没有内容"
    description = "找到了该部分的标题，但在下一个标题之前既没有文字也没有表格。"
    example: ClassVar[dict[str, Any]] = {
        "title": "三、收到和处理政府信息公开申请情况",
        "next_title": "四、…",
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        sections = _sections(record)
        for key in SECTION_KEYS:
            section = sections.get(key, {})
            if not (section.get("present") and section.get("empty")):
                continue
            # Its table, found (however the section was split), is content.
            if any(context.table(t).present for t, sk in TABLE_SECTION.items() if sk == key):
                continue
            evidence: dict[str, Any] = {"title": section.get("title") or SECTION_TITLES[key]}
            if key in TABLE_SECTION.values():
                evidence["note"] = "该部分应有的表格也未找到（可能在网站转载时丢失，请核对原件）"
            yield self.finding(
                target=key,
                message=f"{SECTION_NAMES[key]}只有标题，没有任何内容。",
                evidence=evidence,
            )


@register
class SectionOrder(Rule):
    id = "SEC-ORDER"
    severity = Severity.WARNING
    title = "部分顺序、重复或编号错误"
    description = "六个部分的标题顺序颠倒、同一部分出现两次，或序号与规定不符（例如“七、其他需要报告的事项”）。"
    example: ClassVar[dict[str, Any]] = {
        "order": ["s1", "s2", "s3", "s4", "s5", "s6"],
        "misnumbered": {"s6": {"printed": "七", "expected": "六"}},
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        order = [k for k in record.get("heading_order") or [] if k in SECTION_KEYS]
        numbers = record.get("heading_numbers") or {}
        problems: list[str] = []
        evidence: dict[str, Any] = {"order": order}

        duplicates = sorted({k for k in order if order.count(k) > 1})
        if duplicates:
            problems.append("重复出现：" + "、".join(ORDINALS[k] for k in duplicates))
            evidence["duplicated"] = duplicates
        first_seen = list(dict.fromkeys(order))
        inversions = [(a, b) for a, b in itertools.pairwise(first_seen) if a > b]
        if inversions:
            problems.append(
                "顺序颠倒：" + "、".join(f"{ORDINALS[a]}在{ORDINALS[b]}之前" for a, b in inversions)
            )
            evidence["out_of_order"] = [list(pair) for pair in inversions]
        misnumbered = {
            k: {"printed": v, "expected": ORDINALS[k]}
            for k, v in numbers.items()
            if k in ORDINALS and isinstance(v, str) and v and v != ORDINALS[k]
        }
        if misnumbered:
            problems.append(
                "序号错误："
                + "、".join(
                    f"“{m['printed']}、”应为“{m['expected']}、”" for m in misnumbered.values()
                )
            )
            evidence["misnumbered"] = misnumbered
        if problems:
            yield self.finding(
                target=None,
                message="报告各部分的顺序或编号与规定格式不符（" + "；".join(problems) + "）。",
                evidence=evidence,
            )


# Header and row words that only the tables use (prose does not say 本年制发件数 or 尚未审结).
_TABLE_HEADER_WORDS = {
    "t2": re.compile(
        r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|本年新制作数量"
        r"|本年新公开数量|对外公开总数量|上一年项目数量|第二十条第\(?[一五六八九]\)?项"
    ),
    "t3": re.compile(
        r"本年新收政府信息公开申请数量|上年结转政府信息公开申请数量|本年度办理结果"
        r"|结转下年度继续办理|第一项加第二项之和|属于三类内部事务信息|本机关不掌握相关政府信息"
    ),
    "t4": re.compile(r"结果维持|结果纠正|尚未审结|未经复议直接起诉|复议后起诉"),
}


@register
class TableMissing(Rule):
    id = "TABLE-MISSING"
    severity = Severity.ERROR
    title = "缺少规定的表格"
    description = (
        "第二、三、四部分有正文，但其中没有规定的统计表（表二、表三、表四）。"
        "该部分缺失或为空时由 SEC-MISSING / SEC-EMPTY 报告，不重复报告。"
    )
    example: ClassVar[dict[str, Any]] = {"section": "s4", "section_chars": 38}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        sections = _sections(record)
        for key, section_key in TABLE_SECTION.items():
            section = sections.get(section_key, {})
            if not section.get("present") or section.get("empty"):
                continue
            if context.table(key).present:
                continue
            # An error must be certain: the table's own header words in the text mean a table
            # is there in a shape the parser did not read.
            if len(set(_TABLE_HEADER_WORDS[key].findall(context.match_compact))) >= 2:
                continue
            yield self.finding(
                target=key,
                message=f"{SECTION_NAMES[section_key]}有文字，但没有规定的{TABLE_NAMES[key]}。",
                evidence={"section": section_key, "section_chars": section.get("chars")},
            )


@register
class TableEmpty(Rule):
    id = "TABLE-EMPTY"
    severity = Severity.ERROR
    title = "表格没有任何数字"
    description = "表格的框架（表头、行名）在，但所有数据单元格都是空的。"
    example: ClassVar[dict[str, Any]] = {"table": "t3", "lost_in_copy": True}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        for key in TABLE_SECTION:
            view = context.table(key)
            # Values the parser saw but could not read are not an empty table: they are
            # TABLE-AMBIGUOUS-CELLS' (info) finding.
            if view.present and view.empty and not view.unread:
                evidence: dict[str, Any] = {"table": key}
                if view.table.get("lost"):
                    evidence["lost_in_copy"] = True
                    evidence["note"] = "表格框架在而数值全无，可能是网站转载时丢失，请核对原件"
                yield self.finding(
                    target=key,
                    message=f"{TABLE_NAMES[key]}只有表格框架，没有填写任何数字。",
                    evidence=evidence,
                )


@register
class TableBlankCells(Rule):
    id = "TABLE-BLANK-CELLS"
    severity = Severity.WARNING
    title = "表格有空白单元格"
    description = (
        "表格中部分必填单元格为空或只有占位符（/、-、—、空、&nbsp;）。空白从不当作 0 处理；"
        "因空白而无法核对的勾稽关系列在证据中。整张表为空时由 TABLE-EMPTY 报告。"
    )
    example: ClassVar[dict[str, Any]] = {
        "cells": ["R3_1.TOT", "R3_2.TOT"],
        "count": 2,
        "unchecked": ["T3-SUM:TOT"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record):
            return
        for key in TABLE_SECTION:
            view = context.table(key)
            if not view.usable:
                continue
            blanks = view.blank_cells(required_cells(key, view))
            if not blanks:
                continue
            shown = "、".join(blanks[:8]) + ("等" if len(blanks) > 8 else "")
            evidence: dict[str, Any] = {"cells": blanks, "count": len(blanks)}
            # Imported here so the catalogue lists structure rules first (registration order).
            from .arithmetic import unchecked_identities

            unchecked = unchecked_identities(key, view)
            if unchecked:
                evidence["unchecked"] = unchecked
            yield self.finding(
                target=key,
                message=f"{TABLE_NAMES[key]}有 {len(blanks)} 个单元格空白或为占位符（{shown}），"
                "空白不按 0 计算，请核实应填的数字。",
                evidence=evidence,
            )


@register
class TableAmbiguousCells(Rule):
    """Cells the parser saw but could not read with certainty (outside ``rules.md``: info only).

    Glued digits ("135121093160") are split by the table's own identities; when no split or
    more than one fits, the parser leaves the cells ``None`` and lists them as ``ambiguous``.
    They are unknown, not blank and not 0, so the arithmetic rules skip them — which is why a
    reviewer must be told: a fault inside those cells is not checked.
    """

    id = "TABLE-AMBIGUOUS-CELLS"
    severity = Severity.INFO
    title = "表格有未能确定读取的单元格"
    description = (
        "表格中部分单元格未能确定读取：数字粘连在一起（如“135121093160”）无法唯一拆分，"
        "或该行未能找到。这些单元格既不当作空白也不当作 0，不参与勾稽关系核对；"
        "证据列出这些单元格和因此未能核对的勾稽关系，请对照原件。"
        "整张表为空时由 TABLE-EMPTY 报告。"
    )
    example: ClassVar[dict[str, Any]] = {
        "table": "t3",
        "cells": ["R1.NP", "R1.BIZ", "R1.SCI", "R1.NGO", "R1.LAW", "R1.OTH", "R1.TOT"],
        "count": 7,
        "unchecked": ["T3-ROW:R1", "T3-SUM:NP", "T3-SUM:TOT"],
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record):
            return
        for key in TABLE_SECTION:
            view = context.table(key)
            cells = view.ambiguous_cells
            # An empty skeleton is TABLE-EMPTY's finding (its rows not found are listed
            # ambiguous too, but there is nothing unread to point at).
            if not view.present or not cells or (view.empty and not view.unread):
                continue
            shown = "、".join(cells[:8]) + ("等" if len(cells) > 8 else "")
            evidence: dict[str, Any] = {"table": key, "cells": cells, "count": len(cells)}
            # Imported here so the catalogue lists structure rules first (registration order).
            from .arithmetic import unchecked_identities

            unchecked = unchecked_identities(key, view)
            if unchecked:
                evidence["unchecked"] = unchecked
            what = "的数字均" if view.unread else f"有 {len(cells)} 个单元格"
            yield self.finding(
                target=key,
                message=f"{TABLE_NAMES[key]}{what}未能确定读取（{shown}），"
                "可能是数字粘连无法唯一拆分；这些单元格未参与勾稽关系核对，请对照原件核实。",
                evidence=evidence,
            )


@register
class FormatVersion(Rule):
    id = "FMT-VERSION"
    severity = Severity.WARNING
    title = "表二使用了与年度不符的格式"
    description = (
        "2021 年及以后的报告应使用 2021 年版格式（国办公开办函〔2021〕30号）的表二；"
        "2019、2020 年的报告应使用 2019 年试行格式的表二。"
    )
    example: ClassVar[dict[str, Any]] = {"year": 2022, "layout": "2019", "expected_layout": "2021"}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        year = context.year
        view = context.table("t2")
        if year is None or year < 2019 or not view.present or view.layout not in T2_LAYOUTS:
            return
        expected = "2021" if year >= 2021 else "2019"
        if view.layout == expected:
            return
        names = {"2021": "2021 年版格式", "2019": "2019 年试行格式"}
        yield self.finding(
            target="t2",
            message=f"{year} 年度报告的表二使用了{names[view.layout]}，应使用{names[expected]}。",
            evidence={"year": year, "layout": view.layout, "expected_layout": expected},
        )


_VACUOUS = {"无", "暂无", "没有", "本年度无", "无其他", "无问题"}


@register
class Section5Vacuous(Rule):
    id = "S5-VACUOUS"
    severity = Severity.WARNING
    title = "“存在的主要问题及改进情况”没有实质内容"
    description = "第五部分不足 20 个字，或只写“无”“暂无”。"
    example: ClassVar[dict[str, Any]] = {"text": "暂无。", "chars": 3}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        if parse_failed(record) or not national_format_applies(context):
            return
        section = _sections(record).get("s5", {})
        # An empty section is SEC-EMPTY's finding; saying it again here would count one fault twice
        # (as TABLE-MISSING stays quiet under SEC-EMPTY).
        if not section.get("present") or section.get("empty"):
            return
        text = context.section_text("s5")
        body = compact(text)
        chars = section.get("chars")
        if not isinstance(chars, int):
            chars = len(body)
        bare = body.strip("。.，,;；:：!！")
        if chars >= 20 and bare not in _VACUOUS:
            return
        yield self.finding(
            target="s5",
            message=f"第五部分“存在的主要问题及改进情况”只有 {chars} 个字，没有说明存在的问题和改进措施。",
            evidence={"text": text.strip()[:60], "chars": chars},
        )
