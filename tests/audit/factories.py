"""Small records for rule tests, built from ``empty_record()``.

``good_record()`` is a complete, consistent 2023 government report (the numbers of 丰台区 2023,
typed in here so the tests run without ../shared/): every rule is silent on it except info
findings. Tests take it and break exactly one thing.
"""

from __future__ import annotations

import copy
from typing import Any

from audit.engine import run_rules
from reader.record import (
    SECTION_KEYS,
    SECTION_TITLES,
    T3_COLS,
    T3_ROWS_2019,
    T3_ROWS_2021,
    Record,
    empty_record,
)

# 丰台区 2023, table 三 (2021 layout): NP, BIZ, SCI, NGO, LAW, OTH, TOT.
T3_2021: dict[str, list[int]] = {
    "NEW": [2111, 63, 0, 0, 0, 6, 2180],
    "CARRY_IN": [121, 5, 0, 0, 0, 0, 126],
    "R1": [430, 16, 0, 0, 0, 2, 448],
    "R2": [128, 1, 0, 0, 0, 0, 129],
    "R3_1": [14, 0, 0, 0, 0, 0, 14],
    "R3_2": [1, 0, 0, 0, 0, 0, 1],
    "R3_3": [0, 0, 0, 0, 0, 0, 0],
    "R3_4": [7, 2, 0, 0, 0, 0, 9],
    "R3_5": [12, 0, 0, 0, 0, 0, 12],
    "R3_6": [28, 0, 0, 0, 0, 0, 28],
    "R3_7": [25, 2, 0, 0, 0, 0, 27],
    "R3_8": [4, 0, 0, 0, 0, 0, 4],
    "R4_1": [1270, 34, 0, 0, 0, 1, 1305],
    "R4_2": [4, 0, 0, 0, 0, 0, 4],
    "R4_3": [0, 0, 0, 0, 0, 0, 0],
    "R5_1": [14, 1, 0, 0, 0, 0, 15],
    "R5_2": [5, 0, 0, 0, 0, 0, 5],
    "R5_3": [0, 0, 0, 0, 0, 0, 0],
    "R5_4": [0, 0, 0, 0, 0, 0, 0],
    "R5_5": [0, 0, 0, 0, 0, 0, 0],
    "R6_1": [20, 3, 0, 0, 0, 0, 23],
    "R6_2": [51, 0, 0, 0, 0, 0, 51],
    "R6_3": [80, 6, 0, 0, 0, 0, 86],
    "R7": [2093, 65, 0, 0, 0, 3, 2161],
    "CARRY_OUT": [139, 3, 0, 0, 0, 3, 145],
}

# 北碚区 2020, table 三 (2019 layout).
T3_2019: dict[str, list[int]] = {
    "NEW": [49, 1, 0, 0, 0, 0, 50],
    "CARRY_IN": [0, 0, 0, 0, 0, 0, 0],
    "R1": [26, 1, 0, 0, 0, 0, 27],
    "R2": [1, 0, 0, 0, 0, 0, 1],
    **{f"R3_{i}": [0] * 7 for i in range(1, 9)},
    "R3_6": [1, 0, 0, 0, 0, 0, 1],
    "R4_1": [8, 0, 0, 0, 0, 0, 8],
    "R4_2": [0] * 7,
    "R4_3": [0] * 7,
    **{f"R5_{i}": [0] * 7 for i in range(1, 6)},
    "R6": [9, 0, 0, 0, 0, 0, 9],
    "R7": [45, 1, 0, 0, 0, 0, 46],
    "CARRY_OUT": [4, 0, 0, 0, 0, 0, 4],
}

T2_2021: dict[str, dict[str, float | int | None]] = {
    "REG": {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0},
    "NORM": {"ISSUED": 27, "REPEALED": 18, "IN_FORCE": 228},
    "LICENSE": {"DECISIONS": 92486},
    "PUNISH": {"DECISIONS": 26196},
    "COERCE": {"DECISIONS": 68},
    "FEE": {"AMOUNT": 5098.4139},
}

T2_2019: dict[str, dict[str, float | int | None]] = {
    "REG": {"MADE": 0, "PUBLISHED": 0, "TOTAL": 0},
    "NORM": {"MADE": 40, "PUBLISHED": 40, "TOTAL": 62},
    "LICENSE": {"PREV_ITEMS": 622, "CHANGE": 259, "DECISIONS": 187481},
    "OTHER_SERVICE": {"PREV_ITEMS": 1964, "CHANGE": 163, "DECISIONS": 1074931},
    "PUNISH": {"PREV_ITEMS": 1574, "CHANGE": 430, "DECISIONS": 250653},
    "COERCE": {"PREV_ITEMS": 79, "CHANGE": 0, "DECISIONS": 2665},
    "FEE": {"PREV_ITEMS": 26, "CHANGE": 37},
    "PROCURE": {"ITEMS": 318, "AMOUNT": 74708.228},
}

T4: dict[str, dict[str, int | None]] = {
    "REV": {"KEEP": 75, "CORR": 5, "OTHER": 8, "PEND": 18, "TOT": 106},
    "LD": {"KEEP": 14, "CORR": 8, "OTHER": 6, "PEND": 13, "TOT": 41},
    "LR": {"KEEP": 10, "CORR": 1, "OTHER": 2, "PEND": 5, "TOT": 18},
}

S1_TEXT = (
    "2023年，本区认真贯彻落实《中华人民共和国政府信息公开条例》，强化组织领导，"
    "积极推进政策解读、政民互动等工作。（五）监督保障：将政务公开纳入绩效考核，"
    "开展社会评议，本年度未发生责任追究情况。"
)
S5_TEXT = (
    "（一）主要问题：政策解读的形式和质量有待进一步提高，个别文件缺少实质性解读。"
    "（二）改进情况：制发政策解读办法，细化政策解读标准，提升解读质量。"
)
FEE_STATEMENT = "2023年共发出收费通知11件，总金额为3930元；实际收取的总金额为1450元。"


def t3_table(layout: str = "2021", **rows: list[int | float | None]) -> dict[str, Any]:
    """Table 三 with the seed numbers of ``layout``; ``rows`` replace whole rows."""
    source = copy.deepcopy(T3_2021 if layout == "2021" else T3_2019)
    source.update(rows)
    keys = T3_ROWS_2021 if layout == "2021" else T3_ROWS_2019
    cells = {row: dict(zip(T3_COLS, source[row], strict=True)) for row in keys}
    return {
        "present": True,
        "empty": False,
        "layout": layout,
        "cells": cells,
        "blank": [f"{r}.{c}" for r, cols in cells.items() for c, v in cols.items() if v is None],
        "ambiguous": [],
        "lost": False,
    }


def t2_table(layout: str = "2021") -> dict[str, Any]:
    cells = copy.deepcopy(T2_2021 if layout == "2021" else T2_2019)
    return {"present": True, "empty": False, "layout": layout, "cells": cells, "blank": []}


def t4_table() -> dict[str, Any]:
    return {"present": True, "empty": False, "cells": copy.deepcopy(T4), "blank": []}


def empty_table(key: str) -> dict[str, Any]:
    """A skeleton without numbers (seed 003's table 三)."""
    table = {"t2": t2_table, "t3": t3_table, "t4": t4_table}[key]()
    for cols in table["cells"].values():
        for col in cols:
            cols[col] = None
    table["blank"] = [f"{r}.{c}" for r, cols in table["cells"].items() for c in cols]
    table["empty"] = True
    table["lost"] = True
    return table


def section(text: str) -> dict[str, Any]:
    return {
        "present": True,
        "empty": not text,
        "title": None,
        "chars": len("".join(text.split())),
        "text": text,
    }


def good_record(year: int = 2023, level: str = "gov", layout: str | None = None) -> Record:
    """A complete report with every identity holding (only info findings expected)."""
    layout = layout or ("2021" if year >= 2021 else "2019")
    record = empty_record()
    record.update(
        {
            "source": "test.txt",
            "year": year,
            "agency": "北京市丰台区人民政府",
            "level": level,
            "format_version": layout,
            "title": f"北京市丰台区人民政府{year}年政府信息公开工作年度报告",
            "title_year": year,
            "period": {
                "statement": f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
                "year": year,
            },
            "published": f"{year + 1}-01-20",
            "published_source": "metadata",
        }
    )
    texts = {
        "s1": S1_TEXT.replace("2023", str(year)),
        "s2": "第二十条第(一)项 | 信息内容 | 本年制发件数 |",
        "s3": "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |",
        "s4": "行政复议 | 行政诉讼 |",
        "s5": S5_TEXT,
        "s6": FEE_STATEMENT.replace("2023", str(year)),
    }
    for key in SECTION_KEYS:
        record["sections"][key] = section(texts[key])
        record["sections"][key]["title"] = SECTION_TITLES[key]
    record["heading_order"] = list(SECTION_KEYS)
    record["tables"] = {"t2": t2_table(layout), "t3": t3_table(layout), "t4": t4_table()}
    record["fee"] = {
        "statement": FEE_STATEMENT.replace("2023", str(year)),
        "notices_count": 11,
        "notices_amount": 3930,
        "collected_amount": 1450,
    }
    record["text"] = "\n".join(
        [record["title"], record["period"]["statement"]]
        + [f"{SECTION_TITLES[k]}\n{texts[k]}" for k in SECTION_KEYS]
    )
    return record


def fact(
    key: str,
    value: float | int,
    quote: str = "",
    section: str = "s1",
    flags: list[str] | None = None,
) -> dict[str, Any]:
    """One prose number as the parser records it."""
    return {
        "key": key,
        "value": value,
        "quote": quote or f"{key} {value}",
        "section": section,
        "flags": flags or [],
    }


def findings(
    record: Record,
    rule: str | None = None,
    previous: Record | None = None,
    metadata: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """``run_rules`` output, optionally only one rule's findings."""
    out = run_rules(record, previous=previous, metadata=metadata)
    return [f for f in out if rule is None or f["rule"] == rule]


def targets(
    record: Record,
    rule: str,
    previous: Record | None = None,
    metadata: dict[str, Any] | None = None,
) -> list[str | None]:
    """The targets one rule fires on, in output order."""
    return [f["target"] for f in findings(record, rule, previous=previous, metadata=metadata)]


def set_cell(record: Record, table: str, row: str, col: str, value: Any) -> None:
    """Set one cell, keeping the table's ``blank`` list truthful."""
    tab = record["tables"][table]
    tab["cells"][row][col] = value
    key = f"{row}.{col}"
    blank = tab.setdefault("blank", [])
    if value is None and key not in blank:
        blank.append(key)
    if value is not None and key in blank:
        blank.remove(key)


def report_text(
    year: int = 2023,
    agency: str = "云州市东城区财政局",
    *,
    new: int = 10,
    carry_in: int = 0,
    answered: int = 10,
    carry_out: int = 0,
    s5: str | None = None,
    fee: bool = True,
) -> str:
    """A small complete report as text (pipe-flattened tables) for upload tests.

    ``answered`` applications all go to （一）予以公开; table 三 is balanced when
    ``new + carry_in == answered + carry_out``.
    """
    from reader.record import T3_ROW_LABELS

    rows = {row: [0] * 7 for row in T3_ROWS_2021}
    for row, n in (
        ("NEW", new),
        ("CARRY_IN", carry_in),
        ("R1", answered),
        ("R7", answered),
        ("CARRY_OUT", carry_out),
    ):
        rows[row] = [n, 0, 0, 0, 0, 0, n]
    t3 = [f"{T3_ROW_LABELS[r]} | " + " | ".join(map(str, v)) + " |" for r, v in rows.items()]
    zeros15 = " | ".join(["0"] * 15) + " |"
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息120条，"
        "依申请公开工作规范有序。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项 |",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 1 | 0 | 5 |",
        "第二十条第（五）项 |",
        "信息内容 | 本年处理决定数量 |",
        "行政许可 | 3 |",
        "第二十条第（六）项 |",
        "信息内容 | 本年处理决定数量 |",
        "行政处罚 | 0 |",
        "行政强制 | 0 |",
        "第二十条第（八）项 |",
        "信息内容 | 本年收费金额（单位：万元） |",
        "行政事业性收费 | 0 |",
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |",
        "| 自然人 | 法人或其他组织 | 总计 |",
        "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
        *t3,
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 | 行政诉讼 |",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
        zeros15,
        "五、存在的主要问题及改进情况",
        s5
        or "一是政策解读形式较为单一；二是信息公开平台栏目设置有待优化。下一步将丰富解读形式，优化栏目设置，提升公开质量。",
        "六、其他需要报告的事项",
        "本年度未发出收费通知，未收取信息处理费。" if fee else "无。",
    ]
    return "\n".join(lines)


def drop_section(record: Record, key: str) -> Record:
    """The section's heading is not there: not found by the parser, not in the text either."""
    record["sections"][key] = {"present": False}
    title = SECTION_TITLES[key]
    record["text"] = "\n".join(line for line in record["text"].splitlines() if line != title)
    record["heading_order"] = [k for k in record["heading_order"] if k != key]
    return record


_TABLE_LINES = {
    "t2": "第二十条第(一)项 | 信息内容 | 本年制发件数 |",
    "t3": "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |",
    "t4": "行政复议 | 行政诉讼 |",
}


def drop_table(record: Record, key: str) -> Record:
    """No table at all: absent in the record and none of its lines in the text."""
    record["tables"][key] = {"present": False}
    record["text"] = "\n".join(
        line for line in record["text"].splitlines() if line != _TABLE_LINES[key]
    )
    return record
