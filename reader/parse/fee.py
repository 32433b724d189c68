"""The 信息处理费 statement: 收费通知 count and amount, and the amount actually collected.

record.md ``fee``: a number is ``None`` unless the statement gives it; "均为0" gives 0 for all
three; "无收取信息处理费" gives ``collected_amount`` 0 only. 行政事业性收费 (table 二, the
administration's own fees) is a different thing and never counts.
"""

from __future__ import annotations

import re

from reader.parse.textutil import Sentence

__all__ = ["read_fee"]

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(万)?元(?!\s*/|每)"  # not a rate such as "100元/件"
_JOIN = r"(?:为|是|共|共计|计|合计|总计|累计|:|达)?"

_FEE_WORDS = re.compile(r"收费通知|信息处理费|处理费")
# The notice goes by other names too ("缴费通知", "付费通知"); read as 收费通知.
_NOTICE_SYNONYM = re.compile(r"(?:缴费|付费|交费)通知")
# Table 三's row R6_2 ("申请人逾期未按收费通知要求缴纳费用…"; in PDF text its numbers may sit
# mid-label) names 收费通知 but counts applications: it is no fee statement.
_UNPAID_ROW = re.compile(r"[\d\s|/.-]*".join("逾期未按收费通知要求缴纳费用"))

_ALL_ZERO = re.compile(r"(?:均|都|全部|皆)(?:为|是)?(?:0|零|无)(?![\d.])")
_NOTICE_COUNT = (
    re.compile(
        r"收费通知(?:书|单)?(?:的)?(?:件数|数量|份数)?" + _JOIN + r"(\d+)(?:件|份|次|个|张)"
    ),
    re.compile(r"(\d+)(?:件|份|张)(?:信息处理费)?收费通知"),
)
_NO_NOTICE = re.compile(
    r"(?:未|没有|无|不存在|未曾|均未|并未)(?:向[^,，。;；]{0,10})?(?:发出|发送|送达|出具|下发|开具)?"
    r"(?:过)?(?:任何)?(?:信息处理费)?(?:的)?收费通知"
)
_NOTICE_AMOUNT = re.compile(r"(?:总金额|收费金额|通知金额|金额)" + _JOIN + _NUM + _UNIT)
# Where the collected sum is named: 实际收取, and the other ways reports say it (实收, 实际收费,
# 已收取, 申请人已缴纳 …).
_ACTUAL_WORDS = r"实际收取|实际收费|实际缴纳|实收|已收取|已缴纳|已缴费"
_ACTUAL = re.compile(_ACTUAL_WORDS)
_COLLECTED = (
    re.compile(
        f"(?:{_ACTUAL_WORDS})"
        + r"(?:了)?(?:的)?(?:总)?(?:金额|费用|信息处理费)?"
        + _JOIN
        + _NUM
        + _UNIT
    ),
    re.compile(
        r"收取(?:了)?(?:政府信息(?:公开)?)?(?:信息)?处理费(?:用)?(?:的)?(?:总)?(?:金额)?"
        + _JOIN
        + _NUM
        + _UNIT
    ),
    re.compile(r"(?:信息)?处理费(?:收取)?(?:金额|总额)?" + _JOIN + _NUM + _UNIT),
)
_NONE_COLLECTED = (
    re.compile(
        r"(?:未|没有|无|不存在|未曾|均未|并未|未发生|没有发生)(?:向申请人)?(?:收取|收缴|收到|产生)"
        r"(?:过)?(?:任何)?(?:的)?(?:政府信息(?:公开)?)?(?:信息)?(?:处理)?(?:费用|处理费)"
    ),
    re.compile(r"(?:无|没有)(?:政府信息(?:公开)?)?(?:信息)?处理费(?:收取|收缴)"),
    re.compile(r"(?:信息)?处理费(?:的)?(?:收取)?(?:情况)?(?:为|:)?(?:0|零|无)(?:元)?(?![\d.])"),
)


# "依申请公开政府信息未收取任何费用": no fee collected for information requests, said without the
# word 信息处理费 — the only fee such a request can carry, so this is a statement of "none".
# Only in a sentence about applications, and never in the regulation's own wording (art. 42:
# "行政机关依申请提供政府信息，不收取费用。但是……可以收取信息处理费"), which reports quote.
_APPLICATION = re.compile(r"依申请|申请人|公开申请|申请公开")
_NO_CHARGE = re.compile(
    r"(?:未|没有|不|无|未曾|均未|并未)(?:向[^,，。;；]{0,15})?(?:收取|收缴|收)(?:过)?(?:任何)?(?:的)?费用"
    r"|(?:未|不|没有|无)(?:涉及|产生|发生)(?:任何)?(?:的)?收费"
)
_REGULATION_TEXT = re.compile(r"可以收取|行政机关依申请提供政府信息")


def _no_charge_for_applications(text: str) -> bool:
    return bool(
        _APPLICATION.search(text) and _NO_CHARGE.search(text) and not _REGULATION_TEXT.search(text)
    )


def _amount(num: str, wan: str | None) -> int | float:
    value = float(num) * (10000 if wan else 1)
    return int(value) if value.is_integer() else round(value, 2)


def _is_fee_sentence(text: str) -> bool:
    if not _FEE_WORDS.search(text):
        return _no_charge_for_applications(text)
    # "处理费" must be the 信息处理费, not e.g. 污水处理费 / 垃圾处理费.
    if "收费通知" not in text and "信息处理费" not in text:
        return bool(re.search(r"(?:政府信息|依申请|信息公开)[^。]{0,20}处理费", text))
    return True


def read_fee(sents: list[Sentence]) -> dict:
    """Find the 信息处理费 statement among the report's sentences (section 六 first)."""
    fee: dict = {
        "statement": None,
        "notices_count": None,
        "notices_amount": None,
        "collected_amount": None,
    }
    ordered = [s for s in sents if s.section == "s6"] + [s for s in sents if s.section != "s6"]
    quotes: list[str] = []
    previous_was_fee = False
    for sent in ordered:
        t = _UNPAID_ROW.sub("", _NOTICE_SYNONYM.sub("收费通知", sent.norm))
        is_fee = _is_fee_sentence(t)
        # "…发出收费通知3件，总金额300元。实际收取的总金额为200元。": the second sentence
        # continues the statement without naming the fee again.
        continues = previous_was_fee and _ACTUAL.search(t) is not None
        previous_was_fee = is_fee
        if not is_fee and not continues:
            continue
        found = _read_sentence(t)
        if not found:
            continue
        used = False
        for key, value in found.items():
            if fee[key] is None:
                fee[key] = value
                used = True
        if used and sent.original not in quotes:
            quotes.append(sent.original)
        if all(fee[k] is not None for k in ("notices_count", "notices_amount", "collected_amount")):
            break
    if quotes:
        fee["statement"] = "".join(quotes)
    return fee


def _read_sentence(t: str) -> dict:
    out: dict = {}
    notice_pos = t.find("收费通知")
    actual = _ACTUAL.search(t)
    actual_pos = actual.start() if actual else -1

    if _ALL_ZERO.search(t) and (notice_pos >= 0 or "处理费" in t):
        zero_at = _ALL_ZERO.search(t).start()  # type: ignore[union-attr]
        if 0 <= notice_pos < zero_at:
            out["notices_count"] = 0
            if "金额" in t[notice_pos:zero_at]:
                out["notices_amount"] = 0
        before = t[:zero_at]
        if _ACTUAL.search(before) or ("收取" in before and "处理费" in before):
            out["collected_amount"] = 0

    for pattern in _NOTICE_COUNT:
        m = pattern.search(t)
        if m:
            out.setdefault("notices_count", int(m.group(1)))
            break
    if "notices_count" not in out and _NO_NOTICE.search(t):
        out["notices_count"] = 0
        out.setdefault("notices_amount", 0)  # no notice, so the notices total nothing

    # The notices' amount is the 总金额 stated before 实际收取 (after it, it is the collected sum).
    if notice_pos >= 0:
        scope = t[notice_pos : actual_pos if actual_pos > notice_pos else len(t)]
        m = _NOTICE_AMOUNT.search(scope)
        if m:
            out.setdefault("notices_amount", _amount(m.group(1), m.group(2)))

    m = None
    if actual_pos >= 0:
        m = _COLLECTED[0].search(t, actual_pos)
    if m is None:
        m = _COLLECTED[1].search(t)
    if m is None and notice_pos < 0:
        # A bare "信息处理费 N 元" is the collected sum only when no 收费通知 is being described.
        m = _COLLECTED[2].search(t)
    if m is not None:
        out.setdefault("collected_amount", _amount(m.group(1), m.group(2)))
    if "collected_amount" not in out:
        if any(p.search(t) for p in _NONE_COLLECTED) or _no_charge_for_applications(t):
            out["collected_amount"] = 0
    return out
