"""Numbers stated in the report's sentences, for the NARR-* rules to compare with the tables.

Conservative by design: a number read wrongly here becomes a false alarm, so a fact is taken
only from a clause that is clearly about 政府信息公开申请 (table 三), about 政府信息公开 行政复议 /
行政诉讼 (table 四), or names a table-二 quantity with its unit. Approximate numbers (``20余件``,
``约300件``, ``1万余``), percentages, dates and 条/次/场 counts are never facts.

How real prose states table 三 (each shape is read as what it says, not as the nearest row):

- one number per row: ``同意公开答复9件，部分公开答复0件，不予公开答复2件，无法提供的10件`` —
  the 答复 after a result category belongs to the category, it is no 办结 total;
- categories combined: ``予以公开及部分公开42件``, ``予以公开（含部分公开）42件`` — one fact
  ``R1+R2`` with ``parts`` [R1, R2], never a figure for 部分公开 alone;
- categories with ``分别为 a件、b件`` (one each) or ``各/均为 N件`` (each N);
- a share after the count: ``予以公开40件，占33.9%`` — the fact carries ``share`` (33.9);
- applicants: ``涉及自然人72件、商业企业3件`` — ``PARTY.NP``, ``PARTY.BIZ``, ``PARTY.ORG``
  (法人或其他组织, the sum of the organisation columns);
- 办理 N 件 (``HANDLED``): the intake or the handled total, the prose does not say which.

Table 四: counts of 行政复议 / 行政诉讼, outcome counts (``其中维持3件、纠正1件``:
``REV.KEEP``, ``REV.CORR``, ``REV.PEND``, ``LIT.…``), and outcome claims without a number
(``均获维持``, ``均已结案``, ``未被纠错``), read as zero counts with the flag ``claim``.
"""

from __future__ import annotations

import re

from reader.parse.textutil import Sentence

__all__ = ["read_prose"]

# Filler between a verb and its number: no clause punctuation, no digits.
_F = r"[^,，。;；:：!?()\d]"
# Filler after a result category: shorter, and no 、 (a list goes on after it).
_FC = r"[^,，。;；:：!?()、\d]"
# A count: digits, thousands groups allowed ("2,180件"); never the tail of a longer number.
_NUM = r"(?<![\d.])(?<!\d,)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)"
_N = r"(?P<n>" + _NUM + r")"

_APP_CONTEXT = re.compile(
    r"依申请|信息公开申请|申请公开|公开申请|政府信息公开案件|信息公开类?案件|申请信息公开"
)
_FILL_OK = re.compile(r"依申请|信息|公开|申请|案件|件")
_FILL_BAD = re.compile(
    r"复议|诉讼|信访|投诉|举报|建议|提案|咨询|留言|来信|来电|热线|政务服务|审批|许可|事项|办件|网上|诉求|工单"
    r"|各类|信函|网络|当面|传真|邮件|邮寄|电话|窗口"
)
# 办理 is said of everything an office does: its filler must name information requests.
_FILL_HANDLED = re.compile(r"依申请|信息公开|公开申请|申请公开")
# A figure of another year or a comparison ("较上年收到的98件", "2022年收到98件，2023年…").
_OTHER_YEAR_BEFORE = re.compile(r"上年|去年|上一年|同期|较|比")
_YEAR = re.compile(r"(?<!\d)(20\d\d)年")
# An intake through one channel ("通过政府网站收到申请98件") is a part of the intake.
_CHANNEL_BEFORE = re.compile(r"信函|网络|网站|当面|现场|传真|邮件|邮寄|窗口|平台|线上|线下|来信")
# Documents sorted by 公开属性 (主动公开 / 依申请公开 / 不予公开 N 件) are no applications.
_DISCLOSURE_ATTRIBUTE = re.compile(r"公开属性|主动公开(?:的)?(?:文件|公文)?(?:共)?\d+件")
# A figure for only part of the reporting body ("区政府办代表区政府受理…17件", "区政府本级")
# while a government's tables cover the whole area: not comparable, so not a fact.
_PART_SCOPE = re.compile(r"代表[^,，。;；]{0,10}政府|本级")
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|逾|多达|大约|将近|不足|不到)$")
_APPROX_AFTER = re.compile(r"^(?:以上|左右|多|余)")

# ---- table 三: result categories ------------------------------------------------------------

# One alternation, one named group per category. 不予以公开 / 不同意公开 are 不予公开, never
# 予以公开; 予以部分公开 is 部分公开.
_CAT = re.compile(
    r"(?P<R2>(?:同意|予以)?部分公开)"
    r"|(?P<R3>不予(?:以)?公开|不同意公开)"
    r"|(?P<R1>(?<!不)(?<!部分)(?:予以(?:全部)?公开|同意(?:全部)?公开|全部公开|准予公开))"
    r"|(?P<R4>无法提供)"
    r"|(?P<R5>不予(?:以)?处理)"
    r"|(?P<R6>其他处理)"
)
# Between two categories of one list ("予以公开及部分公开", "不予公开、无法提供和不予处理").
_CAT_JOIN = re.compile(r"^(?:的)?(?:及|和|与|、|以及|或|或者|加|/|\+)$")
# "予以公开（含部分公开）": the second category is inside the first's figure.
_CAT_INCL = re.compile(r"^\((?:含|包含|包括)$")
_CAT_INCL_CLOSE = re.compile(r"^\)")
# After a category (or a list of them) and before its number.
_CAT_FILL = r"(?P<fill>" + _FC + r"{0,4}?)"
_TOTAL_WORD = r"(?:(?:共|共计|合计|总计|总数|总共)(?:为|是)?|为|是)?"
_AFTER_ONE = re.compile(r"^" + _CAT_FILL + _TOTAL_WORD + _N + r"件")
_AFTER_EACH = re.compile(r"^" + _CAT_FILL + r"(?:各|均为|均|都是|都为|各为|各有)" + _N + r"件")
_AFTER_RESPECTIVELY = re.compile(
    r"^" + _CAT_FILL + r"(?:的)?(?:分别为|分别是|依次为|分别有|分别)(?P<list>[\d、和及与件]+)"
)
_LIST_ITEM = re.compile(_NUM + r"(?=件)")
# "21件予以公开", "其中9件部分公开": the number before a single category.
_BEFORE_CAT = re.compile(r"(?:^|[,、;:]|其中)" + _N + r"件(?:申请)?(?:为|属于|系|被|获)?$")
_SHARE = re.compile(
    r"^(?:,|，|\()?(?:占(?:比)?(?P<base>[^,，。;；\d%]{0,12}?)(?:的)?(?:比例|比重)?(?:为|达)?)"
    r"(?P<pct>\d+(?:\.\d+)?)%"
)

# ---- table 三: intake, carry-over, totals ----------------------------------------------------

_T3_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "CARRY_IN",
        re.compile(
            r"(?:上年(?:度)?|上一年(?:度)?|去年)(?:结转|转结|遗留)(?P<fill>"
            + _F
            + r"{0,12}?)"
            + _N
            + r"件"
        ),
    ),
    ("CARRY_IN", re.compile(r"结转自上(?:一)?年(?:度)?(?P<fill>" + _F + r"{0,12}?)" + _N + r"件")),
    (
        "CARRY_OUT",
        re.compile(
            r"(?:结转|顺延|转入)(?:至|到|入)?下(?:一)?年(?:度)?(?:继续)?(?:办理|答复|处理)?"
            r"(?P<fill>" + _F + r"{0,12}?)" + _N + r"件"
        ),
    ),
    (
        "CARRY_OUT",
        re.compile(_N + r"件(?P<fill>(?:申请)?)(?:结转|顺延|转入)(?:至|到|入)?下(?:一)?年(?:度)?"),
    ),
    ("NEW", re.compile(r"新收(?:到)?(?P<fill>" + _F + r"{0,24}?)" + _N + r"件")),
    (
        "RECEIVED",
        re.compile(r"(?<!新)(?:收到|受理|接收|接到|登记)(?P<fill>" + _F + r"{0,24}?)" + _N + r"件"),
    ),
    (
        "HANDLED",
        re.compile(
            r"(?<!不予)(?<!其他)(?<!继续)办理(?!完毕)(?P<fill>" + _F + r"{0,24}?)" + _N + r"件"
        ),
    ),
    (
        "RECEIVED",
        re.compile(
            r"(?:政府信息公开|依申请公开|信息公开)申请(?P<fill>)(?:的)?(?:数量|总数|总量|件数)"
            r"(?:为|共|共计|合计|达)?" + _N + r"件"
        ),
    ),
    (
        "R7",
        re.compile(
            r"(?:已|共|全部)?(?:办结|答复|办理完毕|完成答复|作出答复|予以答复)(?P<fill>"
            + _F
            + r"{0,10}?)"
            + _N
            + r"件"
        ),
    ),
)
# An 办结 / 答复 figure qualified by how or when ("延期答复3件", "当场答复10件", "按时办结"):
# a part of the total, not the total.
_R7_PART_BEFORE = re.compile(
    r"(?:延期|延长|逾期|超期|当场|当面|现场|书面|电话|网上|在线|按时|按期|及时|限时|提前|告知|口头|邮寄|邮件)$"
)
# "本年度未收到政府信息公开申请": no new applications. The clause must end there, so that
# "未收到政府信息公开申请人的投诉" is no count.
_T3_NONE = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到|接收)(?:任何)?(?:[^,，。;；:：]{0,16}?提出的)?(?:的)?"
    r"(?:政府信息公开|依申请公开(?:政府信息)?|信息公开)申请(?:事项)?(?:的)?(?:情况)?(?=[。,;]|$)"
)
# Keys whose filler must itself say what is counted (an intake verb is used for many things).
_NEEDS_FILL_CONTEXT = {"RECEIVED", "HANDLED"}
_INTAKE_KEYS = ("NEW", "RECEIVED", "HANDLED")
_INCLUDES_CARRY_IN = re.compile(
    r"^[,:;(\s]*(?:其中|含|包括|包含)[:]?" + _F + r"{0,6}?(?:上年|上一年|去年|结转)"
)

# Applicants: the column of table 三 a count is about.
_PARTY = re.compile(
    r"(?P<who>法人(?:或|和|及|或者)?其他组织|自然人|公民|商业企业|企业|科研机构|社会公益组织|"
    r"公益组织|法律服务机构|律师事务所|法人)"
    r"(?:申请人)?(?:提出(?:的)?|提交(?:的)?)?(?:申请)?(?:的)?(?:共|为)?" + _N + r"件"
)
_PARTY_COLS = {
    "自然人": "NP",
    "公民": "NP",
    "商业企业": "BIZ",
    "企业": "BIZ",
    "科研机构": "SCI",
    "社会公益组织": "NGO",
    "公益组织": "NGO",
    "法律服务机构": "LAW",
    "律师事务所": "LAW",
    "法人": "ORG",
}

# ---- table 四 --------------------------------------------------------------------------------

_T4_CONTEXT = re.compile(r"政府信息公开|信息公开|依申请")
_T4_JOIN = r"(?:案件|申请|案)?(?:共|共计|合计|数量为|为|总数为)?"
_T4_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("REV", re.compile(r"行政复议" + _T4_JOIN + _N + r"(?:件|起|宗|个)")),
    ("LIT", re.compile(r"行政诉讼" + _T4_JOIN + _N + r"(?:件|起|宗|个)")),
    # "行政复议2件、诉讼1件": the second noun without 行政.
    ("LIT", re.compile(r"(?<=[、,和及与])(?:提起)?诉讼" + _T4_JOIN + _N + r"(?:件|起|宗|个)")),
)
# "行政复议、行政诉讼案件各1件" / "行政复议和行政诉讼分别为2件、1件".
_T4_BOTH = re.compile(
    r"行政复议(?:案件)?(?:和|、|及|与|以及)(?:行政)?诉讼(?:案件)?(?:数量)?"
    r"(?:(?P<each>各|均|均为|都是|各为)(?P<n>\d+|零)(?:件|起|宗|(?=[,;。]|$))"
    r"|(?:分别为|分别是|分别)(?P<a>\d+|零)(?:件|起|宗)?(?:和|、|,)(?P<b>\d+|零)(?:件|起|宗))"
)
# "未发生因政府信息公开引起的行政复议、行政诉讼": none of either. The clause must end there (or
# with 案件 / 的情况): "未发生行政复议被撤销的情况" says nothing about how many there were.
_T4_NONE = re.compile(
    r"(?:未|没有|无)(?:发生|出现)?(?:因?政府信息公开(?:类|工作)?(?:引起|引发|而)?)?(?:被申请)?(?:的)?"
    r"行政复议(?:和|、|及|或|与|以及)?(?:被)?(?:提起)?(?:的)?(?:行政诉讼)?"
    r"(?=(?:案件|申请|案)?(?:的)?(?:情况|情形|事项)?(?:[。,;]|$))"
)
_T4_MENTION = re.compile(r"复议后(?:起诉|诉讼)|行政复议|复议|行政诉讼|诉讼|应诉|起诉")
# Outcome counts ("其中维持3件、纠正1件、尚未审结1件", "1件尚在审理中").
_T4_OUTCOME = re.compile(
    r"(?P<col>(?:结果)?(?:维持|驳回)|(?:被)?(?:纠正|纠错|撤销|确认违法)|其他结果|"
    r"尚未审结|未审结|尚在审理(?:中|过程中)?|正在审理(?:中)?|审理中)"
    r"(?:原(?:行政行为|决定|答复))?(?:的)?" + _N + r"(?:件|起|宗)"
)
_T4_OUTCOME_AFTER = re.compile(
    _N + r"(?:件|起|宗)(?:被)?(?P<col>尚未审结|尚在审理(?:中)?|正在审理(?:中)?|被?纠正|被?纠错|"
    r"被?撤销|(?:被|获)?维持)"
)
_T4_OUTCOME_COLS = (
    ("OTHER", re.compile(r"其他结果")),
    ("PEND", re.compile(r"未审结|审理")),
    ("CORR", re.compile(r"纠正|纠错|撤销|违法")),
    ("KEEP", re.compile(r"维持")),
)
# Claims without a number. "均获维持": none corrected and none pending (其他结果 such as
# 驳回起诉 is not claimed either way); "已审结的均获维持" only claims none corrected.
_CLAIM_ALL_KEPT = re.compile(
    r"(?:(?:均|全部|都)(?:获|被|予以|依法|得到)?(?:维持|予以维持)|(?:均|全部)(?:为|是)维持)"
    r"(?:原(?:具体)?(?:行政行为|决定|答复))?(?:的)?(?:结果|判决|决定|复议决定)?(?=[,;。]|$)"
)
# Court stages: 二审维持 / 一审判决驳回 are no outcome column of table 四.
_COURT_STAGE = re.compile(r"一审|二审|再审|判决|裁定|上诉")
_CLAIM_CONCLUDED_ONLY = re.compile(r"(?:已)?(?:审结|结案|办结)的(?:案件)?$")
_CLAIM_ALL_CLOSED = re.compile(r"(?:均|全部|都)已?(?:结案|审结|办结|终结|作出(?:决定|判决|裁决))")
_CLAIM_NONE_CORRECTED = re.compile(
    r"(?:未|没有|无)(?:发生|出现)?(?:被)?(?:纠错|纠正|撤销|确认违法|败诉)(?:的)?(?:情况|情形|案件|案例)?"
)

# ---- table 二 --------------------------------------------------------------------------------

_T2_SCOPE_BAD = re.compile(r"政府|部门|本级|区级|市级|县级|乡镇|街道|单位")
_T2_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "T2.NORM.ISSUED",
        re.compile(
            r"(?:制发|制定|出台|印发|新制定)(?:了)?(?P<q>" + _F + r"{0,8}?)(?:行政)?规范性文件"
            r"(?:共|共计)?" + _N + r"件"
        ),
    ),
    (
        "T2.NORM.REPEALED",
        re.compile(
            r"废止(?:了)?(?P<q>" + _F + r"{0,8}?)(?:行政)?规范性文件(?:共|共计)?" + _N + r"件"
        ),
    ),
    (
        "T2.NORM.IN_FORCE",
        re.compile(
            r"现行有效(?:的)?(?P<q>"
            + _F
            + r"{0,6}?)(?:行政)?规范性文件(?:共|共计|为)?"
            + _N
            + r"件"
        ),
    ),
    (
        "T2.REG.ISSUED",
        re.compile(
            r"(?:制发|制定|出台|印发|新制定)(?:了)?(?P<q>"
            + _F
            + r"{0,6}?)规章(?:共|共计)?"
            + _N
            + r"件"
        ),
    ),
    (
        "T2.REG.IN_FORCE",
        re.compile(r"现行有效(?:的)?(?P<q>" + _F + r"{0,6}?)规章(?:共|共计|为)?" + _N + r"件"),
    ),
    (
        "T2.LICENSE.DECISIONS",
        re.compile(r"行政许可(?P<q>)(?:决定|处理决定|办件)?(?:共|共计|数量为|为)?" + _N + r"件"),
    ),
    (
        "T2.PUNISH.DECISIONS",
        re.compile(
            r"行政处罚(?P<q>)(?:决定|处理决定|案件)?(?:共|共计|数量为|为)?" + _N + r"(?:件|起|宗)"
        ),
    ),
    (
        "T2.COERCE.DECISIONS",
        re.compile(
            r"行政强制(?P<q>)(?:措施|决定|处理决定|案件)?(?:共|共计|数量为|为)?"
            + _N
            + r"(?:件|起|宗)"
        ),
    ),
)
# "制发规范性文件15件，废止4件，现行有效393件": the later clauses name no document type;
# they count the one named last.
_T2_FOLLOW = (
    ("REPEALED", re.compile(r"(?<=[,，;；、])(?:并|同时)?废止(?:了)?(?:共|共计)?" + _N + r"件")),
    (
        "IN_FORCE",
        re.compile(r"(?<=[,，;；、])(?:目前)?现行有效(?:的)?(?:共|共计|为)?" + _N + r"件"),
    ),
)
_T2_DOC = re.compile(r"规范性文件|规章")
_T2_FEE = re.compile(
    r"行政事业性收费(?:金额|总额|收入|总金额)?(?:共|共计|合计|为)?(?P<n>\d+(?:\.\d+)?)(?P<u>亿元|万元|元)"
)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _approximate(text: str, start: int, end: int) -> bool:
    return bool(_APPROX_BEFORE.search(text[max(0, start - 4) : start])) or bool(
        _APPROX_AFTER.match(text[end : end + 2])
    )


def _fact(
    key: str,
    value: int | float,
    sent: Sentence,
    flags: list[str] | None = None,
    **extra: object,
) -> dict:
    fact = {
        "key": key,
        "value": value,
        "quote": sent.original,
        "section": sent.section,
        "flags": flags or [],
    }
    fact.update({k: v for k, v in extra.items() if v is not None})
    return fact


def _share(t: str, end: int) -> dict[str, object]:
    """``占33.9%`` right after a count ending at ``end``: the share and the base it names."""
    m = _SHARE.match(t[end:])
    if not m:
        return {}
    base = m.group("base") or ""
    named = (
        "NEW"
        if "新收" in base
        else "R7"
        if re.search(r"办结|答复|办理", base)
        else "RECEIVED"
        if re.search(r"收到|受理", base)
        else None
    )
    return {"share": float(m.group("pct")), "share_base": named}


class _Spans:
    """Number positions already read in one sentence: each number is one fact at most."""

    def __init__(self) -> None:
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int) -> bool:
        return not any(a <= start < b for a, b in self.taken)

    def take(self, start: int, end: int) -> None:
        self.taken.append((start, end))


def _cat_runs(t: str) -> list[tuple[list[str], int, int, bool]]:
    """Lists of categories said together: (keys, start, end, inclusive) where ``inclusive``
    marks "予以公开（含部分公开）" — the figure after it is the sum."""
    matches = [(m.lastgroup or "", m.start(), m.end()) for m in _CAT.finditer(t)]
    runs: list[tuple[list[str], int, int, bool]] = []
    for key, start, end in matches:
        if runs:
            keys, r_start, r_end, incl = runs[-1]
            gap = t[r_end:start]
            if key not in keys and _CAT_JOIN.match(gap):
                runs[-1] = ([*keys, key], r_start, end, incl)
                continue
            if key not in keys and len(keys) == 1 and _CAT_INCL.match(gap):
                close = _CAT_INCL_CLOSE.match(t[end:])
                if close:
                    runs[-1] = ([*keys, key], r_start, end + close.end(), True)
                    continue
        runs.append(([key], start, end, False))
    return runs


def _category_facts(t: str, sent: Sentence, spans: _Spans) -> list[tuple[int, dict]]:
    out: list[tuple[int, dict]] = []
    for keys, start, end, _incl in _cat_runs(t):
        rest = t[end:]
        if m := _AFTER_RESPECTIVELY.match(rest):
            values = [_int(v.group(0)) for v in _LIST_ITEM.finditer(m.group("list"))]
            if len(values) == len(keys) and len(keys) > 1:
                spans.take(end + m.start("list"), end + m.end("list"))
                for key, value in zip(keys, values, strict=True):
                    out.append((start, _fact(key, value, sent)))
            continue
        if m := _AFTER_EACH.match(rest):
            n_start, n_end = end + m.start("n"), end + m.end("n")
            if spans.free(n_start) and not _approximate(t, n_start, n_end + 1):
                spans.take(n_start, n_end)
                for key in keys:
                    out.append((start, _fact(key, _int(m.group("n")), sent)))
            continue
        if m := _AFTER_ONE.match(rest):
            n_start, n_end = end + m.start("n"), end + m.end("n")
            if not spans.free(n_start) or _approximate(t, n_start, n_end + 1):
                continue
            spans.take(n_start, n_end)
            share = _share(t, n_end + 1)
            if len(keys) == 1:
                out.append((start, _fact(keys[0], _int(m.group("n")), sent, **share)))
            else:
                combined = "+".join(sorted(keys))
                parts = sorted(keys)
                out.append((start, _fact(combined, _int(m.group("n")), sent, parts=parts, **share)))
            continue
        if len(keys) == 1:
            before = _BEFORE_CAT.search(t, 0, start)
            if before:
                n_start, n_end = before.span("n")
                if spans.free(n_start) and not _approximate(t, n_start, n_end + 1):
                    spans.take(n_start, n_end)
                    out.append((start, _fact(keys[0], _int(before.group("n")), sent)))
    return out


def _party_facts(t: str, sent: Sentence, spans: _Spans) -> list[tuple[int, dict]]:
    out: list[tuple[int, dict]] = []
    for m in _PARTY.finditer(t):
        n_start, n_end = m.span("n")
        if not spans.free(n_start) or _approximate(t, n_start, n_end + 1):
            continue
        who = m.group("who")
        col = "ORG" if who.startswith("法人") else _PARTY_COLS.get(who)
        if col is None:
            continue
        spans.take(n_start, n_end)
        out.append(
            (m.start(), _fact(f"PARTY.{col}", _int(m.group("n")), sent, **_share(t, n_end + 1)))
        )
    return out


def _t3_facts(sent: Sentence) -> list[dict]:
    t = sent.norm
    in_context = bool(_APP_CONTEXT.search(t)) or (sent.section == "s3" and "申请" in t)
    # A list of result categories ("同意公开答复9件，部分公开答复0件，不予公开答复2件") is about
    # applications even in a sentence of its own.
    categories = {m.lastgroup for m in _CAT.finditer(t)}
    # So is a list of applicant kinds ("从申请人类型看，自然人申请110件，法人或其他组织申请8件").
    party_list = "申请" in t and len({m.group("who") for m in _PARTY.finditer(t)}) >= 2
    if not in_context and len(categories) < 2 and not party_list:
        return []
    if _PART_SCOPE.search(t):
        return []
    if len(set(_YEAR.findall(t))) > 1:
        return []  # figures of several years side by side: which is the report's is not said
    spans = _Spans()
    out = [] if _DISCLOSURE_ATTRIBUTE.search(t) else _category_facts(t, sent, spans)
    if in_context:
        for key, pattern in _T3_PATTERNS:
            for m in pattern.finditer(t):
                n_start, n_end = m.span("n")
                if not spans.free(n_start):
                    continue
                fill = m.group("fill") or ""
                if _FILL_BAD.search(fill):
                    continue
                if key in _NEEDS_FILL_CONTEXT and not _FILL_OK.search(fill):
                    if not (key == "RECEIVED" and "数" in m.group(0)):
                        continue
                if key == "HANDLED" and not _FILL_HANDLED.search(fill):
                    continue
                clause = re.split(r"[,，;；:：。]", t[: m.start()])[-1] + t[m.start() : n_start]
                if key not in ("CARRY_IN",) and _OTHER_YEAR_BEFORE.search(clause):
                    continue
                if key in _INTAKE_KEYS and _CHANNEL_BEFORE.search(clause):
                    continue
                if key == "R7" and _R7_PART_BEFORE.search(t[max(0, m.start() - 4) : m.start()]):
                    continue
                if _approximate(t, n_start, n_end + 1):
                    continue
                flags: list[str] = []
                if key in _INTAKE_KEYS and _INCLUDES_CARRY_IN.match(t[n_end + 1 :]):
                    flags.append("includes_carry_in")
                spans.take(n_start, n_end)
                out.append((n_start, _fact(key, _int(m.group("n")), sent, flags)))
    if party_list or any(f["key"] in _INTAKE_KEYS for _, f in out):
        out.extend(_party_facts(t, sent, spans))
    if not out and in_context and _T3_NONE.search(t):
        return [_fact("NEW", 0, sent)]
    return [f for _, f in sorted(out, key=lambda x: x[0])]


def _t4_mentions(t: str, pos: int) -> list[tuple[str, int]]:
    """The table-四 groups named before ``pos`` in its clause chain (back to the previous ；),
    with the end of their last mention, in that order: a claim is about all of them, a count
    about the last."""
    seg_start = max(t.rfind(";", 0, pos), t.rfind("；", 0, pos)) + 1
    order: dict[str, int] = {}
    for m in _T4_MENTION.finditer(t, seg_start, pos):
        order["LIT" if "诉" in m.group(0) else "REV"] = m.end()
    return sorted(order.items(), key=lambda item: item[1])


def _t4_outcomes(t: str, sent: Sentence) -> list[dict]:
    out: list[dict] = []
    counted: set[str] = set()
    spans = _Spans()
    for pattern in (_T4_OUTCOME, _T4_OUTCOME_AFTER):
        for m in pattern.finditer(t):
            n_start, n_end = m.span("n")
            if not spans.free(n_start) or _approximate(t, n_start, n_end + 1):
                continue
            if "驳回" in m.group("col"):
                continue  # 驳回 is 其他结果 for a lawsuit, 维持 for some reviews: not certain
            groups = _t4_mentions(t, m.start())
            if not groups:
                continue
            group, mentioned = groups[-1]
            if _COURT_STAGE.search(t, mentioned, m.end()):
                continue  # 一审/二审 outcomes are not table 四's columns
            spans.take(n_start, n_end)
            col = next(c for c, p in _T4_OUTCOME_COLS if p.search(m.group("col")))
            out.append(_fact(f"{group}.{col}", _int(m.group("n")), sent))
            counted.add(group)
    claims: list[tuple[re.Pattern[str], tuple[str, ...], str]] = [
        (_CLAIM_ALL_KEPT, ("CORR", "PEND"), "all_kept"),
        (_CLAIM_ALL_CLOSED, ("PEND",), "all_closed"),
        (_CLAIM_NONE_CORRECTED, ("CORR",), "none_corrected"),
    ]
    for pattern, cols, flag in claims:
        for m in pattern.finditer(t):
            mentions = _t4_mentions(t, m.start())
            # A claim after a clause about applications ("…申请118件，全部办结") is theirs.
            if not mentions or "申请" in t[mentions[-1][1] : m.start()]:
                continue
            # A group whose outcomes were counted is not what a following 均 sums up.
            groups = [g for g, _ in mentions if g not in counted]
            if "败诉" in m.group(0):
                groups = [g for g in groups if g == "LIT"]
            use = cols
            if flag == "all_kept" and _CLAIM_CONCLUDED_ONLY.search(t[: m.start()]):
                use = ("CORR",)  # "已审结的均获维持": nothing said of the pending ones
            for group in groups:
                for col in use:
                    out.append(_fact(f"{group}.{col}", 0, sent, ["claim", flag]))
    return out


def _t4_facts(sent: Sentence) -> list[dict]:
    t = sent.norm
    if "行政复议" not in t and "行政诉讼" not in t:
        return []
    if not _T4_CONTEXT.search(t) and sent.section != "s4":
        return []
    if _PART_SCOPE.search(t):
        return []
    out: list[dict] = []
    both = _T4_BOTH.search(t)
    if both:
        if both.group("each"):
            n = 0 if both.group("n") == "零" else int(both.group("n"))
            out += [_fact("REV", n, sent), _fact("LIT", n, sent)]
        else:
            a, b = (0 if v == "零" else int(v) for v in (both.group("a"), both.group("b")))
            out += [_fact("REV", a, sent), _fact("LIT", b, sent)]
    else:
        seen: set[str] = set()
        for key, pattern in _T4_PATTERNS:
            if key in seen:
                continue
            m = pattern.search(t)
            if m and not _approximate(t, m.start("n"), m.end("n") + 1):
                out.append(_fact(key, _int(m.group("n")), sent))
                seen.add(key)
    if not out:
        m = _T4_NONE.search(t)
        if m and not re.search(r"\d", m.group(0)):
            out.append(_fact("REV", 0, sent))
            if "行政诉讼" in m.group(0):
                out.append(_fact("LIT", 0, sent))
    if out or sent.section == "s4" or _T4_CONTEXT.search(t):
        out.extend(_t4_outcomes(t, sent))
    return out


def _t2_facts(sent: Sentence) -> list[dict]:
    t = sent.norm
    out: list[dict] = []
    if "规范性文件" in t or "规章" in t or "行政许可" in t or "行政处罚" in t or "行政强制" in t:
        for key, pattern in _T2_PATTERNS:
            m = pattern.search(t)
            if not m or _approximate(t, m.start("n"), m.end("n") + 1):
                continue
            if _T2_SCOPE_BAD.search(m.group("q") or ""):
                continue  # 区政府规范性文件 / 部门规范性文件: a part of the table's total
            out.append(_fact(key, _int(m.group("n")), sent))
        out.extend(_t2_follow(t, sent, {f["key"] for f in out}))
    if "行政事业性收费" in t:
        m = _T2_FEE.search(t)
        if m and not _approximate(t, m.start("n"), m.end("n")):
            value = float(m.group("n"))
            unit = m.group("u")
            if unit == "元":
                value /= 10000
            elif unit == "亿元":
                value *= 10000
            out.append(_fact("T2.FEE.AMOUNT", round(value, 6), sent))
    return out


def _t2_follow(t: str, sent: Sentence, have: set[str]) -> list[dict]:
    """废止 / 现行有效 N 件 in a later clause, counting the document type named before it."""
    out: list[dict] = []
    for col, pattern in _T2_FOLLOW:
        for m in pattern.finditer(t):
            docs = list(_T2_DOC.finditer(t, 0, m.start()))
            if not docs:
                continue
            # Only a clause chain about one kind of document, told by its own scope words.
            clause_start = docs[-1].start()
            if _T2_SCOPE_BAD.search(t[max(0, clause_start - 6) : clause_start]):
                continue
            row = "NORM" if docs[-1].group(0) == "规范性文件" else "REG"
            key = f"T2.{row}.{col}"
            if key in have or _approximate(t, m.start("n"), m.end("n") + 1):
                continue
            have.add(key)
            out.append(_fact(key, _int(m.group("n")), sent))
    return out


def read_prose(sents: list[Sentence]) -> list[dict]:
    """Facts stated in prose, deduplicated (the same key and value stated twice is one fact)."""
    facts: list[dict] = []
    seen: set[tuple[str, float]] = set()
    for sent in sents:
        t = sent.norm
        if "|" in t or not any(
            w in t for w in ("件", "元", "起", "行政复议", "申请", "维持", "结案")
        ):
            continue
        for fact in (*_t3_facts(sent), *_t4_facts(sent), *_t2_facts(sent)):
            ident = (fact["key"], fact["value"])
            if ident in seen:
                continue
            seen.add(ident)
            facts.append(fact)
    # "收到 N 件" restating the 新收 figure is not a separate fact.
    new_values = {f["value"] for f in facts if f["key"] == "NEW"}
    return [
        f
        for f in facts
        if not (f["key"] == "RECEIVED" and f["value"] in new_values and not f["flags"])
    ]
