"""Renderers of the scraped-page shape: a whole report on one line, table cells run together.

Written for the scraped shapes (not copied from any report): a page scraper joins the
text of every ``<td>`` without a separator, so a row's numbers become one run of digits
(``270020130``), some cells keep a space (``230 000023``), a row's digits run into the next
row's item number (``00000002.其他法律行政法规禁止公开``) and table 四's headings run together
before one run of fifteen numbers' digits, straight into ``五、存在的主要问题…``.

``glue`` chooses the separator between two cells of a row: ``"none"`` (all glued),
``"spaces"`` (every cell separated by a space), or a :class:`random.Random` for a random mix
(mostly glued, sometimes a space).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from reader.record import T3_GROUP_LABELS, T3_ROW_LABELS, T4_GROUPS, t3_rows

Glue = str | random.Random

T4_HEADER = (
    "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    + "结果维持结果纠正其他结果尚未审结总计" * 2
)
T3_HEADER = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
)
_GROUP_OF = {"R3_1": "R3", "R4_1": "R4", "R5_1": "R5", "R6_1": "R6"}


def join_cells(values: Sequence[int | None], glue: Glue) -> str:
    """One row's cells as a scraper writes them (a blank cell writes nothing)."""
    out = ""
    for i, v in enumerate(values):
        if i:
            if glue == "spaces":
                out += " "
            elif isinstance(glue, random.Random) and glue.random() < 0.2:
                out += " "
        out += "" if v is None else str(v)
    return out


def t3_flat(
    rows: Mapping[str, Sequence[int | None]], layout: str = "2021", glue: Glue = "none"
) -> str:
    """Table 三 run together: labels, each row's digits right after its label."""
    out = [T3_HEADER]
    for key in t3_rows(layout):
        if key == "R1":
            out.append("三、本年度办理结果")
        if key in _GROUP_OF:
            out.append(T3_GROUP_LABELS[_GROUP_OF[key]] + " ")
        label = T3_ROW_LABELS[key]
        out.append(label + join_cells(rows[key], glue))
    return "".join(out)


def t4_flat(
    groups: Mapping[str, Sequence[int | None]], glue: Glue = "none", header: str = T4_HEADER
) -> str:
    """Table 四: the glued headings, then the fifteen numbers in one run."""
    values = [v for g in T4_GROUPS for v in groups[g]]
    return header + join_cells(values, glue)


def scraped_report(
    t3_text: str,
    t4_text: str,
    *,
    year: int = 2023,
    agency: str = "临川县人民政府",
    s1_extra: str = "",
    s3_prose: str = "",
    heading_space: str = "",
) -> str:
    """A whole report as a page scraper saves it: a metadata block, then the body on one line."""
    sp = heading_space
    body = (
        f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据统计期限为{year}年1月1日至{year}年12月31日。"
        f"{sp}一、总体情况{sp}{year}年，{agency}认真贯彻落实《条例》，持续推进政务公开工作。{s1_extra}"
        f"{sp}二、主动公开政府信息情况{sp}第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
        "规章000行政规范性文件3112第二十条第（五）项信息内容本年处理决定数量行政许可1520"
        "第二十条第（六）项信息内容本年处理决定数量行政处罚37行政强制0"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0"
        f"{sp}三、收到和处理政府信息公开申请情况{sp}{s3_prose}{t3_text}"
        f"{sp}四、政府信息公开行政复议、行政诉讼情况{sp}{t4_text}"
        f"{sp}五、存在的主要问题及改进情况{sp}{year}年，政务公开工作仍存在不足，政策解读形式有待丰富。"
        f"{sp}六、其他需要报告的事项{sp}{year}年，本机关未收取信息处理费。"
    )
    return (
        f"标题: {agency}{year}年政府信息公开工作年度报告\n"
        f"发布时间: {year + 1}-01-20 09:30\n"
        "栏目: 政府信息公开年报\n"
        "==================== 正文 ====================\n" + body + "\n"
    )
