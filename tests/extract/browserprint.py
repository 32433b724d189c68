"""A government web page printed by a browser, for the broken-row tests.

The page is written here (a fictional county, its own prose and numbers) the way CMS sites
print annual reports: navigation, a metadata table, the article, table 三 with the official
spans. Its table columns are narrow, so row labels wrap over several lines and the numbers sit
on a middle line (cells are vertically centred); printed by Chromium with its header and footer
(date and page title at the top, the page URL and ``n/m`` at the foot), rows are cut by page
breaks and the furniture lines land between the rows of the table.

:func:`print_pdf` prints with Debian's ``chromium`` (the browser the e2e tests use);
:func:`pdf_to_text` saves the PDF as text with poppler's ``pdftotext`` (its default reading
order: the shape where a row's numbers come before its label and label fragments of
neighbouring rows interleave).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from reader.record import T3_COLS, T3_GROUP_LABELS, T3_ROW_LABELS, T4_COLS, T4_GROUPS, t3_rows

AGENCY = "青禾县人民政府"
TITLE = f"{AGENCY}2023年政府信息公开工作年度报告"

# Table 三 of the page (2021 layout): every row identity and column identity holds.
T3: dict[str, tuple[int, ...]] = {
    "NEW": (131, 12, 0, 2, 4, 3, 152),
    "CARRY_IN": (6, 1, 0, 0, 0, 0, 7),
    "R1": (58, 6, 0, 1, 1, 2, 68),
    "R2": (17, 2, 0, 0, 1, 0, 20),
    "R3_1": (0, 0, 0, 0, 0, 0, 0),
    "R3_2": (1, 0, 0, 0, 0, 0, 1),
    "R3_3": (2, 0, 0, 0, 0, 0, 2),
    "R3_4": (3, 1, 0, 0, 0, 0, 4),
    "R3_5": (0, 0, 0, 0, 0, 0, 0),
    "R3_6": (4, 0, 0, 0, 0, 0, 4),
    "R3_7": (1, 0, 0, 0, 0, 0, 1),
    "R3_8": (2, 0, 0, 0, 0, 0, 2),
    "R4_1": (27, 3, 0, 1, 1, 1, 33),
    "R4_2": (3, 0, 0, 0, 0, 0, 3),
    "R4_3": (2, 0, 0, 0, 0, 0, 2),
    "R5_1": (5, 1, 0, 0, 0, 0, 6),
    "R5_2": (2, 0, 0, 0, 0, 0, 2),
    "R5_3": (1, 0, 0, 0, 0, 0, 1),
    "R5_4": (0, 0, 0, 0, 0, 0, 0),
    "R5_5": (1, 0, 0, 0, 0, 0, 1),
    "R6_1": (3, 0, 0, 0, 0, 0, 3),
    "R6_2": (0, 0, 0, 0, 0, 0, 0),
    "R6_3": (0, 0, 0, 0, 0, 0, 0),
    "R7": (132, 13, 0, 2, 3, 3, 153),
    "CARRY_OUT": (5, 0, 0, 0, 1, 0, 6),
}
T4: dict[str, tuple[int, ...]] = {
    "REV": (4, 1, 0, 1, 6),
    "LD": (2, 0, 1, 1, 4),
    "LR": (1, 0, 0, 0, 1),
}


def t3_cells(values: dict[str, tuple[int | None, ...]] = T3) -> dict[str, dict[str, int | None]]:
    return {row: dict(zip(T3_COLS, vals, strict=True)) for row, vals in values.items()}


def t4_cells() -> dict[str, dict[str, int]]:
    return {g: dict(zip(T4_COLS, T4[g], strict=True)) for g in T4_GROUPS}


_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_HEADS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{span}>{html.escape(text)}</td>"


def _t3_html(values: dict[str, tuple[int, ...]]) -> str:
    rows = t3_rows("2021")
    out = [
        '<table class="data">',
        "<tr>" + _td(_NOTE, 3, 3) + _td("申请人情况", 1, 7) + "</tr>",
        "<tr>" + _td("自然人", 2) + _td("法人或其他组织", 1, 5) + _td("总计", 2) + "</tr>",
        "<tr>" + "".join(_td(h) for h in _HEADS) + "</tr>",
    ]
    groups = {"R3": 8, "R4": 3, "R5": 5, "R6": 3}
    for row in rows:
        cells = "".join(_td(str(v)) for v in values[row])
        if row in ("NEW", "CARRY_IN", "CARRY_OUT"):
            lead = _td(T3_ROW_LABELS[row], 1, 3)
        elif row in ("R1", "R2", "R7"):
            lead = _td(T3_ROW_LABELS[row], 1, 2)
            if row == "R1":
                lead = _td("三、本年度办理结果", len(rows) - 3) + lead
        else:
            group, _, index = row.partition("_")
            lead = _td(T3_ROW_LABELS[row])
            if index == "1":
                lead = _td(T3_GROUP_LABELS[group], groups[group]) + lead
        out.append(f"<tr>{lead}{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _t4_html() -> str:
    heads = "".join(_td(h) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    values = "".join(_td(str(v)) for g in T4_GROUPS for v in T4[g])
    return "\n".join(
        [
            '<table class="data">',
            "<tr>" + _td("行政复议", 1, 5) + _td("行政诉讼", 1, 10) + "</tr>",
            "<tr>" + _td("", 1, 5) + _td("未经复议直接起诉", 1, 5) + _td("复议后起诉", 1, 5),
            "</tr>",
            f"<tr>{heads * 3}</tr>",
            f"<tr>{values}</tr>",
            "</table>",
        ]
    )


_STYLE = """
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 15px; margin: 0 }
.nav a { margin-right: 1em }
.meta td { padding: 2px 8px; font-size: 13px }
.article p { text-indent: 2em; line-height: 1.8; margin: 0.4em 0 }
table.data { border-collapse: collapse; margin: 0.5em auto; width: %(width)s }
table.data td { border: %(border)s; text-align: center; padding: 2px; font-size: 14px }
"""


def page_html(*, width: str = "62%", border: str = "1px solid #333") -> str:
    """The whole saved page. ``width``: table 三's width (narrow: labels wrap over lines);
    ``border``: its cell borders (``none`` for CMS tables printed without rules)."""
    t = T3
    paras = [
        ("h", "一、总体情况"),
        (
            "p",
            "2023年，青禾县人民政府坚持以公开为常态、不公开为例外，围绕县委、县政府中心工作，"
            "持续深化政务公开，推进政府信息公开工作规范化、标准化。",
        ),
        (
            "p",
            "（一）主动公开。全年通过政府门户网站主动公开政府信息3862条，其中政策文件214条、"
            "政策解读98条，召开新闻发布会12场。",
        ),
        (
            "p",
            f"（二）依申请公开。全年新收政府信息公开申请{t['NEW'][6]}件，上年结转"
            f"{t['CARRY_IN'][6]}件，办结{t['R7'][6]}件，结转下年度继续办理"
            f"{t['CARRY_OUT'][6]}件。",
        ),
        (
            "p",
            "（三）政府信息管理。严格落实信息发布保密审查制度，全年清理政策文件46件，"
            "对现行有效的规范性文件实行目录管理。",
        ),
        (
            "p",
            "（四）平台建设。优化政府门户网站政务公开专栏，完成县政府网站集约化平台迁移，"
            "全年网站无重大安全事故。",
        ),
        (
            "p",
            "（五）监督保障。将政务公开纳入年度绩效考核，组织全县政务公开业务培训3期，"
            "培训工作人员210人次。",
        ),
        ("h", "二、主动公开政府信息情况"),
        (
            "p",
            "本年制发规章0件，制发行政规范性文件9件、废止3件，现行有效行政规范性文件57件；"
            "行政许可处理决定4126件，行政处罚处理决定618件，行政强制处理决定27件，"
            "行政事业性收费金额312.6万元。",
        ),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("t3", ""),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("t4", ""),
        ("h", "五、存在的主要问题及改进情况"),
        (
            "p",
            "一是部分部门政策解读形式较为单一；二是基层政务公开标准化目录更新不够及时。"
            "下一步，我县将丰富解读形式，按季度更新基层目录。",
        ),
        ("h", "六、其他需要报告的事项"),
        (
            "p",
            "本年度未收取信息处理费。青禾县人民政府办公室已按要求完成《2023年政务公开工作要点》"
            "各项任务。",
        ),
    ]
    body = []
    for kind, text in paras:
        if kind == "h":
            body.append(f"<p><strong>{html.escape(text)}</strong></p>")
        elif kind == "p":
            body.append(f"<p>{html.escape(text)}</p>")
        elif kind == "t3":
            body.append(_t3_html(T3))
        else:
            body.append(_t4_html())
    style = _STYLE % {"width": width, "border": border}
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{TITLE}</title>
<style>{style}</style></head>
<body>
<div class="nav"><a>首页</a><a>政务公开</a><a>政务服务</a><a>互动交流</a></div>
<div>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table class="meta"><tr><td>索引号：</td><td>11410825MB1570331C/2024-00007</td>
<td>发布机构：</td><td>{AGENCY}办公室</td></tr>
<tr><td>名称：</td><td>{TITLE}</td><td>发布日期：</td><td>2024-01-26</td></tr></table>
<h2 style="text-align:center">{TITLE}</h2>
<div class="article">
<p>根据《中华人民共和国政府信息公开条例》，现公布{TITLE}。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>
{"".join(body)}
</div>
<div class="footer">主办单位：{AGENCY}办公室　网站标识码：4108250001</div>
</body></html>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(page: str, *, name: str = "t20240126_112233.html", timeout: int = 120) -> bytes:
    """The page printed to PDF by headless Chromium with its default header and footer."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="browserprint-") as tmp:
        src = Path(tmp) / name
        src.write_text(page, encoding="utf-8")
        out = Path(tmp) / "page.pdf"
        subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", src.as_uri()],
            check=False, capture_output=True, timeout=timeout,
        )  # fmt: skip
        if not out.exists():
            raise RuntimeError("chromium did not print the page")
        return out.read_bytes()


def pdf_to_text(data: bytes) -> str:
    """``pdftotext`` (poppler) in its default reading order, as a user's "save as text"."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("pdftotext is not installed (apt-get install poppler-utils)")
    proc = subprocess.run([exe, "-", "-"], input=data, capture_output=True, check=True)
    return proc.stdout.decode("utf-8")
