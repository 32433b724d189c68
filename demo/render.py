"""Renderers: one :class:`ReportData` → an HTML page, a scraped-looking text, or a Word file.

All three renderers print the tables from one logical description (:func:`table_grid`): rows of
cells with the official ``rowspan``/``colspan`` of ``domain.md`` §2.2, §2.4 and §2.5. HTML keeps
the spans, DOCX merges the cells, and text flattens them the way scraped copies look (one cell
per line ending in `` |``; a line of ``|`` for the grid positions a row's spans leave empty;
a rowspan label printed only on its first row).

These functions are public so that other tests can render a known table to a file::

    from demo.render import ReportData, render_html
    html = render_html(ReportData(agency="某某局", year=2023, t3=cells))
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from demo.model import Cells, CellValue, ReportData, Site
from reader.record import (
    SECTION_KEYS,
    T3_COL_LABELS,
    T3_GROUP_LABELS,
    T3_ROW_LABELS,
    T3_ROWS_2021,
    T4_COL_LABELS,
    T4_GROUP_LABELS,
    T4_GROUPS,
)

__all__ = [
    "GridCell",
    "ReportData",
    "Site",
    "format_value",
    "place_cells",
    "render_docx",
    "render_html",
    "render_text",
    "table_grid",
]

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS_LABEL = "三、本年度办理结果"

# Fixed timestamp written into DOCX zip entries so that output is byte-for-byte reproducible.
_ZIP_EPOCH = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


Grid = list[list[GridCell]]


def format_value(value: CellValue) -> str:
    """How a cell value is printed: blanks stay blank, fee amounts keep their decimals."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


# ---- the three tables as grids -----------------------------------------------------------------


def _t2_grid(cells: Cells) -> Grid:
    def val(row: str, col: str) -> str:
        return format_value(cells.get(row, {}).get(col))

    def block_head(caption: str) -> list[list[GridCell]]:
        return [[GridCell(caption, colspan=4, header=True)]]

    def single(label: str, header: str, rows: list[tuple[str, str, str]]) -> Grid:
        grid = block_head(label)
        grid.append([GridCell("信息内容", header=True), GridCell(header, colspan=3, header=True)])
        for row_label, row, col in rows:
            grid.append([GridCell(row_label), GridCell(val(row, col), colspan=3)])
        return grid

    grid = block_head("第二十条第（一）项")
    grid.append(
        [
            GridCell("信息内容", header=True),
            GridCell("本年制发件数", header=True),
            GridCell("本年废止件数", header=True),
            GridCell("现行有效件数", header=True),
        ]
    )
    for row, label in (("REG", "规章"), ("NORM", "行政规范性文件")):
        grid.append(
            [GridCell(label)] + [GridCell(val(row, c)) for c in ("ISSUED", "REPEALED", "IN_FORCE")]
        )
    grid += single("第二十条第（五）项", "本年处理决定数量", [("行政许可", "LICENSE", "DECISIONS")])
    grid += single(
        "第二十条第（六）项",
        "本年处理决定数量",
        [("行政处罚", "PUNISH", "DECISIONS"), ("行政强制", "COERCE", "DECISIONS")],
    )
    grid += single(
        "第二十条第（八）项",
        "本年收费金额（单位：万元）",
        [("行政事业性收费", "FEE", "AMOUNT")],
    )
    return grid


def _t3_grid(cells: Cells) -> Grid:
    cols = ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT")
    grid: Grid = [
        [
            GridCell(T3_NOTE, rowspan=3, colspan=3, header=True),
            GridCell("申请人情况", colspan=7, header=True),
        ],
        [
            GridCell(T3_COL_LABELS["NP"], rowspan=2, header=True),
            GridCell("法人或其他组织", colspan=5, header=True),
            GridCell(T3_COL_LABELS["TOT"], rowspan=2, header=True),
        ],
        [GridCell(T3_COL_LABELS[c], header=True) for c in ("BIZ", "SCI", "NGO", "LAW", "OTH")],
    ]
    group_sizes = {"R3": 8, "R4": 3, "R5": 5, "R6": 3}
    n_results = len(T3_ROWS_2021) - 3  # everything between CARRY_IN and CARRY_OUT
    for row in T3_ROWS_2021:
        numbers = [GridCell(format_value(cells.get(row, {}).get(c))) for c in cols]
        label = T3_ROW_LABELS[row]
        if row in ("NEW", "CARRY_IN", "CARRY_OUT"):
            lead = [GridCell(label, colspan=3)]
        elif row in ("R1", "R2", "R7"):
            lead = [GridCell(label, colspan=2)]
            if row == "R1":
                lead.insert(0, GridCell(T3_RESULTS_LABEL, rowspan=n_results))
        else:
            group, _, index = row.partition("_")
            lead = [GridCell(label)]
            if index == "1":
                lead.insert(0, GridCell(T3_GROUP_LABELS[group], rowspan=group_sizes[group]))
        grid.append(lead + numbers)
    return grid


def _t4_grid(cells: Cells) -> Grid:
    cols = ("KEEP", "CORR", "OTHER", "PEND", "TOT")
    return [
        [
            GridCell("行政复议", colspan=5, header=True),
            GridCell("行政诉讼", colspan=10, header=True),
        ],
        [GridCell(T4_COL_LABELS[c], rowspan=2, header=True) for c in cols]
        + [
            GridCell(T4_GROUP_LABELS["LD"], colspan=5, header=True),
            GridCell(T4_GROUP_LABELS["LR"], colspan=5, header=True),
        ],
        [GridCell(T4_COL_LABELS[c], header=True) for _ in ("LD", "LR") for c in cols],
        [GridCell(format_value(cells.get(g, {}).get(c))) for g in T4_GROUPS for c in cols],
    ]


def table_grid(key: str, cells: Cells) -> Grid:
    """The official layout of table ``t2``/``t3``/``t4`` filled with ``cells``."""
    builders = {"t2": _t2_grid, "t3": _t3_grid, "t4": _t4_grid}
    return builders[key](cells)


def place_cells(grid: Grid) -> tuple[list[tuple[int, int, GridCell]], int]:
    """Grid positions ``(row, col, cell)`` of every physical cell, and the grid width."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, GridCell]] = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return placed, width


def _tables(report: ReportData) -> dict[str, Grid]:
    out: dict[str, Grid] = {}
    for section, key in (("s2", "t2"), ("s3", "t3"), ("s4", "t4")):
        cells = report.table_for(section)
        if cells is not None:
            out[section] = table_grid(key, cells)
    return out


def _is_subheading(paragraph: str) -> bool:
    # "（一）主动公开" on its own line: short, starts with a bracketed ordinal, no full stop.
    return paragraph.startswith("（") and len(paragraph) <= 24 and "。" not in paragraph


# ---- text -------------------------------------------------------------------------------------


def _flatten_cells(grid: Grid) -> list[str]:
    _, width = place_cells(grid)
    lines: list[str] = []
    for i, row in enumerate(grid):
        physical = 0
        for cell in row:
            lines.append(f"{cell.text} |".lstrip())
            physical += 1
        # Scrapers print the grid positions a row does not fill itself as bare pipes; the last
        # row of a table loses them (as in real scraped copies).
        spare = width - physical
        if spare > 0 and i < len(grid) - 1:
            lines.append("|" * spare)
    return lines


def _flatten_rows(grid: Grid) -> list[str]:
    return [" | ".join(cell.text for cell in row) + " |" for row in grid]


_HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def render_text(
    report: ReportData,
    *,
    table_style: str = "cell",
    dateline: bool = True,
    halfwidth: bool = False,
) -> str:
    """The report as a scraped plain-text copy.

    ``table_style``: ``"cell"`` prints one cell per line (``14 |``), ``"row"`` one table row per
    line (``规章 | 0 | 0 | 0 |``). ``dateline`` adds a ``发布日期：`` line under the title.
    ``halfwidth`` turns full-width brackets and punctuation into ASCII, as many copying tools
    do (``第二十条第(一)项``, ``(本列数据的勾稽关系为:第一项加第二项之和,…)``).
    """
    flatten = _flatten_rows if table_style == "row" else _flatten_cells
    tables = _tables(report)
    lines = [report.title]
    if dateline and report.published:
        lines.append(f"发布日期：{report.published.isoformat()}")
    lines += report.intro
    for key in SECTION_KEYS:
        lines.append(report.heading(key))
        lines += report.sections.get(key, [])
        if key in tables:
            lines += flatten(tables[key])
    if report.signature:
        lines += _signature(report)
    text = "\n".join(lines) + "\n"
    return text.translate(_HALF_WIDTH) if halfwidth else text


def _signature(report: ReportData) -> list[str]:
    if not report.published:
        return [report.agency]
    d = report.published
    return [report.agency, f"{d.year}年{d.month}月{d.day}日"]


# ---- HTML -------------------------------------------------------------------------------------

_NAV = ("首页", "政务公开", "政务服务", "互动交流", "数据发布", "走进望川")


def _esc(text: str) -> str:
    return html_lib.escape(text, quote=True)


def _html_table(grid: Grid) -> str:
    out = [
        '<table border="1" cellspacing="0" cellpadding="0" width="100%" '
        'style="border-collapse:collapse;">',
        "<tbody>",
    ]
    for row in grid:
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            # CMS editors wrap every cell's text in styled <p><span>; the blank cell keeps a
            # &nbsp; as Word-pasted tables do.
            text = _esc(cell.text) if cell.text else "&nbsp;"
            weight = "font-weight:bold;" if cell.header else ""
            out.append(
                f'<td{attrs} valign="middle" style="border:1px solid #000;">'
                f'<p style="text-align:center;"><span style="font-family:宋体;font-size:14px;'
                f'{weight}">{text}</span></p></td>'
            )
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _html_article(report: ReportData) -> str:
    tables = _tables(report)
    parts: list[str] = []
    for para in report.intro:
        parts.append(f'<p style="text-indent:2em;">{_esc(para)}</p>')
    for key in SECTION_KEYS:
        parts.append(
            f'<p style="text-indent:2em;"><strong>{_esc(report.heading(key))}</strong></p>'
        )
        for para in report.sections.get(key, []):
            if _is_subheading(para):
                parts.append(f'<p style="text-indent:2em;"><strong>{_esc(para)}</strong></p>')
            else:
                parts.append(f'<p style="text-indent:2em;">{_esc(para)}</p>')
        if key in tables:
            parts.append(_html_table(tables[key]))
    if report.signature:
        for line in _signature(report):
            parts.append(f'<p style="text-align:right;">{_esc(line)}</p>')
    return "\n".join(parts)


def _default_site(report: ReportData) -> Site:
    return Site(
        name=report.agency,
        host="www.example.gov.cn",
        organizer=report.agency,
        site_code="0000000000",
        icp="ICP备00000000号",
        police="公网安备00000000000000号",
    )


def render_html(report: ReportData, *, charset: str = "utf-8", template: str = "portal") -> str:
    """A whole saved government web page holding the report.

    ``charset`` is only declared in the page (``<meta charset>``); encode the returned string
    with the same codec. ``template``: ``"portal"`` (a current CMS: metadata table with
    发布日期) or ``"legacy"`` (an older CMS: one 发布时间 line, GB-encoded sites use it).
    """
    site = report.site or _default_site(report)
    published = report.published
    title = report.title
    nav = "".join(f'<li><a href="/{i}/">{_esc(n)}</a></li>' for i, n in enumerate(_NAV))
    crumbs = f'<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgknb/">{_esc(site.column)}</a>'
    if template == "legacy":
        date_text = (
            f"{published.year}年{published.month:02d}月{published.day:02d}日" if published else ""
        )
        meta = (
            '<div class="info">'
            f"发布时间：{date_text}&nbsp;&nbsp;&nbsp;来源：{_esc(report.agency)}"
            '&nbsp;&nbsp;&nbsp;浏览次数：<span id="hits"></span>'
            '&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>'
        )
        head_meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        date_text = published.isoformat() if published else ""
        meta = (
            '<div class="xxgk-meta"><table class="meta-table">'
            f"<tr><th>索引号：</th><td>{_esc(report.index_no)}</td>"
            "<th>主题分类：</th><td>综合政务\\政务公开</td></tr>"
            f"<tr><th>发布机构：</th><td>{_esc(report.agency)}</td>"
            f"<th>发布日期：</th><td>{date_text}</td></tr>"
            f'<tr><th>名　　称：</th><td colspan="3">{_esc(title)}</td></tr>'
            "</table></div>"
        )
        head_meta = f'<meta charset="{charset}">'
    published_meta = (
        f'<meta name="PubDate" content="{published.isoformat()} 09:00">' if published else ""
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{head_meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="{_esc(site.name)}">
<meta name="ArticleTitle" content="{_esc(title)}">
{published_meta}
<title>{_esc(title)}_{_esc(site.column)}_{_esc(site.name)}</title>
<link rel="stylesheet" href="/static/css/main.css">
<script src="/static/js/jquery.min.js"></script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span>欢迎访问{_esc(site.name)}门户网站</span>
<a href="/wza/">无障碍</a> <a href="/yhb/">长者模式</a></div></div>
<div class="header"><div class="w1200"><h2 class="logo">{_esc(site.name)}</h2>
<form class="search" action="/search/"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="w1200 main">
<div class="crumbs">当前位置：{crumbs}</div>
{meta}
<div class="article">
<h1 class="article-title">{_esc(title)}</h1>
<div class="article-content" id="zoom">
{_html_article(report)}
</div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<div class="footer"><div class="w1200">
<p>主办单位：{_esc(site.organizer)}　　网站标识码：{_esc(site.site_code)}</p>
<p><a href="https://beian.miit.gov.cn/">{_esc(site.icp)}</a>　　{_esc(site.police)}</p>
<p>建议使用1366×768分辨率浏览本网站</p>
</div></div>
<script>var _hits = document.getElementById("hits"); if (_hits) {{ _hits.innerHTML = "1024"; }}</script>
</body>
</html>
"""


# ---- DOCX -------------------------------------------------------------------------------------


def _east_asian_font(run_or_style: object, name: str) -> None:
    from docx.oxml.ns import qn

    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def render_docx(report: ReportData) -> bytes:
    """The report as a Word document with real tables (merged cells for the official spans).

    Output is reproducible: zip entry times and document properties are fixed.
    """
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(12)
    _east_asian_font(normal, "仿宋_GB2312")

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(report.title)
    run.bold = True
    run.font.size = Pt(18)
    _east_asian_font(run, "方正小标宋简体")

    def para(text: str, *, bold: bool = False, indent: bool = True) -> None:
        p = document.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(24)
        r = p.add_run(text)
        if bold:
            r.bold = True
            _east_asian_font(r, "黑体")

    for text in report.intro:
        para(text)
    tables = _tables(report)
    for key in SECTION_KEYS:
        para(report.heading(key), bold=True)
        for text in report.sections.get(key, []):
            para(text, bold=_is_subheading(text))
        if key in tables:
            _docx_table(document, tables[key], WD_TABLE_ALIGNMENT.CENTER)
    if report.signature:
        for line in _signature(report):
            p = document.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    props = document.core_properties
    props.title = report.title
    props.author = report.agency
    props.comments = ""
    stamp = dt.datetime.combine(report.published or dt.date(report.year + 1, 1, 1), dt.time(9))
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = report.agency
    return _save(document)


def _docx_table(document: object, grid: Grid, alignment: object) -> None:
    # Merging through python-docx's Table.cell()/merge() re-scans the whole table on every
    # call (quadratic: seconds per report); the spans are written into the XML directly.
    placed, width = place_cells(grid)
    table = document.add_table(rows=len(grid), cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = alignment
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    absorbed: set[int] = set()
    for r, c, cell in placed:
        for dr in range(cell.rowspan):
            tc = tcs[r + dr][c]
            if cell.colspan > 1:
                tc.width = tc.width * cell.colspan
                tc.grid_span = cell.colspan
                absorbed.update(id(t) for t in tcs[r + dr][c + 1 : c + cell.colspan])
            if cell.rowspan > 1:
                tc.vMerge = "restart" if dr == 0 else "continue"
        if cell.text:
            _cell_text(tcs[r][c], cell.text, bold=cell.header)
    for row in tcs:
        for tc in row:
            if id(tc) in absorbed:
                tc.getparent().remove(tc)


def _cell_text(tc: Any, text: str, *, bold: bool) -> None:
    # Plain lxml: python-docx's Cell.text setter costs ~0.3 ms a cell (thousands per region).
    from docx.oxml.ns import qn
    from lxml import etree

    run = etree.SubElement(tc.p_lst[0], qn("w:r"))
    if bold:
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:b"))
    etree.SubElement(run, qn("w:t")).text = text


class _FixedTimeZip:
    """The writer python-docx's PackageWriter expects, with fixed entry times."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        # Level 1: these are small files, and compression is most of the writing time.
        self._zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(entry, blob)

    def close(self) -> None:
        self._zip.close()


def _save(document: Any) -> bytes:
    """The document's bytes, reproducibly (python-docx stamps zip entries with the clock)."""
    try:
        from docx.opc.pkgwriter import PackageWriter

        package = document.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        writer = _FixedTimeZip()
        # PackageWriter's steps with our zip writer; its public write() opens its own zip.
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
        writer.close()
        return writer.buffer.getvalue()
    except AttributeError:  # python-docx internals moved: save normally, then rewrite the zip
        buffer = io.BytesIO()
        document.save(buffer)
        return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    # Level 1: the files are small and the second compression is most of the writing time.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
