"""The report record: keys and shapes shared by the parser, the audit rules and search.

The record is a plain JSON-ready ``dict`` (it is stored as JSON on each report version and
printed by ``audit_file``). Its public keys are the contract in ``../shared/spec/record.md``;
:func:`public_view` returns exactly those. Everything else in the dict is internal working data
that rules and search read (section bodies, prose numbers, integrity marks), kept under the keys
documented in ``INTERNAL_KEYS`` below.

Shape (public keys first)::

    {
      "source": str | None,
      "year": int | None,
      "agency": str | None,
      "level": "gov" | "dept" | None,
      "script": "hans" | "hant",
      "format_version": "2021" | "2019" | "unknown",
      "sections": {"s1": {"present": True, "empty": False, "title": "一、总体情况",
                          "chars": 2874, "text": "…body…"}, …, "s6": {…}},
      "tables": {"t2": {"present": True, "empty": False, "layout": "2021",
                        "cells": {"REG": {"ISSUED": 0, …}, …},
                        "blank": ["REG.ISSUED", …],        # internal: blank/placeholder cells
                        "ambiguous": ["NEW.NP", …],         # internal: cells not read with certainty
                        "lost": False},                     # internal: skeleton w/o values (scrape loss)
                 # internal, t3 and t4: "decided_by", "source", "row_source" (INTERNAL_TABLE_KEYS)
                 "t3": {…, "layout": "2021" | "2019", "cells": {"NEW": {"NP": 2111, …}, …}},
                 "t4": {…, "cells": {"REV": {"KEEP": 75, …}, "LD": {…}, "LR": {…}}}},
      "fee": {"statement": str | None, "notices_count": int | None,
              "notices_amount": float | None, "collected_amount": float | None},
      "findings": [ {"rule", "target", "severity", "message", "evidence"} … ],

      # internal
      "title": str | None,              # the report's own title line, if found
      "title_year": int | None,         # year stated in the title
      "period": {"statement": str | None, "year": int | None},   # 统计期限 sentence and its year
      "published": "YYYY-MM-DD" | None, # publication date
      "published_source": "argument" | "metadata" | "url" | None,
      "prose": [ {"key": …, "value": …, "quote": …, "section": "s3", "flags": [...]}, … ],
      "integrity": {"pinyin": [examples], "mojibake": [examples], "replacement_chars": int},
      "text": str,                      # the whole extracted text, original script, for rules
      "heading_order": ["s1", "s2", …], # section keys in the order headings appear (duplicates kept)
      "heading_numbers": {"s6": "七"},  # ordinal actually printed where it differs from canonical
    }

Prose facts (``record["prose"]``) carry one number stated in the report's sentences:

- ``key``: a table-三 row key (``NEW`` 新收, ``CARRY_IN`` 上年结转, ``R1`` 予以公开,
  ``R2`` 部分公开, ``R7`` 办结/答复, ``CARRY_OUT`` 结转下年度), a table-三 group (``R3`` 不予公开,
  ``R4`` 无法提供, ``R5`` 不予处理, ``R6`` 其他处理), ``RECEIVED`` for an intake figure
  (收到/受理 N 件) that is not explicitly 新收, a table-四 total (``REV`` 行政复议, ``LIT`` 行政诉讼),
  or a table-二 cell ``T2.ROW.COL`` (e.g. ``T2.NORM.ISSUED``, ``T2.LICENSE.DECISIONS``,
  ``T2.FEE.AMOUNT`` in 万元).
- ``flags``: ``"includes_carry_in"`` when the sentence says the intake includes the carry-over
  ("受理 296 件，其中结转自上年度 7 件").

Added keys and fields (older readers skip them: no existing key changed meaning):

- ``HANDLED``: 办理 N 件 of information requests — the intake (with or without the carry-over)
  or the handled total ``R7``; the wording does not say which.
- Result categories said together (``予以公开及部分公开42件``, ``予以公开（含部分公开）42件``):
  ``key`` joins the parts sorted with ``+`` (``"R1+R2"``) and ``parts`` lists them
  (``["R1", "R2"]``); the value is their sum, never a figure for one of them.
- ``PARTY.NP`` / ``.BIZ`` / ``.SCI`` / ``.NGO`` / ``.LAW``: applicants of one column of table 三
  (``涉及自然人72件``); ``PARTY.ORG`` is 法人或其他组织, the sum of BIZ…OTH. Only from a sentence
  that also states an intake; the count may be of 新收, 新收 + 上年结转 or 总计.
- ``share`` (float, percent) on a count followed by ``占33.9%``, with ``share_base`` when the
  wording names it (``"NEW"``, ``"R7"``, ``"RECEIVED"``) or absent.
- Table 四 outcomes: ``REV.KEEP`` / ``REV.CORR`` / ``REV.OTHER`` / ``REV.PEND`` and ``LIT.…`` (``LIT`` = both
  lawsuit groups), a count (``其中维持3件、纠正1件``) or, with flags ``["claim", kind]``, a zero
  claimed without a number: ``all_kept`` (均获维持: CORR and PEND 0), ``all_closed`` (均已结案:
  PEND 0), ``none_corrected`` (未被纠错 / 未发生败诉: CORR 0).
"""

from __future__ import annotations

import copy
from typing import Any

Record = dict[str, Any]

SECTION_KEYS: tuple[str, ...] = ("s1", "s2", "s3", "s4", "s5", "s6")

SECTION_TITLES: dict[str, str] = {
    "s1": "一、总体情况",
    "s2": "二、主动公开政府信息情况",
    "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、政府信息公开行政复议、行政诉讼情况",
    "s5": "五、存在的主要问题及改进情况",
    "s6": "六、其他需要报告的事项",
}

# Which section must hold which table.
TABLE_SECTION: dict[str, str] = {"t2": "s2", "t3": "s3", "t4": "s4"}

# ---- table 三 -------------------------------------------------------------------------------

T3_COLS: tuple[str, ...] = ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT")
T3_PARTY_COLS: tuple[str, ...] = T3_COLS[:-1]

T3_COL_LABELS: dict[str, str] = {
    "NP": "自然人",
    "BIZ": "商业企业",
    "SCI": "科研机构",
    "NGO": "社会公益组织",
    "LAW": "法律服务机构",
    "OTH": "其他",
    "TOT": "总计",
}

_R3 = tuple(f"R3_{i}" for i in range(1, 9))
_R4 = tuple(f"R4_{i}" for i in range(1, 4))
_R5 = tuple(f"R5_{i}" for i in range(1, 6))
_R6_2021 = ("R6_1", "R6_2", "R6_3")

T3_RESULT_ROWS_2021: tuple[str, ...] = ("R1", "R2", *_R3, *_R4, *_R5, *_R6_2021)
T3_RESULT_ROWS_2019: tuple[str, ...] = ("R1", "R2", *_R3, *_R4, *_R5, "R6")

T3_ROWS_2021: tuple[str, ...] = ("NEW", "CARRY_IN", *T3_RESULT_ROWS_2021, "R7", "CARRY_OUT")
T3_ROWS_2019: tuple[str, ...] = ("NEW", "CARRY_IN", *T3_RESULT_ROWS_2019, "R7", "CARRY_OUT")

T3_ROWS: dict[str, tuple[str, ...]] = {"2021": T3_ROWS_2021, "2019": T3_ROWS_2019}

# Groups of result rows, for prose numbers about a whole group ("不予公开 N 件").
T3_GROUPS: dict[str, tuple[str, ...]] = {
    "R3": _R3,
    "R4": _R4,
    "R5": _R5,
    "R6": _R6_2021,  # in the 2019 layout R6 is itself a row
}

T3_ROW_LABELS: dict[str, str] = {
    "NEW": "一、本年新收政府信息公开申请数量",
    "CARRY_IN": "二、上年结转政府信息公开申请数量",
    "R1": "（一）予以公开",
    "R2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "R3_1": "1.属于国家秘密",
    "R3_2": "2.其他法律行政法规禁止公开",
    "R3_3": "3.危及“三安全一稳定”",
    "R3_4": "4.保护第三方合法权益",
    "R3_5": "5.属于三类内部事务信息",
    "R3_6": "6.属于四类过程性信息",
    "R3_7": "7.属于行政执法案卷",
    "R3_8": "8.属于行政查询事项",
    "R4_1": "1.本机关不掌握相关政府信息",
    "R4_2": "2.没有现成信息需要另行制作",
    "R4_3": "3.补正后申请内容仍不明确",
    "R5_1": "1.信访举报投诉类申请",
    "R5_2": "2.重复申请",
    "R5_3": "3.要求提供公开出版物",
    "R5_4": "4.无正当理由大量反复申请",
    "R5_5": "5.要求行政机关确认或重新出具已获取信息",
    "R6": "（六）其他处理",
    "R6_1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "R6_2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "R6_3": "3.其他",
    "R7": "（七）总计",
    "CARRY_OUT": "四、结转下年度继续办理",
}

T3_GROUP_LABELS: dict[str, str] = {
    "R3": "（三）不予公开",
    "R4": "（四）无法提供",
    "R5": "（五）不予处理",
    "R6": "（六）其他处理",
}

# ---- table 四 -------------------------------------------------------------------------------

T4_GROUPS: tuple[str, ...] = ("REV", "LD", "LR")
T4_COLS: tuple[str, ...] = ("KEEP", "CORR", "OTHER", "PEND", "TOT")
T4_GROUP_LABELS: dict[str, str] = {"REV": "行政复议", "LD": "未经复议直接起诉", "LR": "复议后起诉"}
T4_COL_LABELS: dict[str, str] = {
    "KEEP": "结果维持",
    "CORR": "结果纠正",
    "OTHER": "其他结果",
    "PEND": "尚未审结",
    "TOT": "总计",
}

# ---- table 二 -------------------------------------------------------------------------------

T2_LAYOUTS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "REG": ("ISSUED", "REPEALED", "IN_FORCE"),
        "NORM": ("ISSUED", "REPEALED", "IN_FORCE"),
        "LICENSE": ("DECISIONS",),
        "PUNISH": ("DECISIONS",),
        "COERCE": ("DECISIONS",),
        "FEE": ("AMOUNT",),
    },
    "2019": {
        "REG": ("MADE", "PUBLISHED", "TOTAL"),
        "NORM": ("MADE", "PUBLISHED", "TOTAL"),
        "LICENSE": ("PREV_ITEMS", "CHANGE", "DECISIONS"),
        "OTHER_SERVICE": ("PREV_ITEMS", "CHANGE", "DECISIONS"),
        "PUNISH": ("PREV_ITEMS", "CHANGE", "DECISIONS"),
        "COERCE": ("PREV_ITEMS", "CHANGE", "DECISIONS"),
        "FEE": ("PREV_ITEMS", "CHANGE"),
        "PROCURE": ("ITEMS", "AMOUNT"),
    },
}

T2_ROW_LABELS: dict[str, str] = {
    "REG": "规章",
    "NORM": "行政规范性文件",
    "LICENSE": "行政许可",
    "OTHER_SERVICE": "其他对外管理服务事项",
    "PUNISH": "行政处罚",
    "COERCE": "行政强制",
    "FEE": "行政事业性收费",
    "PROCURE": "政府集中采购",
}

T2_COL_LABELS: dict[str, str] = {
    "ISSUED": "本年制发件数",
    "REPEALED": "本年废止件数",
    "IN_FORCE": "现行有效件数",
    "DECISIONS": "本年处理决定数量",
    "AMOUNT": "金额（万元）",
    "MADE": "本年新制作数量",
    "PUBLISHED": "本年新公开数量",
    "TOTAL": "对外公开总数量",
    "PREV_ITEMS": "上一年项目数量",
    "CHANGE": "本年增/减",
    "ITEMS": "采购项目数量",
}

# Cells that may legitimately hold a decimal (万元 amounts) or a negative number (本年增/减).
T2_DECIMAL_CELLS: frozenset[str] = frozenset({"FEE.AMOUNT", "PROCURE.AMOUNT"})
T2_SIGNED_CELLS: frozenset[str] = frozenset(
    {"LICENSE.CHANGE", "OTHER_SERVICE.CHANGE", "PUNISH.CHANGE", "COERCE.CHANGE", "FEE.CHANGE"}
)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# Keys of the record that are not part of the printed contract.
INTERNAL_KEYS: frozenset[str] = frozenset(
    {
        "title",
        "title_year",
        "period",
        "published",
        "published_source",
        "prose",
        "integrity",
        "text",
        "heading_order",
        "heading_numbers",
    }
)
INTERNAL_SECTION_KEYS: frozenset[str] = frozenset({"text"})
# Internal keys of a table (see the shape above), and for table 三:
# - ``decided_by``: {"R1.NP": "identity" | "prose" | "plausibility"} for each cell that its row's
#   glued digits left open between several readings, and which evidence decided it (the column
#   identities across the table, the report's own prose counts, or plausibility — a column
#   that is 0 in every other row; a finding resting on a plausibility cell says so);
# - ``source``: the text the table was read from (each found row's label and values as
#   written, one row per line), for staff to compare with the cells;
# - ``row_source``: the same per row key ({"R1": "（一）予以公开 210000021"}).
INTERNAL_TABLE_KEYS: frozenset[str] = frozenset(
    {"blank", "ambiguous", "lost", "decided_by", "source", "row_source"}
)

PUBLIC_KEYS: tuple[str, ...] = (
    "source",
    "year",
    "agency",
    "level",
    "script",
    "format_version",
    "sections",
    "tables",
    "fee",
    "findings",
)


def empty_record() -> Record:
    """A record for a report in which nothing was found."""
    return {
        "source": None,
        "year": None,
        "agency": None,
        "level": None,
        "script": "hans",
        "format_version": "unknown",
        "sections": {key: {"present": False} for key in SECTION_KEYS},
        "tables": {key: {"present": False} for key in TABLE_SECTION},
        "fee": {
            "statement": None,
            "notices_count": None,
            "notices_amount": None,
            "collected_amount": None,
        },
        "findings": [],
        "title": None,
        "title_year": None,
        "period": {"statement": None, "year": None},
        "published": None,
        "published_source": None,
        "prose": [],
        "integrity": {"pinyin": [], "mojibake": [], "replacement_chars": 0},
        "text": "",
        "heading_order": [],
        "heading_numbers": {},
    }


def public_view(record: Record) -> Record:
    """The record as ``record.md`` prints it: contract keys only, in contract order."""
    out: Record = {}
    for key in PUBLIC_KEYS:
        if key not in record:
            continue
        value = copy.deepcopy(record[key])
        if key == "sections":
            value = {
                k: {f: v for f, v in sec.items() if f not in INTERNAL_SECTION_KEYS}
                for k, sec in value.items()
            }
        elif key == "tables":
            value = {
                k: {f: v for f, v in tab.items() if f not in INTERNAL_TABLE_KEYS}
                for k, tab in value.items()
            }
        out[key] = value
    return out


def t3_rows(layout: str | None) -> tuple[str, ...]:
    """Row keys of table 三 for a layout (``2021`` when unknown)."""
    return T3_ROWS.get(layout or "2021", T3_ROWS_2021)


def t3_result_rows(layout: str | None) -> tuple[str, ...]:
    return T3_RESULT_ROWS_2019 if layout == "2019" else T3_RESULT_ROWS_2021
