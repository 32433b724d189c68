"""Prose against tables, end to end: sentences as real reports word them → ``read_prose`` →
NARR-T2/T3/T4 findings, against one consistent set of tables.

The sentences are written for these tests in the wordings real reports use (combined
categories, one number per row, shares, intake with the carry-over, outcome claims, table-二
figures); none is copied from a report. Consistent prose must give no NARR finding; prose that
contradicts the tables must give exactly the expected (rule, target, severity).

The tables (2021 layout), chosen so that shares are telling (40 / 118 = 33.9 %):

- 三: 新收 118 (自然人 110, 商业企业 6, 法律服务机构 1, 其他 1), 上年结转 6 (自然人 5, 企业 1);
  予以公开 40, 部分公开 12, 不予公开 6, 无法提供 33, 不予处理 5, 其他处理 6, 总计 102,
  结转下年度 22;
- 四: 行政复议 5 (维持 3, 纠正 1, 尚未审结 1); 诉讼 直接起诉 2 (维持 2), 复议后起诉 2 (维持 1,
  其他 1) — 行政诉讼 4, none corrected, none pending;
- 二: 规范性文件 制发 15, 废止 4, 现行有效 393; 规章 1 / 0 / 12; 许可 5230, 处罚 812, 强制 37,
  收费 1203.5612 万元.
"""

from __future__ import annotations

from typing import Any

import pytest

from audit.engine import run_rules
from reader.parse.prose import read_prose
from reader.parse.textutil import sentences
from reader.record import Record
from tests.audit.factories import good_record, t2_table, t3_table, t4_table

_ZERO = [0, 0, 0, 0, 0, 0, 0]


def _row(np: int, biz: int = 0, law: int = 0, oth: int = 0) -> list[int]:
    return [np, biz, 0, 0, law, oth, np + biz + law + oth]


T3_ROWS: dict[str, list[int]] = {
    "NEW": _row(110, 6, 1, 1),
    "CARRY_IN": _row(5, 1),
    "R1": _row(37, 3),
    "R2": _row(11, 1),
    "R3_1": _row(1),
    "R3_2": _ZERO,
    "R3_3": _ZERO,
    "R3_4": _row(2),
    "R3_5": _ZERO,
    "R3_6": _row(3),
    "R3_7": _ZERO,
    "R3_8": _ZERO,
    "R4_1": _row(29, 1),
    "R4_2": _row(2),
    "R4_3": _row(1),
    "R5_1": _row(2),
    "R5_2": _row(3),
    "R5_3": _ZERO,
    "R5_4": _ZERO,
    "R5_5": _ZERO,
    "R6_1": _row(4),
    "R6_2": _ZERO,
    "R6_3": _row(1, law=1),
    "R7": _row(96, 5, 1),
    "CARRY_OUT": _row(19, 2, 0, 1),
}
T4_CELLS = {
    "REV": {"KEEP": 3, "CORR": 1, "OTHER": 0, "PEND": 1, "TOT": 5},
    "LD": {"KEEP": 2, "CORR": 0, "OTHER": 0, "PEND": 0, "TOT": 2},
    "LR": {"KEEP": 1, "CORR": 0, "OTHER": 1, "PEND": 0, "TOT": 2},
}
T2_CELLS = {
    "REG": {"ISSUED": 1, "REPEALED": 0, "IN_FORCE": 12},
    "NORM": {"ISSUED": 15, "REPEALED": 4, "IN_FORCE": 393},
    "LICENSE": {"DECISIONS": 5230},
    "PUNISH": {"DECISIONS": 812},
    "COERCE": {"DECISIONS": 37},
    "FEE": {"AMOUNT": 1203.5612},
}


def corpus_record() -> Record:
    record = good_record()
    record["tables"]["t3"] = t3_table(**T3_ROWS)
    t4 = t4_table()
    t4["cells"] = {g: dict(c) for g, c in T4_CELLS.items()}
    record["tables"]["t4"] = t4
    t2 = t2_table()
    t2["cells"] = {r: dict(c) for r, c in T2_CELLS.items()}
    record["tables"]["t2"] = t2
    return record


def narr(text: str, section: str = "s1") -> list[tuple[str, str | None, str]]:
    """The NARR findings for one piece of prose, as sorted (rule, target, severity)."""
    record = corpus_record()
    record["prose"] = read_prose(sentences(text, section))
    return sorted(
        (f["rule"], f["target"], f["severity"])
        for f in run_rules(record)
        if f["rule"].startswith("NARR-")
    )


def T3(target: str, severity: str = "warning") -> tuple[str, str, str]:
    return ("NARR-T3", target, severity)


def T4(target: str) -> tuple[str, str, str]:
    return ("NARR-T4", target, "warning")


def T2(target: str) -> tuple[str, str, str]:
    return ("NARR-T2", target, "warning")


# (section, text): prose that agrees with the tables under some reading its wording allows.
CONSISTENT: list[tuple[str, str]] = [
    # intake, carry-over, totals
    ("s3", "2023年，全区共收到政府信息公开申请118件，上年结转6件。"),
    (
        "s3",
        "本年度新收政府信息公开申请118件，上年结转申请6件，已办结102件，结转下年度继续办理22件。",
    ),
    ("s1", "全年共受理政府信息公开申请124件（含上年结转6件），已答复102件，结转下年度22件。"),
    ("s1", "全年收到政府信息公开申请124件，涉及自然人115件、法人或其他组织9件。"),
    ("s1", "全年共办理政府信息公开申请124件。"),
    ("s1", "全年办理政府信息公开申请102件，均在法定期限内答复。"),
    ("s3", "上年结转的6件申请已全部办结。"),
    ("s1", "全年共收到政府信息公开申请118件（不含上年结转6件）。"),
    ("s1", "全年收到政府信息公开申请118件，其中网上申请98件、当面申请20件。"),
    ("s1", "全年办结政府信息公开申请102件，办结率100%。"),
    ("s1", "2023年，全区收到政府信息公开申请124件，同比下降5.3%，其中自然人申请115件，占92.7%。"),
    ("s1", "本年度收到公民、法人和其他组织提出的政府信息公开申请118件，全部按时答复。"),
    ("s1", "依申请公开方面，全年收到申请118件，其中自然人110件，商业企业6件。"),
    # result rows: one number per row, combined, shares, lists
    (
        "s3",
        "其中，予以公开40件，部分公开12件，不予公开6件，无法提供33件，不予处理5件，其他处理6件。",
    ),
    ("s1", "从依申请公开办理结果看，予以公开及部分公开52件，占44.1%。"),
    ("s1", "依申请公开办理结果中，予以公开（含部分公开）52件。"),
    (
        "s3",
        "同意公开答复 40 件，部分公开答复 12 件，不予公开答复 6 件，无法提供的 33 件，"
        "不予处理 5 件，其他处理 6 件。",
    ),
    ("s1", "依申请公开办理结果中，予以公开40件，占33.9%；无法提供33件，占28%。"),
    ("s3", "予以公开、部分公开分别为40件、12件。"),
    ("s3", "对收到的申请，不予公开、无法提供和不予处理的共44件。"),
    ("s1", "本年度依申请公开予以公开40件，同比增长10%。"),
    ("s1", "依申请公开办理结果中，予以公开40件，占受理总数的32.3%。"),
    ("s1", "依申请公开中不予公开6件，主要涉及保护第三方合法权益2件、过程性信息3件、国家秘密1件。"),
    ("s3", "本机关对政府信息公开申请均依法答复，其中当场答复15件，延期答复3件。"),
    ("s1", "依申请公开工作中，答复率100%，其中予以公开的占33.9%。"),
    ("s3", "其中予以公开40件，部分公开12件，其余申请均已依法告知。"),
    # table 四
    ("s4", "全年因政府信息公开被申请行政复议5件，其中维持3件、纠正1件、尚未审结1件。"),
    ("s4", "因政府信息公开被提起行政诉讼4件，均未被纠错。"),
    ("s4", "本年度发生政府信息公开行政复议5件、行政诉讼4件。"),
    ("s4", "本年度政府信息公开行政诉讼案件4件，均已审结。"),
    ("s4", "政府信息公开行政诉讼4件，已审结的均获维持。"),
    ("s4", "行政复议、行政诉讼分别为5件、4件。"),
    ("s4", "行政复议5件，其中维持3件，纠正1件，1件尚在审理中；行政诉讼4件，均获维持。"),
    ("s1", "加强行政复议应诉工作，全年政府信息公开类行政诉讼未发生败诉案件。"),
    # table 二
    ("s1", "本年度制发行政规范性文件15件，废止4件，现行有效393件。"),
    ("s2", "集中公开现行有效行政规范性文件393件，动态更新本年度制发的规范性文件15件。"),
    ("s1", "全年办理行政许可5230件，行政处罚812件，行政强制37件，行政事业性收费1203.56万元。"),
    ("s1", "制定区政府规范性文件9件，部门规范性文件6件。"),
    # not about the tables at all
    ("s1", "区政府本级共收到政府信息公开申请12件。"),
    ("s1", "全年办理人大建议和政协提案45件，群众来信来访120件。"),
    ("s1", "全年主动公开政府信息10407条，发布政策解读96篇，开展在线访谈12期。"),
    ("s1", "政务服务中心全年受理政务服务事项申请52000件。"),
    # written after the code above, as a check on unseen wordings (all passed but three,
    # fixed in the reader: 办理各类申请, a second year's figure, 申请数量为)
    (
        "s3",
        "2023年，本机关共收到政府信息公开申请124件（其中，上年结转6件），办结102件，结转至下一年度继续办理22件。",
    ),
    ("s1", "本年度共接收政府信息公开申请118件，同比增长12.4%。"),
    (
        "s3",
        "从办理结果看，予以公开40件，占比33.9%；部分公开12件，占比10.2%；不予公开6件，占比5.1%；无法提供33件，占比28%；不予处理5件，占比4.2%；其他处理6件，占比5.1%。",
    ),
    (
        "s4",
        "本年度共发生政府信息公开行政复议案件5件，其中维持3件，纠正1件，正在审理中1件；行政诉讼案件4件，其中维持3件，其他1件。",
    ),
    ("s4", "因政府信息公开工作被申请行政复议5起、提起行政诉讼4起。"),
    ("s4", "政府信息公开行政诉讼4件，结果均为维持。"),
    ("s3", "在办理结果中，同意公开的有40件，同意部分公开的有12件，不同意公开的有6件。"),
    ("s3", "对申请人申请的信息因信息不存在而无法提供的33件。"),
    ("s1", "政务服务中心办理各类申请5000件，其中政府信息公开申请118件。"),
    ("s3", "收到政府信息公开申请118件，其中信函申请12件，网络申请106件。"),
    ("s1", "本年度新制定规范性文件15件，修订3件，废止4件。"),
    ("s1", "截至年底，现行有效规范性文件393件。"),
    ("s1", "清理规范性文件56件，废止4件。"),
    ("s1", "全年作出行政处罚812起，行政强制37件。"),
    ("s1", "全年共收到政府信息公开申请118件，加上上年结转的6件，共计124件。"),
    ("s1", "2022年收到政府信息公开申请98件，2023年收到118件，增长20.4%。"),
    ("s3", "已答复政府信息公开申请102件，其中按时答复102件。"),
    ("s3", "予以公开40件，同意部分公开12件。"),
    ("s4", "被申请行政复议5件，复议机关维持3件，撤销1件，1件尚在审理。"),
    ("s4", "行政诉讼4件，法院判决驳回诉讼请求3件。"),
    ("s1", "依申请公开办理结果中，予以公开40件，占全部办结件的39.2%。"),
    ("s3", "本年度政府信息公开申请数量为118件。"),
    ("s1", "本年度新增政府信息公开申请118件。"),
    ("s1", "从申请人类型看，自然人申请110件，占93.2%；法人或其他组织申请8件，占6.8%。"),
    ("s1", "申请人中，公民110件、企业6件、律师事务所1件。"),
    # a third batch, written to break the reader (parts, other senses of 维持, court stages,
    # 公开属性, channels); all but 结转下年度继续办理的…申请22件 passed before the fix
    ("s1", "全年共收到政府信息公开申请118件，其中，本机关收到56件，各镇街收到62件。"),
    ("s1", "通过政府网站收到政府信息公开申请98件。"),
    ("s4", "本年度政府信息公开行政诉讼4件，其中二审维持1件。"),
    ("s4", "政府信息公开行政复议、行政诉讼案件数量均维持在较低水平。"),
    ("s1", "因政府信息公开引发行政复议5件，收到政府信息公开申请118件，全部办结。"),
    ("s1", "公文公开属性认定中，主动公开120件、依申请公开30件、不予公开15件。"),
    ("s3", "依申请公开告知答复40件，均在法定期限内办结。"),
    ("s4", "行政复议结果：维持3件、纠正1件、尚未审结1件。"),
    (
        "s1",
        "政府信息公开行政复议5件，其中结果维持3件，结果纠正1件，其他结果0件，尚未审结1件；"
        "政府信息公开行政诉讼4件，其中结果维持3件，结果纠正0件，其他结果1件，尚未审结0件。",
    ),
    ("s4", "本年度政府信息公开行政复议被纠错1件。"),
    ("s4", "政府信息公开行政复议5件，其中1件被撤销。"),
    ("s4", "政府信息公开行政诉讼4件，无败诉案件。"),
    ("s1", "本年度依申请公开事项共118件。"),
    ("s1", "依申请公开答复率100%，群众满意度98%。"),
    ("s1", "主动公开政府文件1200件，对依法应当公开的信息及时予以公开。"),
    ("s1", "全区行政处罚812起，其中区市场监管局300起。"),
    ("s1", "双公示行政许可5230件、行政处罚812件，均在7个工作日内公示。"),
    ("s1", "本年度新制定规章1件，现行有效规章12件。"),
    ("s3", "予以公开40件，部分公开12件，两项合计占44.1%。"),
    ("s1", "收到的118件申请中，予以公开40件。"),
    ("s4", "因政府信息公开被申请行政复议5件，复议机关决定维持3件。"),
    ("s1", "2023年1月1日至2023年12月31日，共收到政府信息公开申请118件。"),
    ("s3", "结转下年度继续办理的政府信息公开申请22件。"),
]

# (section, text, expected findings): prose that no reading of the tables gives.
CONTRADICTING: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("s1", "全年共收到政府信息公开申请130件。", [T3("NEW")]),
    ("s1", "全年共收到政府信息公开申请125件（含上年结转6件）。", [T3("NEW")]),
    ("s1", "全年办理政府信息公开申请150件。", [T3("NEW")]),
    ("s1", "全年收到政府信息公开申请124件，其中自然人申请100件。", [T3("NEW")]),
    (
        "s1",
        "全年收到政府信息公开申请124件，涉及自然人110件、法人或其他组织14件。",
        [T3("NEW")],
    ),
    ("s3", "上年结转政府信息公开申请5件。", [T3("CARRY_IN")]),
    (
        "s3",
        "已办结政府信息公开申请100件，结转下年度继续办理24件。",
        [T3("CARRY_OUT"), T3("R7")],
    ),
    ("s1", "从依申请公开办理结果看，予以公开及部分公开42件。", [T3("R1")]),
    (
        "s3",
        "同意公开答复40件，部分公开答复12件，不予公开答复9件，无法提供的33件。",
        [T3("R3")],
    ),
    ("s1", "依申请公开办理结果中，予以公开40件，占45%。", [T3("R1")]),
    ("s1", "依申请公开办理结果中，予以公开及部分公开52件，占60%。", [T3("R1")]),
    ("s1", "依申请公开中，无法提供30件，不予处理5件。", [T3("R4")]),
    ("s3", "其他处理8件，不予处理5件。", [T3("R6")]),
    ("s3", "予以公开、部分公开分别为40件、21件。", [T3("R2")]),
    # a difference of scope: 新收 said of 新收 + 上年结转
    ("s1", "本年度新收政府信息公开申请124件。", [T3("NEW", "info")]),
    # table 四
    ("s4", "全年因政府信息公开被申请行政复议5件，均获维持。", [T4("REV")]),
    ("s4", "政府信息公开行政复议5件，均已结案。", [T4("REV")]),
    (
        "s4",
        "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
        [T4("LIT"), T4("REV")],
    ),
    ("s4", "因政府信息公开被申请行政复议6件，提起行政诉讼4件。", [T4("REV")]),
    ("s4", "政府信息公开行政复议5件，其中纠正2件。", [T4("REV")]),
    ("s4", "政府信息公开行政复议案件5件，没有被纠错的情况。", [T4("REV")]),
    ("s4", "行政复议、行政诉讼案件各5件。", [T4("LIT")]),
    ("s4", "本年度政府信息公开行政复议和行政诉讼均为0。", [T4("LIT"), T4("REV")]),
    ("s4", "行政复议5件、行政诉讼4件，均获维持。", [T4("REV")]),
    # table 二
    ("s2", "现行有效行政规范性文件390件。", [T2("NORM")]),
    ("s1", "全年办理行政许可5320件。", [T2("LICENSE")]),
    ("s1", "本年度制发行政规范性文件16件，废止4件。", [T2("NORM")]),
    ("s1", "本年度制发行政规范性文件15件，废止5件，现行有效393件。", [T2("NORM")]),
    # written after the code, as above
    ("s3", "本年度共接收政府信息公开申请120件，同比增长12.4%。", [T3("NEW")]),
    ("s3", "从办理结果看，予以公开40件，占比33.9%；部分公开14件，占比10.2%。", [T3("R2")]),
    ("s4", "政府信息公开行政复议5件，结果均为维持。", [T4("REV")]),
    ("s4", "本年度共发生政府信息公开行政复议案件5件，其中维持4件，纠正1件。", [T4("REV")]),
    ("s3", "在办理结果中，同意公开的有41件，同意部分公开的有12件。", [T3("R1")]),
    ("s1", "截至年底，现行有效规范性文件395件。", [T2("NORM")]),
    ("s4", "政府信息公开行政诉讼4件，其中1件尚未审结。", [T4("LIT")]),
    ("s3", "本年度政府信息公开申请数量为130件。", [T3("NEW")]),
    ("s1", "从申请人类型看，自然人申请112件，法人或其他组织申请6件。", [T3("NEW")]),
    ("s1", "从申请人类型看，自然人申请110件，占95%；法人或其他组织申请8件。", [T3("NEW")]),
    ("s4", "政府信息公开行政诉讼4件，均获维持；行政复议5件，无被纠错情况。", [T4("REV")]),
    (
        "s3",
        "依申请公开办理结果为：予以公开40件，部分公开12件，不予公开6件，无法提供33件，不予处理5件，其他处理7件。",
        [T3("R6")],
    ),
    ("s1", "本年度新制定规章2件，现行有效规章12件。", [T2("REG")]),
    ("s4", "行政复议结果：维持3件、纠正2件、尚未审结0件。", [T4("REV")]),
    (
        "s1",
        "政府信息公开行政复议5件，其中结果维持3件，结果纠正1件，其他结果0件，尚未审结1件；"
        "政府信息公开行政诉讼4件，其中结果维持2件，结果纠正0件，其他结果2件，尚未审结0件。",
        [T4("LIT")],
    ),
    ("s3", "结转下年度继续办理的政府信息公开申请20件。", [T3("CARRY_OUT")]),
]


@pytest.mark.parametrize(("section", "text"), CONSISTENT, ids=[t for _, t in CONSISTENT])
def test_consistent_prose_gives_no_finding(section, text):
    assert narr(text, section) == []


@pytest.mark.parametrize(
    ("section", "text", "expected"), CONTRADICTING, ids=[t for _, t, _ in CONTRADICTING]
)
def test_contradicting_prose_gives_exactly_its_findings(section, text, expected):
    assert narr(text, section) == sorted(expected)


def test_corpus_is_large_enough_and_the_tables_are_consistent():
    assert len(CONSISTENT) + len(CONTRADICTING) >= 40
    record = corpus_record()
    record["prose"] = []
    assert [f for f in run_rules(record) if f["severity"] != "info"] == []


def corpus_scores() -> dict[str, Any]:
    """Precision and recall of NARR findings over the corpus (a finding is right when it is
    one of the case's expected (rule, target, severity))."""
    found = right = wanted = 0
    for section, text in CONSISTENT:
        found += len(narr(text, section))
    for section, text, expected in CONTRADICTING:
        got = narr(text, section)
        found += len(got)
        wanted += len(expected)
        right += sum(1 for g in got if g in expected)
    return {
        "precision": right / found if found else 1.0,
        "recall": right / wanted if wanted else 1.0,
        "found": found,
        "right": right,
        "wanted": wanted,
    }
