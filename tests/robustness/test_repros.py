"""Minimal reproductions of the failure families in ``docs/robustness.md`` (F1…F7).

Each test states the right behaviour on the smallest input that shows the failure. They are
``xfail(strict=True)`` while the failure stands: the owner of the parser or rule who fixes it
sees the test pass (strict xfail then fails the run) and removes the mark. Tests without the
mark are failures found by this corpus and fixed since; they stay as guards.
"""

from __future__ import annotations

from typing import Any

import pytest

from reader.record import T3_ROW_LABELS, T3_ROWS_2021


def _run(text: str, name: str) -> tuple[dict[str, Any], set[tuple[str, str | None]]]:
    from audit.engine import run_rules
    from reader.parse import read_report

    record = read_report(text.encode("utf-8"), name)
    found = {(f["rule"], f["target"]) for f in run_rules(record) if f["severity"] != "info"}
    return record, found


T2_2019_HTML = """<html><body><p>二、主动公开政府信息情况</p><table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>40</td><td>40</td><td>62</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>26</td><td colspan="2">37</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>318</td><td colspan="2">74708.228万元</td></tr>
</table><p>三、收到和处理政府信息公开申请情况</p></body></html>"""


def test_f1_2019_table_two_reads_cells_whose_last_column_is_spanned() -> None:
    record, _ = _run(T2_2019_HTML, "t2-2019.html")
    cells = record["tables"]["t2"]["cells"]
    assert cells["FEE"] == {"PREV_ITEMS": 26, "CHANGE": 37}
    assert cells["PROCURE"] == {"ITEMS": 318, "AMOUNT": 74708.228}


T2_2021_HANT = """二、主動公開政府信息情況
第二十條第（一）項 |
信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數 |
規章 | 0 | 0 | 0 |
行政規範性文件 | 27 | 18 | 228 |
第二十條第（五）項 |
信息內容 | 本年處理決定數量 |
行政許可 | 92486 |
第二十條第（六）項 |
信息內容 | 本年處理決定數量 |
行政處罰 | 26196 |
行政強制 | 68 |
第二十條第（八）項 |
信息內容 | 本年收費金額（單位：萬元） |
行政事業性收費 | 5098.4139 |
三、收到和處理政府信息公開申請情況
"""


def test_f2_traditional_ten_thousand_yuan_unit_keeps_the_fee_amount() -> None:
    record, _ = _run(T2_2021_HANT, "t2-hant.txt")
    assert record["tables"]["t2"]["cells"]["FEE"]["AMOUNT"] == pytest.approx(5098.4139)


def test_f2_traditional_unit_suffix_in_procurement_cell_is_read() -> None:
    text = T2_2021_HANT.replace(
        "第二十條第（八）項 |",
        "第二十條第（九）項 |\n信息內容 | 採購項目數量 | 採購總金額 |\n"
        "政府集中採購 | 318 | 74708.228萬元 |\n第二十條第（八）項 |",
    )
    text = text.replace(
        "本年制發件數 | 本年廢止件數 | 現行有效件數",
        "本年新製作數量 | 本年新公開數量 | 對外公開總數量",
    )
    record, _ = _run(text, "t2-2019-hant.txt")
    procure = (record["tables"]["t2"].get("cells") or {}).get("PROCURE") or {}
    assert procure.get("AMOUNT") == pytest.approx(74708.228)


PDF_TEXT = """某某区人民政府2023年政府信息公开工作年度报告
一、总体情况
2023年，全区政务公开工作有序推进。全区共收到政府信息
公开申请68件，均按时答复。
二、主动公开政府信息情况
本年主动公开政府信息1200条。
三、收到和处理政府信息公开申请情况
（六）其他处理 1.申请人无正当理由逾期不补 1 0 0 0 0 0 1
2.申请人逾期未按收费通知要 0 0 0 0 0 0 0
求缴纳费用、行政机关不再处
理其政府信息公开申请
四、政府信息公开行政复议、行政诉讼情况
本年无行政复议、行政诉讼。
五、存在的主要问题及改进情况
一是公开质量有待提升。二是解读形式单一。下一步将加强培训，完善制度。
六、其他需要报告的事项
无其他需要报告的事项。
"""


def test_f3_prose_number_wrapped_over_two_lines_is_read() -> None:
    record, _ = _run(PDF_TEXT, "from-pdf.txt")
    assert ("RECEIVED", 68) in {(p["key"], p["value"]) for p in record["prose"]}


def test_f3_wrapped_unpaid_fee_row_label_is_not_a_fee_statement() -> None:
    _, found = _run(PDF_TEXT, "from-pdf.txt")
    assert ("FEE-MISSING", "s6") in found


NO_TITLE = """按照《中华人民共和国政府信息公开条例》规定，现公布望川市人民政府办公室2024年政府信息公开工作年度报告。本报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。
一、总体情况
一年来，市人民政府办公室扎实做好政府信息公开各项工作。
"""


def test_f4_department_named_only_in_the_intro_is_not_taken_for_a_government() -> None:
    record, found = _run(NO_TITLE, "no-title.txt")
    assert record["level"] == "dept"
    assert ("GOV-ART50-4", "s1") not in found


INTAKE_TEXT = """三、收到和处理政府信息公开申请情况
2022年，市教育局共新收政府信息公开申请10件。全年共受理政府信息公开申请21件（含上年结转1件），已全部按期答复20件，结转下年度继续办理1件。
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
| 自然人 | 法人或其他组织 | | | | | 总计 |
| | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |
一、本年新收政府信息公开申请数量 | 18 | 2 | 0 | 0 | 0 | 0 | 20 |
二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（七）总计 | 17 | 2 | 0 | 0 | 0 | 0 | 19 |
四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
四、政府信息公开行政复议、行政诉讼情况
"""


def test_f7_intake_including_the_carry_over_does_not_mask_a_wrong_new_figure() -> None:
    record, found = _run(INTAKE_TEXT, "intake.txt")
    assert record["tables"]["t3"]["cells"]["NEW"]["TOT"] == 20
    assert ("NEW", 10) in {(p["key"], p["value"]) for p in record["prose"]}
    assert ("NARR-T3", "NEW") in found


def _empty_t3_tab() -> str:
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
        "自然人\t法人或其他组织\t总计",
        "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
    ]
    for row in T3_ROWS_2021:
        lines.append(T3_ROW_LABELS[row] + "\t" * 7)
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


def test_f5_empty_tab_separated_table_three_is_reported_empty() -> None:
    record, found = _run(_empty_t3_tab(), "empty-t3.txt")
    assert record["tables"]["t3"].get("present") and record["tables"]["t3"].get("empty")
    assert ("TABLE-EMPTY", "t3") in found


def test_f5_same_skeleton_with_pipes_is_reported_empty() -> None:
    """The control: the same skeleton copied with pipes is seen (so F5 is about tabs)."""
    _, found = _run(_empty_t3_tab().replace("\t", " | "), "empty-t3.txt")
    assert ("TABLE-EMPTY", "t3") in found
