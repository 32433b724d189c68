"""Numbers stated in the report's sentences, for the NARR-* rules to compare with the tables.

Conservative by design: a number read wrongly here becomes a false alarm, so a fact is taken
only from a clause that is clearly about 政府信息公开申请 (table 三), about 政府信息公开 行政复议 /
行政诉讼 (table 四), or names a table-二 quantity with its unit. Approximate numbers (``20余件``,
``约300件``, ``1万余``), percentages, dates and 条/次/场 counts are never facts.
"""

from __future__ import annotations

import re

from reader.parse.textutil import Sentence

__all__ = ["read_prose"]

# Filler between a verb and its number: no clause punctuation, no digits.
_F = r"[^,，。;；:：!?()\d]"
_N = r"(?P<n>\d+)"

_APP_CONTEXT = re.compile(
    r"依申请|信息公开申请|申请公开|公开申请|政府信息公开案件|信息公开类?案件|申请信息公开"
)
_FILL_OK = re.compile(r"依申请|信息|公开|申请|案件|件")
_FILL_BAD = re.compile(
    r"复议|诉讼|信访|投诉|举报|建议|提案|咨询|留言|来信|来电|热线|政务服务|审批|许可|事项|办件|网上|诉求|工单"
)
# A figure for only part of the reporting body ("区政府办代表区政府受理…17件", "区政府本级")
# while a government's tables cover the whole area: not comparable, so not a fact.
_PART_SCOPE = re.compile(r"代表[^,，。;；]{0,10}政府|本级")
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|逾|多达|大约|将近|不足|不到)$")
_APPROX_AFTER = re.compile(r"^(?:以上|左右|多|余)")

_T3_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("NEW", re.compile(r"新收(?:到)?(?P<fill>" + _F + r"{0,24}?)" + _N + r"件")),
    (
        "RECEIVED",
        re.compile(r"(?<!新)(?:收到|受理|接收|接到|登记)(?P<fill>" + _F + r"{0,24}?)" + _N + r"件"),
    ),
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
            r"(?P<fill>" + _F + r"{0,8}?)" + _N + r"件"
        ),
    ),
    (
        "CARRY_OUT",
        re.compile(_N + r"件(?P<fill>(?:申请)?)(?:结转|顺延|转入)(?:至|到|入)?下(?:一)?年(?:度)?"),
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
    ("R1", re.compile(r"(?:予以公开|同意公开|全部公开)(?P<fill>" + _F + r"{0,4}?)" + _N + r"件")),
    ("R1", re.compile(_N + r"件(?P<fill>)(?:予以|同意)公开")),
    ("R2", re.compile(r"部分公开(?P<fill>" + _F + r"{0,4}?)" + _N + r"件")),
    ("R2", re.compile(_N + r"件(?P<fill>)部分公开")),
    ("R3", re.compile(r"不予公开(?P<fill>" + _F + r"{0,4}?)" + _N + r"件")),
    ("R3", re.compile(_N + r"件(?P<fill>)不予公开")),
    ("R4", re.compile(r"无法提供(?P<fill>" + _F + r"{0,4}?)" + _N + r"件")),
    ("R4", re.compile(_N + r"件(?P<fill>)无法提供")),
    ("R5", re.compile(r"不予处理(?P<fill>" + _F + r"{0,4}?)" + _N + r"件")),
    ("R5", re.compile(_N + r"件(?P<fill>)不予处理")),
    ("R6", re.compile(r"其他处理(?P<fill>" + _F + r"{0,4}?)" + _N + r"件")),
)
# "本年度未收到政府信息公开申请": no new applications. The clause must end there, so that
# "未收到政府信息公开申请人的投诉" is no count.
_T3_NONE = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到|接收)(?:任何)?(?:[^,，。;；:：]{0,16}?提出的)?(?:的)?"
    r"(?:政府信息公开|依申请公开(?:政府信息)?|信息公开)申请(?:事项)?(?:的)?(?:情况)?(?=[。,;]|$)"
)
# Keys whose filler must itself say what is counted (an intake verb is used for many things).
_NEEDS_FILL_CONTEXT = {"NEW", "RECEIVED"}

_T4_CONTEXT = re.compile(r"政府信息公开|信息公开|依申请")
_T4_JOIN = r"(?:案件|申请|案)?(?:共|共计|合计|数量为|为|总数为)?"
_T4_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("REV", re.compile(r"行政复议" + _T4_JOIN + _N + r"(?:件|起|宗|个)")),
    ("LIT", re.compile(r"行政诉讼" + _T4_JOIN + _N + r"(?:件|起|宗|个)")),
)
# "未发生因政府信息公开引起的行政复议、行政诉讼": none of either. The clause must end there (or
# with 案件 / 的情况): "未发生行政复议被撤销的情况" says nothing about how many there were.
_T4_NONE = re.compile(
    r"(?:未|没有|无)(?:发生|出现)?(?:因?政府信息公开(?:类|工作)?(?:引起|引发|而)?)?(?:被申请)?(?:的)?"
    r"行政复议(?:和|、|及|或|与|以及)?(?:被)?(?:提起)?(?:的)?(?:行政诉讼)?"
    r"(?=(?:案件|申请|案)?(?:的)?(?:情况|情形|事项)?(?:[。,;]|$))"
)
# "行政复议、行政诉讼案件各0件": both none.
_T4_BOTH_ZERO = re.compile(
    r"行政复议(?:和|、|及|与|以及)行政诉讼(?:案件)?(?:数量)?(?:各|均|均为|都是|分别为)(?:0|零)(?:件|起|宗)"
    r"(?:和(?:0|零)(?:件|起|宗))?"
)

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
_T2_FEE = re.compile(
    r"行政事业性收费(?:金额|总额|收入|总金额)?(?:共|共计|合计|为)?(?P<n>\d+(?:\.\d+)?)(?P<u>亿元|万元|元)"
)
_INCLUDES_CARRY_IN = re.compile(
    r"^[,:;(\s]*(?:其中|含|包括|包含)[:]?" + _F + r"{0,6}?(?:上年|上一年|去年|结转)"
)


def _approximate(text: str, start: int, end: int) -> bool:
    return bool(_APPROX_BEFORE.search(text[max(0, start - 4) : start])) or bool(
        _APPROX_AFTER.match(text[end : end + 2])
    )


def _fact(key: str, value: int | float, sent: Sentence, flags: list[str] | None = None) -> dict:
    return {
        "key": key,
        "value": value,
        "quote": sent.original,
        "section": sent.section,
        "flags": flags or [],
    }


def _t3_facts(sent: Sentence) -> list[dict]:
    t = sent.norm
    if not _APP_CONTEXT.search(t) and not (sent.section == "s3" and "申请" in t):
        return []
    if _PART_SCOPE.search(t):
        return []
    out: list[tuple[int, dict]] = []
    taken: list[tuple[int, int]] = []
    for key, pattern in _T3_PATTERNS:
        for m in pattern.finditer(t):
            n_start, n_end = m.span("n")
            if any(a <= n_start < b for a, b in taken):
                continue
            fill = m.group("fill") or ""
            if _FILL_BAD.search(fill):
                continue
            if key in _NEEDS_FILL_CONTEXT and not _FILL_OK.search(fill):
                continue
            if _approximate(t, n_start, n_end + 1):
                continue
            flags: list[str] = []
            if key in ("NEW", "RECEIVED") and _INCLUDES_CARRY_IN.match(t[n_end + 1 :]):
                flags.append("includes_carry_in")
            taken.append((n_start, n_end))
            out.append((n_start, _fact(key, int(m.group("n")), sent, flags)))
    if not out and _T3_NONE.search(t):
        return [_fact("NEW", 0, sent)]
    return [f for _, f in sorted(out, key=lambda x: x[0])]


def _t4_facts(sent: Sentence) -> list[dict]:
    t = sent.norm
    if "行政复议" not in t and "行政诉讼" not in t:
        return []
    if not _T4_CONTEXT.search(t) and sent.section != "s4":
        return []
    if _PART_SCOPE.search(t):
        return []
    out: list[dict] = []
    for key, pattern in _T4_PATTERNS:
        m = pattern.search(t)
        if m and not _approximate(t, m.start("n"), m.end("n") + 1):
            out.append(_fact(key, int(m.group("n")), sent))
    if not out and _T4_BOTH_ZERO.search(t):
        return [_fact("REV", 0, sent), _fact("LIT", 0, sent)]
    if not out:
        m = _T4_NONE.search(t)
        if m and not re.search(r"\d", m.group(0)):
            out.append(_fact("REV", 0, sent))
            if "行政诉讼" in m.group(0):
                out.append(_fact("LIT", 0, sent))
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
            out.append(_fact(key, int(m.group("n")), sent))
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


def read_prose(sents: list[Sentence]) -> list[dict]:
    """Facts stated in prose, deduplicated (the same key and value stated twice is one fact)."""
    facts: list[dict] = []
    seen: set[tuple[str, float]] = set()
    for sent in sents:
        t = sent.norm
        if "|" in t or not any(w in t for w in ("件", "元", "起", "行政复议", "申请")):
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
