"""Table values re-typed from real reports, and renderers that flatten them the ways copies do.

Seed 002 (北京丰台区 2023, 2021 layout) is re-typed here so the shape tests run without ../shared.
Each renderer produces the text (or HTML/DOCX) of one shape from ``domain.md`` §5.4.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from reader.extract.blocks import Block, Paragraph, Table
from reader.record import (
    T3_COLS,
    T3_GROUP_LABELS,
    T3_ROW_LABELS,
    T4_COLS,
    T4_GROUPS,
    t3_rows,
)

Cells = dict[str, dict[str, int | float | None]]

# 丰台 2023, table 三: row → (NP, BIZ, SCI, NGO, LAW, OTH, TOT)
FENGTAI_T3_ROWS: dict[str, tuple[int, ...]] = {
    "NEW": (2111, 63, 0, 0, 0, 6, 2180),
    "CARRY_IN": (121, 5, 0, 0, 0, 0, 126),
    "R1": (430, 16, 0, 0, 0, 2, 448),
    "R2": (128, 1, 0, 0, 0, 0, 129),
    "R3_1": (14, 0, 0, 0, 0, 0, 14),
    "R3_2": (1, 0, 0, 0, 0, 0, 1),
    "R3_3": (0, 0, 0, 0, 0, 0, 0),
    "R3_4": (7, 2, 0, 0, 0, 0, 9),
    "R3_5": (12, 0, 0, 0, 0, 0, 12),
    "R3_6": (28, 0, 0, 0, 0, 0, 28),
    "R3_7": (25, 2, 0, 0, 0, 0, 27),
    "R3_8": (4, 0, 0, 0, 0, 0, 4),
    "R4_1": (1270, 34, 0, 0, 0, 1, 1305),
    "R4_2": (4, 0, 0, 0, 0, 0, 4),
    "R4_3": (0, 0, 0, 0, 0, 0, 0),
    "R5_1": (14, 1, 0, 0, 0, 0, 15),
    "R5_2": (5, 0, 0, 0, 0, 0, 5),
    "R5_3": (0, 0, 0, 0, 0, 0, 0),
    "R5_4": (0, 0, 0, 0, 0, 0, 0),
    "R5_5": (0, 0, 0, 0, 0, 0, 0),
    "R6_1": (20, 3, 0, 0, 0, 0, 23),
    "R6_2": (51, 0, 0, 0, 0, 0, 51),
    "R6_3": (80, 6, 0, 0, 0, 0, 86),
    "R7": (2093, 65, 0, 0, 0, 3, 2161),
    "CARRY_OUT": (139, 3, 0, 0, 0, 3, 145),
}

FENGTAI_T4: dict[str, tuple[int, ...]] = {
    "REV": (75, 5, 8, 18, 106),
    "LD": (14, 8, 6, 13, 41),
    "LR": (10, 1, 2, 5, 18),
}

FENGTAI_T2: Cells = {
    "REG": {"ISSUED": 0, "REPEALED": 0, "IN_FORCE": 0},
    "NORM": {"ISSUED": 27, "REPEALED": 18, "IN_FORCE": 228},
    "LICENSE": {"DECISIONS": 92486},
    "PUNISH": {"DECISIONS": 26196},
    "COERCE": {"DECISIONS": 68},
    "FEE": {"AMOUNT": 5098.4139},
}


def t3_cells(rows: Mapping[str, Sequence[int | None]]) -> Cells:
    return {key: dict(zip(T3_COLS, values, strict=True)) for key, values in rows.items()}


def t4_cells(groups: Mapping[str, Sequence[int | None]]) -> Cells:
    return {g: dict(zip(T4_COLS, groups[g], strict=True)) for g in T4_GROUPS}


FENGTAI_T3 = t3_cells(FENGTAI_T3_ROWS)
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_GROUP_OF = {"R3_1": "R3", "R4_1": "R4", "R5_1": "R5", "R6_1": "R6"}


def _fmt(v: int | float | None) -> str:
    return "" if v is None else str(v)


def _label_cells(key: str) -> list[str]:
    """The label cells a one-cell-per-line copy prints before a row's numbers (rowspan labels
    only on their first row)."""
    labels = []
    if key == "R1":
        labels.append("三、本年度办理结果")
    if key in _GROUP_OF:
        labels.append(T3_GROUP_LABELS[_GROUP_OF[key]])
    labels.append(T3_ROW_LABELS[key])
    return labels


def t3_one_cell_per_line(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> str:
    """Seed 002's shape: ``cell |`` per line, ``||`` span fillers after each row."""
    out = [
        "三、收到和处理政府信息公开申请情况",
        NOTE + " |",
        "申请人情况 |",
        "||||||||",
        "自然人 |",
        "法人或其他组织 |",
        "总计 |",
        "|||||||",
        "商业 企业 |",
        "科研 机构 |",
        "社会公益组织 |",
        "法律服务机构 |",
        "其他 |",
        "|||||",
    ]
    for key in t3_rows(layout):
        out.extend(f"{label} |" for label in _label_cells(key))
        out.extend(f"{_fmt(v)} |" for v in rows[key])
        out.append("||")
    return "\n".join(out) + "\n"


def t3_pipe_rows(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> str:
    """One row per line: ``label | 1 | 2 | … |``."""
    out = [
        NOTE + " | 申请人情况 |",
        "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
    ]
    for key in t3_rows(layout):
        out.append(" | ".join([T3_ROW_LABELS[key], *(_fmt(v) for v in rows[key])]) + " |")
    return "\n".join(out) + "\n"


def t3_markdown(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> str:
    """A converter's Markdown table: group labels in their own column, spans left empty."""
    out = [
        "## 表三：收到和处理政府信息公开申请情况",
        "",
        "| 项目 | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in t3_rows(layout):
        labels = _label_cells(key)
        labels = ["", "", *labels][-3:]
        out.append("| " + " | ".join([*labels, *(_fmt(v) for v in rows[key])]) + " |")
    return "\n".join(out) + "\n"


def t3_pdf_text(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> str:
    """PDF text lines: header words split, the vertical label one character per line, long
    labels wrapped mid-label, numbers separated by spaces at the end of the line."""
    out = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等",
        "于第三项加第四项之和）",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计商 业 企",
        "业",
        "科研机",
        "构",
        "社会公益组织 法律服务机构 其他",
    ]
    vertical = list("三、本年度办理结果")
    for key in t3_rows(layout):
        numbers = " ".join(_fmt(v) for v in rows[key] if v is not None)
        label = T3_ROW_LABELS[key]
        if key in _GROUP_OF:
            label = T3_GROUP_LABELS[_GROUP_OF[key]] + " " + label
        if len(label) > 18:
            out.append(label[:18])
            label = label[18:]
        if vertical and key not in ("NEW", "CARRY_IN"):
            out.append(vertical.pop(0))
        out.append(f"{label} {numbers}")
    return "\n".join(out) + "\n"


def t3_glued(rows: Mapping[str, Sequence[int]], layout: str = "2021", *, sep: str = " |") -> str:
    """Every row's cells run together: ``一、本年新收政府信息公开申请数量 | 21116300062180 |``."""
    out = [NOTE + sep, "申请人情况" + sep]
    for key in t3_rows(layout):
        out.extend(label + sep for label in _label_cells(key))
        out.append("".join(str(v) for v in rows[key]) + sep)
    return "\n".join(out) + "\n"


def t3_grid(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> Table:
    """The official layout as an extractor gives it: spans expanded, values repeated."""
    grid: list[tuple[str, ...]] = [
        (NOTE, NOTE, NOTE, *(["申请人情况"] * 7)),
        (NOTE, NOTE, NOTE, "自然人", *(["法人或其他组织"] * 5), "总计"),
        (
            NOTE,
            NOTE,
            NOTE,
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ),
    ]
    group = ""
    for key in t3_rows(layout):
        numbers = tuple(_fmt(v) for v in rows[key])
        label = T3_ROW_LABELS[key]
        if key in ("NEW", "CARRY_IN", "CARRY_OUT"):
            grid.append((label, label, label, *numbers))
            continue
        if key in _GROUP_OF:
            group = T3_GROUP_LABELS[_GROUP_OF[key]]
        if key in ("R1", "R2", "R7") or (key == "R6" and layout == "2019"):
            group = ""
            grid.append(("三、本年度办理结果", label, label, *numbers))
        else:
            grid.append(("三、本年度办理结果", group, label, *numbers))
    return Table(rows=tuple(grid))


# ---- HTML and DOCX with the real spans (domain.md §2.4) ---------------------------------


def t3_html_table(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> str:
    keys = t3_rows(layout)
    result_rows = [k for k in keys if k not in ("NEW", "CARRY_IN", "CARRY_OUT")]
    html = [
        '<table border="1" cellspacing="0">',
        f'<tr><td colspan="3" rowspan="3">{NOTE}</td><td colspan="7">申请人情况</td></tr>',
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>",
    ]
    group_sizes = {"R3_1": 8, "R4_1": 3, "R5_1": 5, "R6_1": 3}
    for key in keys:
        nums = "".join(f"<td>{_fmt(v)}</td>" for v in rows[key])
        label = T3_ROW_LABELS[key]
        if key in ("NEW", "CARRY_IN", "CARRY_OUT"):
            html.append(f'<tr><td colspan="3">{label}</td>{nums}</tr>')
            continue
        cells = ""
        if key == "R1":
            cells += f'<td rowspan="{len(result_rows)}">三、本年度办理结果</td>'
        if key in group_sizes:
            group = T3_GROUP_LABELS[_GROUP_OF[key]]
            cells += f'<td rowspan="{group_sizes[key]}">{group}</td><td>{label}</td>'
        elif "_" in key:
            cells += f"<td>{label}</td>"
        else:
            cells += f'<td colspan="2">{label}</td>'
        html.append(f"<tr>{cells}{nums}</tr>")
    html.append("</table>")
    return "\n".join(html)


def whole_page(body: str, title: str = "北京市丰台区人民政府2023年政府信息公开工作年度报告") -> str:
    """A saved web page: navigation, breadcrumbs, metadata table, the article, a footer."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<script>var _hmt = _hmt || [];</script><style>.nav{{color:red}}</style></head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table class="meta"><tr><td>索引号</td><td>11110106MB1234567X/2024-00012</td><td>发布日期</td><td>2024-01-20</td></tr></table>
<div class="article"><h1>{title}</h1>
<p>本报告依据《中华人民共和国政府信息公开条例》编制。</p>
<p>一、总体情况</p><p>2023年，丰台区坚持公开为常态、不公开为例外。</p>
<p>二、主动公开政府信息情况</p><p>详见下表。</p>
<p>三、收到和处理政府信息公开申请情况</p>
{body}
<p>四、政府信息公开行政复议、行政诉讼情况</p><p>详见下表。</p>
<p>五、存在的主要问题及改进情况</p><p>一是政策解读形式有待丰富。</p>
<p>六、其他需要报告的事项</p><p>2023年丰台区共发出收费通知11件，总金额为3930元；实际收取的总金额为1450元。</p>
</div>
<div class="footer">主办：北京市丰台区人民政府办公室 网站标识码：1101060001 京ICP备20013709号
<a href="#">您访问的链接即将离开</a></div>
</body></html>"""


def t3_docx(rows: Mapping[str, Sequence[int | None]], layout: str = "2021") -> bytes:
    """A DOCX with the official merged cells (python-docx ``merge``)."""
    import docx  # python-docx

    document = docx.Document()
    document.add_paragraph("北京市丰台区人民政府2023年政府信息公开工作年度报告")
    for heading in (
        "一、总体情况",
        "2023年，丰台区坚持公开为常态。",
        "二、主动公开政府信息情况",
        "详见下表。",
    ):
        document.add_paragraph(heading)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    keys = t3_rows(layout)
    table = document.add_table(rows=3 + len(keys), cols=10)

    def put(r: int, c: int, text: str) -> None:
        table.cell(r, c).text = text

    table.cell(0, 0).merge(table.cell(2, 2))
    put(0, 0, NOTE)
    table.cell(0, 3).merge(table.cell(0, 9))
    put(0, 3, "申请人情况")
    table.cell(1, 3).merge(table.cell(2, 3))
    put(1, 3, "自然人")
    table.cell(1, 4).merge(table.cell(1, 8))
    put(1, 4, "法人或其他组织")
    table.cell(1, 9).merge(table.cell(2, 9))
    put(1, 9, "总计")
    for c, word in enumerate(
        ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), start=4
    ):
        put(2, c, word)
    group_start: dict[str, int] = {}
    for i, key in enumerate(keys):
        r = 3 + i
        label = T3_ROW_LABELS[key]
        for c, v in enumerate(rows[key], start=3):
            put(r, c, _fmt(v))
        if key in ("NEW", "CARRY_IN", "CARRY_OUT"):
            table.cell(r, 0).merge(table.cell(r, 2))
            put(r, 0, label)
        elif "_" in key:
            put(r, 2, label)
            group = key.split("_")[0]
            group_start.setdefault(group, r)
        else:
            table.cell(r, 1).merge(table.cell(r, 2))
            put(r, 1, label)
    first = 3 + keys.index("R1")
    last = 3 + keys.index("R7")
    table.cell(first, 0).merge(table.cell(last, 0))
    put(first, 0, "三、本年度办理结果")
    for group, start in group_start.items():
        size = sum(1 for k in keys if k.startswith(group + "_"))
        table.cell(start, 1).merge(table.cell(start + size - 1, 1))
        put(start, 1, T3_GROUP_LABELS[group])
    for heading in (
        "四、政府信息公开行政复议、行政诉讼情况",
        "详见下表。",
        "五、存在的主要问题及改进情况",
        "一是政策解读形式有待丰富。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ):
        document.add_paragraph(heading)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def report_text(table_text: str) -> str:
    """A whole plain-text report around a flattened table 三 (its own heading included)."""
    return (
        "北京市丰台区人民政府2023年政府信息公开工作年度报告\n"
        "一、总体情况\n2023年，丰台区坚持公开为常态、不公开为例外。\n"
        "二、主动公开政府信息情况\n详见下表。\n"
        + (
            table_text
            if table_text.lstrip().startswith("三、")
            else "三、收到和处理政府信息公开申请情况\n" + table_text
        )
        + "四、政府信息公开行政复议、行政诉讼情况\n2023年未发生行政复议。\n"
        "五、存在的主要问题及改进情况\n一是政策解读形式有待丰富。\n"
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    )


def blocks_of(text: str) -> list[Block]:
    return [Paragraph(line) for line in text.splitlines() if line.strip()]
