"""Render a :class:`~tests.robustness.corpus.Doc` the ways real publishing chains do.

Tables are built once as grids with the official spans (``domain.md`` §2.2–2.5; both the 2021
and the 2019 layouts), then printed as HTML (several CMS styles), as scraped text (one cell per
line, pipes per row, Markdown, tab-separated browser copies, PDF-like text lines, glued
digits) or as a Word file (which ``pdf.py`` turns into a PDF with LibreOffice).
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import io
import random
import re
from dataclasses import dataclass

from demo.render import GridCell, format_value, place_cells, table_grid
from reader.record import (
    SECTION_KEYS,
    T3_COL_LABELS,
    T3_GROUP_LABELS,
    T3_ROW_LABELS,
    t3_rows,
)

from .corpus import Cells, Doc, TableSpec

Grid = list[list[GridCell]]

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS = "三、本年度办理结果"
T3_COLS = ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT")


# ---- grids -------------------------------------------------------------------------------------


def _t2_2019(cells: Cells) -> Grid:
    def val(row: str, col: str) -> GridCell:
        value = cells.get(row, {}).get(col)
        if row == "PROCURE" and col == "AMOUNT" and isinstance(value, int | float):
            return GridCell(format_value(value) + "万元")
        return GridCell(format_value(value))

    blocks = (
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         (("规章", "REG"), ("规范性文件", "NORM")), ("MADE", "PUBLISHED", "TOTAL")),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政许可", "LICENSE"), ("其他对外管理服务事项", "OTHER_SERVICE")),
         ("PREV_ITEMS", "CHANGE", "DECISIONS")),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政处罚", "PUNISH"), ("行政强制", "COERCE")), ("PREV_ITEMS", "CHANGE", "DECISIONS")),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"),
         (("行政事业性收费", "FEE"),), ("PREV_ITEMS", "CHANGE")),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"),
         (("政府集中采购", "PROCURE"),), ("ITEMS", "AMOUNT")),
    )  # fmt: skip
    grid: Grid = []
    for caption, heads, rows, cols in blocks:
        grid.append([GridCell(caption, colspan=4, header=True)])
        pad = 4 - 1 - len(heads)
        head = [GridCell("信息内容", header=True)] + [GridCell(h, header=True) for h in heads]
        if pad:
            head[-1] = GridCell(heads[-1], colspan=1 + pad, header=True)
        grid.append(head)
        for label, key in rows:
            row = [GridCell(label)] + [val(key, c) for c in cols]
            if pad:
                last = row[-1]
                row[-1] = GridCell(last.text, colspan=1 + pad)
            grid.append(row)
    return grid


def _t3(cells: Cells, layout: str, *, subtotals: bool = False) -> Grid:
    """Table 三 with the official spans; ``subtotals`` adds the non-official 小计 rows some
    templates print under groups （三）…（六） (domain.md §2.4)."""
    rows = t3_rows(layout)
    grid: Grid = [
        [GridCell(T3_NOTE, rowspan=3, colspan=3, header=True),
         GridCell("申请人情况", colspan=7, header=True)],
        [GridCell(T3_COL_LABELS["NP"], rowspan=2, header=True),
         GridCell("法人或其他组织", colspan=5, header=True),
         GridCell(T3_COL_LABELS["TOT"], rowspan=2, header=True)],
        [GridCell(T3_COL_LABELS[c], header=True) for c in ("BIZ", "SCI", "NGO", "LAW", "OTH")],
    ]  # fmt: skip
    groups: dict[str, list[str]] = {}
    for row in rows:
        if "_" in row:
            groups.setdefault(row.split("_")[0], []).append(row)
    extra = len(groups) if subtotals else 0
    n_results = len(rows) - 3 + extra

    def numbers(row: str) -> list[GridCell]:
        return [GridCell(format_value(cells.get(row, {}).get(c))) for c in T3_COLS]

    for row in rows:
        label = T3_ROW_LABELS[row]
        if row in ("NEW", "CARRY_IN", "CARRY_OUT"):
            lead = [GridCell(label, colspan=3)]
        elif "_" not in row:
            lead = [GridCell(T3_GROUP_LABELS.get(row, label) if row == "R6" else label, colspan=2)]
            if row == "R1":
                lead.insert(0, GridCell(T3_RESULTS, rowspan=n_results))
        else:
            group, _, index = row.partition("_")
            lead = [GridCell(label)]
            if index == "1":
                size = len(groups[group]) + (1 if subtotals else 0)
                lead.insert(0, GridCell(T3_GROUP_LABELS[group], rowspan=size))
        grid.append(lead + numbers(row))
        if subtotals and "_" in row and row == groups[row.split("_")[0]][-1]:
            members = groups[row.split("_")[0]]
            sums = []
            for c in T3_COLS:
                values = [cells.get(m, {}).get(c) for m in members]
                ok = all(isinstance(v, int) for v in values)
                sums.append(GridCell(str(sum(values)) if ok else ""))  # type: ignore[arg-type]
            grid.append([GridCell("小计"), *sums])
    return grid


def grid_for(table: TableSpec, *, subtotals: bool = False) -> Grid:
    if table.key == "t3":
        return _t3(table.cells, table.layout, subtotals=subtotals)
    if table.key == "t2" and table.layout == "2019":
        return _t2_2019(table.cells)
    return table_grid(table.key, table.cells)


def t4_subtables(cells: Cells) -> list[Grid]:
    """Table 四 printed as three small tables (复议 / 未经复议直接起诉 / 复议后起诉)."""
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    out = []
    for group, caption in (("REV", "行政复议"), ("LD", "行政诉讼（未经复议直接起诉）"),
                           ("LR", "行政诉讼（复议后起诉）")):  # fmt: skip
        out.append(
            [
                [GridCell(caption, colspan=5, header=True)],
                [GridCell(h, header=True) for h in heads],
                [
                    GridCell(format_value(cells.get(group, {}).get(c)))
                    for c in ("KEEP", "CORR", "OTHER", "PEND", "TOT")
                ],
            ]
        )
    return out


def expanded(grid: Grid) -> list[list[str]]:
    """The grid as a full matrix; spanned positions other than the origin are empty."""
    placed, width = place_cells(grid)
    matrix = [[""] * width for _ in grid]
    for r, c, cell in placed:
        matrix[r][c] = cell.text
    return matrix


# ---- HTML --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlStyle:
    """How a CMS prints the article. ``wrap``: ``cms`` (whole page, metadata table with
    发布日期), ``legacy`` (old CMS: 发布时间 line), ``fragment`` (the article only), ``nested``
    (page laid out with tables; the report inside a layout-table cell)."""

    wrap: str = "cms"
    heading: str = "strong"  # "strong" | "h3" | "b"
    paras: str = "p"  # "p" | "br" (one div, paragraphs separated by <br>)
    cells: str = "styled"  # "styled" | "word" (MsoNormal, o:p) | "th-br" (<th>, <br> in heads)
    split_tables: bool = False  # table 二 as four tables, table 四 as three
    subtotals: bool = False
    blank: str = "&nbsp;"
    date_label: str = "发布日期"
    heading_in_table: bool = False  # section heading as the first (caption) row of its table


def _e(text: str) -> str:
    return html_lib.escape(text, quote=False)


def _br_head(text: str) -> str:
    # Header cells wrap inside narrow columns: "本年新<br/>制作数量", "结果<br>维持".
    text = _e(text)
    if 4 <= len(text) <= 8 and "（" not in text:
        cut = len(text) // 2
        return text[:cut] + "<br/>" + text[cut:]
    return text


def _html_cell(cell: GridCell, style: HtmlStyle) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    text = _e(cell.text) if cell.text else style.blank
    if style.cells == "word":
        width = 60 * cell.colspan
        return (
            f'<td width="{width}" valign="center" style="width:{width}pt;border:solid windowtext '
            f'1.0pt;padding:0cm 5.4pt 0cm 5.4pt"{attrs}><p class="MsoNormal" align="center" '
            f'style="text-align:center"><span lang="EN-US" style="font-size:10.5pt;'
            f"font-family:宋体;mso-bidi-font-family:'Times New Roman'\">{text}<o:p></o:p>"
            "</span></p></td>"
        )
    if style.cells == "th-br" and cell.header:
        return f"<th{attrs}>{_br_head(cell.text) if cell.text else style.blank}</th>"
    if style.cells == "th-br" and "（区分" in cell.text:
        # Long row labels break before their bracketed note.
        text = text.replace("（区分", "<br/>（区分")
    weight = "font-weight:bold;" if cell.header else ""
    return (
        f'<td{attrs} style="border:1px solid #000;text-align:center;{weight}">'
        f'<span style="font-size:14px;font-family:仿宋_GB2312;">{text}</span></td>'
    )


def _html_table(grid: Grid, style: HtmlStyle) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;'
           'width:100%;">', "<tbody>"]  # fmt: skip
    for row in grid:
        out.append("<tr>" + "".join(_html_cell(c, style) for c in row) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _html_tables(table: TableSpec, style: HtmlStyle) -> list[str]:
    if style.split_tables and table.key == "t4":
        return [_html_table(g, style) for g in t4_subtables(table.cells)]
    grid = grid_for(table, subtotals=style.subtotals)
    if style.split_tables and table.key == "t2":
        # One small table per 第二十条 block: split at each caption row.
        parts: list[Grid] = []
        for row in grid:
            if len(row) == 1 and row[0].text.startswith("第二十条"):
                parts.append([])
            parts[-1].append(row)
        return [_html_table(p, style) for p in parts]
    return [_html_table(grid, style)]


def _heading_html(text: str, style: HtmlStyle) -> str:
    if style.heading == "h3":
        return f"<h3>{_e(text)}</h3>"
    if style.heading == "b":
        return f"<b>{_e(text)}</b>"
    return f'<p style="text-indent:2em;"><strong>{_e(text)}</strong></p>'


def html_article(doc: Doc, style: HtmlStyle) -> str:
    parts: list[str] = []
    buffer: list[str] = []

    def para(text: str) -> None:
        if style.paras == "br":
            buffer.append("&nbsp;&nbsp;&nbsp;&nbsp;" + _e(text))
        else:
            parts.append(f'<p style="text-indent:2em;line-height:2;">{_e(text)}</p>')

    def flush() -> None:
        if buffer:
            parts.append("<div>" + "<br/>\n".join(buffer) + "<br/></div>")
            buffer.clear()

    def heading(text: str) -> None:
        if style.paras == "br":
            buffer.append(f"<b>{_e(text)}</b>")
        else:
            parts.append(_heading_html(text, style))

    for text in doc.intro:
        para(text)
    for key in SECTION_KEYS:
        sec = doc.sections.get(key)
        if sec is None:
            continue
        if style.heading_in_table and sec.table is not None and sec.heading:
            # Word templates put the section title in the table's first row; the section's
            # prose then follows the table.
            caption = _e(sec.heading)
            tables = _html_tables(sec.table, style)
            tables[0] = tables[0].replace(
                "<tbody>", f'<tbody>\n<tr><td colspan="15"><strong>{caption}</strong></td></tr>', 1
            )
            parts.extend(tables)
            for text in sec.paras:
                para(text)
            continue
        if sec.heading is not None:
            heading(sec.heading)
        for text in sec.paras:
            para(text)
        if sec.table is not None:
            flush()
            parts.extend(_html_tables(sec.table, style))
    for text in doc.tail:
        para(text)
    flush()
    return "\n".join(parts)


_NAV = "".join(
    f'<li><a href="/{i}/">{n}</a></li>'
    for i, n in enumerate(("首页", "政务公开", "政务服务", "互动交流", "走进本区"))
)


def render_html(doc: Doc, style: HtmlStyle = HtmlStyle(), *, charset: str = "utf-8") -> str:
    """A saved page; encode the result with ``charset``."""
    article = html_article(doc, style)
    if style.wrap == "fragment":
        return f'<div class="TRS_Editor">\n<h2>{_e(doc.title)}</h2>\n{article}\n</div>\n'
    date = doc.published
    if style.wrap == "legacy":
        when = f"{date.year}年{date.month:02d}月{date.day:02d}日" if date else ""
        meta = (
            f'<div class="info">{style.date_label}：{when}&nbsp;&nbsp;来源：{_e(doc.agency)}'
            '&nbsp;&nbsp;浏览次数：<span id="hits">312</span>&nbsp;&nbsp;【字体：大 中 小】</div>'
        )
        head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        when = date.isoformat() if date else ""
        meta = (
            '<table class="xxgk_table"><tr><td>索引号：</td><td>000014349/'
            f"{doc.year + 1}-00031</td><td>分类：</td><td>政府信息公开年报</td></tr>"
            f"<tr><td>发布机构：</td><td>{_e(doc.agency)}</td><td>{style.date_label}：</td>"
            f'<td>{when}</td></tr><tr><td>名称：</td><td colspan="3">{_e(doc.title)}</td></tr>'
            "</table>"
        )
        head = f'<meta charset="{charset}">'
    footer = (
        '<div class="footer"><p>主办单位：' + _e(doc.agency or "本网站") + "　承办：信息中心</p>"
        '<p>网站标识码：1101060001　<a href="https://beian.miit.gov.cn">京ICP备05060933号</a>'
        "　京公网安备11010602060030号</p><p>您访问的链接即将离开本网站，是否继续？</p></div>"
    )
    body = (
        f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
        f' &gt; 政府信息公开年报</div>\n{meta}\n<div class="article"><h1>{_e(doc.title)}</h1>'
        f'\n<div class="article-content" id="zoom">\n{article}\n</div>'
        '<div class="tools">【打印本页】【关闭窗口】</div></div>'
    )
    if style.wrap == "nested":
        # Old portals lay the whole page out with tables; the report sits in a cell.
        body = (
            '<table width="1000" align="center" cellpadding="0" cellspacing="0"><tr>'
            '<td width="200" valign="top"><table><tr><td><a href="/">网站首页</a></td></tr>'
            '<tr><td><a href="/zwgk/">信息公开</a></td></tr></table></td>'
            f'<td valign="top"><table width="100%"><tr><td>{body}</td></tr></table></td>'
            "</tr></table>"
        )
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n<title>{_e(doc.title)}</title>\n"
        '<script src="/js/jquery.js"></script>\n</head>\n<body>\n'
        f'<div class="header"><h2>{_e(doc.agency or "政府网站")}</h2><ul class="nav">{_NAV}</ul>'
        f"</div>\n{body}\n{footer}\n</body>\n</html>\n"
    )


# ---- text --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a scraped copy prints tables.

    ``tables``: ``cell`` (one cell per line, ``x |``, ``|||`` fillers), ``row`` (``a | b |``),
    ``md`` (Markdown), ``tab`` (browser copy: tab-separated), ``pdf`` (PDF text lines: label then
    space-separated numbers, long labels wrapped, rowspan labels one character per line).
    ``glue``: ``full`` (a row's numbers run together), ``partial`` (some separators lost in some
    rows); applies to ``pdf`` and ``row`` styles.
    """

    tables: str = "cell"
    glue: str | None = None
    title: bool = True
    dateline: bool = True
    md_headings: bool = False
    seed: int = 0


def _flatten_cell(grid: Grid) -> list[str]:
    _, width = place_cells(grid)
    lines: list[str] = []
    for i, row in enumerate(grid):
        for cell in row:
            lines.append(f"{cell.text} |".lstrip())
        spare = width - len(row)
        if spare > 0 and i < len(grid) - 1:
            lines.append("|" * spare)
    return lines


_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?(?:万元|元)?$")


_PLACEHOLDERS = frozenset({"/", "-", "—", "空", "－", "／"})


def _is_number(text: str) -> bool:
    """A value cell: a number, or a placeholder printed where a number belongs."""
    return bool(_NUMBER.match(text)) or text.strip() in _PLACEHOLDERS


def _glue(numbers: list[str], mode: str | None, rng: random.Random) -> str:
    if mode == "full":
        return "".join(numbers)
    if mode == "partial" and len(numbers) > 2 and rng.random() < 0.4:
        out = numbers[0]
        for n in numbers[1:]:
            out += ("" if rng.random() < 0.35 else " ") + n
        return out
    return " ".join(numbers)


def _flatten_row(grid: Grid, sep: str, end: str, glue: str | None, rng: random.Random) -> list[str]:
    lines = []
    for row in grid:
        texts = [c.text for c in row]
        labels = [t for t in texts if not _is_number(t)]
        nums = [t for t in texts if _is_number(t)]
        if glue and len(nums) > 1 and all(t.isdigit() for t in nums):
            lines.append(sep.join([*labels, _glue(nums, glue, rng)]) + end)
        else:
            lines.append(sep.join(texts) + end)
    return lines


def _flatten_md(grid: Grid) -> list[str]:
    matrix = expanded(grid)
    lines = []
    for i, row in enumerate(matrix):
        lines.append("| " + " | ".join(row) + " |")
        if i == 0:
            lines.append("|" + "---|" * len(row))
    return lines


def _wrap_label(label: str, numbers: str, limit: int = 18) -> list[str]:
    if len(label) <= limit:
        return [f"{label} {numbers}".strip()]
    return [label[:limit], f"{label[limit:]} {numbers}".strip()]


def _flatten_pdf(grid: Grid, glue: str | None, rng: random.Random) -> list[str]:
    """Text lines as a PDF text layer gives them (domain.md §5.4 item 3)."""
    lines: list[str] = []
    for row in grid:
        labels: list[str] = []
        nums: list[str] = []
        for cell in row:
            if cell.rowspan > 2 and not cell.header:
                # A tall rowspan label is drawn vertically: one character per line.
                lines.extend(list(cell.text))
            elif _is_number(cell.text) or cell.text == "":
                nums.append(cell.text)
            else:
                labels.append(cell.text)
        if all(c.header for c in row):
            lines.append(" ".join(c.text for c in row))
            continue
        shown = [n for n in nums if n]
        if glue and len(shown) > 1 and all(n.isdigit() for n in shown):
            numbers = _glue(shown, glue, rng)
        else:
            numbers = " ".join(shown)
        lines.extend(_wrap_label(" ".join(labels), numbers))
    return lines


def _table_lines(table: TableSpec, style: TextStyle, rng: random.Random) -> list[str]:
    grid = grid_for(table)
    if table.key == "t2":
        # Table 二 has no identity to split a glued run with: gluing it only makes a case
        # nobody can read (the right answer is "unreadable"), so its separators are kept.
        style = dataclasses.replace(style, glue=None)
    if style.tables == "row":
        return _flatten_row(grid, " | ", " |", style.glue, rng)
    if style.tables == "tab":
        return _flatten_row(grid, "\t", "", None, rng)
    if style.tables == "md":
        return ["", *_flatten_md(grid), ""]
    if style.tables == "pdf":
        return _flatten_pdf(grid, style.glue, rng)
    return _flatten_cell(grid)


def render_text(doc: Doc, style: TextStyle = TextStyle()) -> str:
    rng = random.Random(f"{doc.base}:{style.seed}")
    lines: list[str] = []
    if style.title and doc.title:
        lines.append(("# " if style.md_headings else "") + doc.title)
    if style.dateline and doc.published:
        lines.append(f"发布日期：{doc.published.isoformat()}")
    lines += doc.intro
    for key in SECTION_KEYS:
        sec = doc.sections.get(key)
        if sec is None:
            continue
        if sec.heading is not None:
            lines.append(("## " if style.md_headings else "") + sec.heading)
        lines += sec.paras
        if sec.table is not None:
            lines += _table_lines(sec.table, style, rng)
    lines += doc.tail
    return "\n".join(lines) + "\n"


# ---- DOCX --------------------------------------------------------------------------------------


def render_docx(doc: Doc, *, tall_t3: bool = False, table_pt: float | None = 9) -> bytes:
    """A Word file with real merged-cell tables. ``tall_t3`` gives table 三 tall rows and a
    repeated header, so that converted to PDF it runs over a page break. ``table_pt``: the
    table font size (``None``: the body's 12 pt, at which 4-digit numbers wrap in their narrow
    columns, as in many real PDFs)."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(12)

    def para(text: str, bold: bool = False) -> None:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(24)
        run = p.add_run(text)
        run.bold = bold

    title = document.add_paragraph()
    title.add_run(doc.title).bold = True
    for text in doc.intro:
        para(text)
    for key in SECTION_KEYS:
        sec = doc.sections.get(key)
        if sec is None:
            continue
        if sec.heading is not None:
            para(sec.heading, bold=True)
        for text in sec.paras:
            para(text)
        if sec.table is not None:
            tall = tall_t3 and sec.table.key == "t3"
            widths = _DOCX_WIDTHS.get(sec.table.key)
            _docx_table(document, grid_for(sec.table), tall=tall, widths=widths, pt=table_pt)
    for text in doc.tail:
        para(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Column widths (cm) as report templates set them: wide label columns, narrow number columns.
_DOCX_WIDTHS: dict[str, tuple[float, ...]] = {
    "t2": (4.6, 3.8, 3.8, 3.8),
    "t3": (0.9, 1.5, 4.6, *(1.3,) * 7),
}


def _docx_table(
    document: object,
    grid: Grid,
    *,
    tall: bool,
    widths: tuple[float, ...] | None = None,
    pt: float | None = None,
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Cm
    from lxml import etree

    placed, width = place_cells(grid)
    table = document.add_table(rows=len(grid), cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    if widths and len(widths) == width:
        table.autofit = False
        for i, w in enumerate(widths):
            table.columns[i].width = Cm(w)
        for r, c, cell in placed:
            for dr in range(cell.rowspan):
                table_row = table.rows[r + dr]
                table_row.cells[c].width = Cm(sum(widths[c : c + cell.colspan]))
    trs = list(table._tbl.tr_lst)
    tcs = [list(tr.tc_lst) for tr in trs]
    absorbed: set[int] = set()
    for r, c, cell in placed:
        for dr in range(cell.rowspan):
            tc = tcs[r + dr][c]
            if cell.colspan > 1:
                tc.grid_span = cell.colspan
                absorbed.update(id(t) for t in tcs[r + dr][c + 1 : c + cell.colspan])
            if cell.rowspan > 1:
                tc.vMerge = "restart" if dr == 0 else "continue"
        if cell.text:
            run = etree.SubElement(tcs[r][c].p_lst[0], qn("w:r"))
            if pt:
                size = etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:sz"))
                size.set(qn("w:val"), str(int(pt * 2)))
            etree.SubElement(run, qn("w:t")).text = cell.text
    for row in tcs:
        for tc in row:
            if id(tc) in absorbed:
                tc.getparent().remove(tc)
    if tall:
        for i, tr in enumerate(trs):
            pr = tr.get_or_add_trPr()
            if i < 3:
                etree.SubElement(pr, qn("w:tblHeader"))
            else:
                height = etree.SubElement(pr, qn("w:trHeight"))
                height.set(qn("w:val"), "900")  # 900 twips ≈ 1.6 cm: 25 rows > one A4 page
