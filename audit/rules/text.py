"""Text integrity: injected spam, damaged text, website chrome inside the report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from reader.record import Record
from reader.textnorm import (
    SITE_REGISTRATION,
    compact,
    find_mojibake,
    matchable,
    pinyin_annotations,
    quote_around,
)

from . import lexicon
from .base import Context, Finding, Rule, Severity
from .registry import register

_GOV_HOST = re.compile(r"(?:^|\.)(?:gov\.cn|gov|政务|公益)$|\.gov\.[a-z]{2}$")
_MAX_QUOTES = 20


def _spam_hits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) of spam in normalised, compact, lower-case text."""
    hits: list[tuple[int, int, str]] = []
    for m in lexicon.TERM_PATTERN.finditer(text):
        term = m.group(0)
        if term in lexicon.CONTEXT_SET:
            w = lexicon.CONTEXT_WINDOW
            around = text[max(0, m.start() - w) : m.start()] + " " + text[m.end() : m.end() + w]
            if not lexicon.CASINO_WORDS.search(around):
                continue
        elif term in lexicon.TOPICS:
            w = lexicon.ENFORCEMENT_WINDOW
            around = text[max(0, m.start() - w) : m.end() + w]
            if lexicon.ENFORCEMENT.search(around.replace(term, "")):
                continue
        hits.append((m.start(), m.end(), term))
    for start, end, host in lexicon.hosts(text):
        if not _GOV_HOST.search(host) and lexicon.SPAM_HOST.search(host):
            hits.append((start, end, host))
    return sorted(hits)


def _normalised(value: Any) -> str:
    return compact(matchable(value)).lower() if isinstance(value, str) and value else ""


@register
class TextSpam(Rule):
    id = "TEXT-SPAM"
    severity = Severity.ERROR
    title = "报告中混入赌博等垃圾广告"
    description = (
        "报告文字中出现博彩、赌场品牌等垃圾广告（如 bet365、亚洲官网、娱乐城、博彩、真人视讯、体育投注），"
        "或标题中的机关名称被这类词替换，或出现此类网站的链接——发布网站可能已被篡改。"
        "“福利彩票”“体育彩票”等正常政务用语和打击赌博的表述不算。"
    )
    example: ClassVar[dict[str, Any]] = {
        "terms": ["bet365", "亚洲官网"],
        "quotes": ["bet365亚洲官网办公室2021年政府信息公开工作年度报告"],
        "title": "bet365亚洲官网 办公室2021年政府信息公开工作年度报告",
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        text = context.match_compact.lower()
        hits = _spam_hits(text)
        title, agency = record.get("title"), record.get("agency")
        # The title and agency name are nearly always in the text too; read them on their own
        # when the text has spam (for the evidence) or when they are not in it.
        title_hits = agency_hits = []
        if hits or (isinstance(title, str) and title not in context.text):
            title_hits = _spam_hits(_normalised(title))
        if hits or (isinstance(agency, str) and agency not in context.text):
            agency_hits = _spam_hits(_normalised(agency))
        if not (hits or title_hits or agency_hits):
            return
        terms = list(dict.fromkeys(t for *_, t in (*hits, *title_hits, *agency_hits)))
        quotes = list(dict.fromkeys(quote_around(text, s, e) for s, e, _ in hits))
        evidence: dict[str, Any] = {
            "terms": terms,
            "count": len(hits),
            "quotes": quotes[:_MAX_QUOTES],
        }
        where = []
        if title_hits:
            evidence["title"] = record.get("title")
            where.append("标题中的机关名称")
        if agency_hits:
            evidence["agency"] = record.get("agency")
        yield self.finding(
            target=None,
            message="报告中出现赌博类垃圾广告词（"
            + "、".join(terms[:5])
            + ("等" if len(terms) > 5 else "")
            + f"），共 {max(len(hits), 1)} 处"
            + (f"，{where[0]}已被替换" if where else "")
            + "；发布或转载网站可能已被篡改，请核对原件。",
            evidence=evidence,
        )


@register
class TextEncoding(Rule):
    id = "TEXT-ENCODING"
    severity = Severity.WARNING
    title = "文字损坏（乱码、替换字符、拼音注音）"
    description = (
        "报告文字有损坏：乱码片段、替换字符 �，或字后夹带拼音注音（如“報(bào)告”），"
        "通常是转载网站造成的，请核对原件。规范的繁体文字不算损坏。"
    )
    example: ClassVar[dict[str, Any]] = {
        "pinyin": ["報(bào)告"],
        "mojibake": ["?。ǘ┮郎暾堔k理方面"],
        "replacement_chars": 0,
    }

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        integrity = record.get("integrity")
        if isinstance(integrity, dict):
            pinyin = _strings(integrity.get("pinyin"))
            mojibake = _strings(integrity.get("mojibake"))
            replacement = integrity.get("replacement_chars")
            replacement = replacement if isinstance(replacement, int) else 0
        else:
            pinyin = pinyin_annotations(context.text)
            mojibake = find_mojibake(context.text)
            replacement = context.text.count("\ufffd")
        if not (pinyin or mojibake or replacement > 0):
            return
        kinds = []
        if mojibake:
            kinds.append(f"乱码 {len(mojibake)} 处")
        if replacement:
            kinds.append(f"替换字符 � {replacement} 个")
        if pinyin:
            kinds.append("字后夹带拼音注音")
        yield self.finding(
            target=None,
            message="报告文字有损坏（"
            + "，".join(kinds)
            + "），可能是转载网站造成的，请核对原件。",
            evidence={
                "pinyin": pinyin[:5],
                "mojibake": mojibake[:5],
                "replacement_chars": replacement,
            },
        )


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


_BOILERPLATE = re.compile(
    SITE_REGISTRATION + r"|(?:主办|承办)(?:单位)?:|技术支持:|版权所有|"
    r"您访问的链接即将离开|关闭窗口|打印本页|字体:?[\[]?大[\]]?[\[]?中[\]]?[\[]?小|扫一扫在手机"
)


# Cheap pre-check: a text or line without any of these cannot match ``_BOILERPLATE``.
_BOILERPLATE_WORDS = (
    "ICP",
    "公网",
    "标识码",
    "主办",
    "承办",
    "技术支持",
    "版权",
    "即将离开",
    "关闭窗口",
    "打印本页",
    "字体",
    "扫一扫",
)
_BOILERPLATE_HINT = re.compile("|".join(_BOILERPLATE_WORDS))


@register
class TextBoilerplate(Rule):
    id = "TEXT-BOILERPLATE"
    severity = Severity.INFO
    title = "报告正文中混入网站页脚等信息"
    description = (
        "报告文字中夹带网站页面信息（ICP备案号、公网安备号、网站标识码、主办/承办单位、"
        "“您访问的链接即将离开”等），不是机关的错误，整理入库时可删去。"
    )
    example: ClassVar[dict[str, Any]] = {"quotes": ["京ICP备20013709号", "网站标识码:1101060001"]}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        compact_text = context.match_compact
        # Every alternative of the pattern holds one of the hint words: most reports hold none,
        # and substring tests are ~20× cheaper than the pattern's scan.
        if not any(word in compact_text for word in _BOILERPLATE_WORDS):
            return
        if not _BOILERPLATE.search(compact_text):
            return
        # Normalising keeps line breaks, so lines pair up; quote the original when they do.
        original = context.text.splitlines()
        normalised = context.match_text.splitlines()
        paired = len(original) == len(normalised)
        quotes = []
        for i, line in enumerate(normalised):
            if _BOILERPLATE_HINT.search(line) and _BOILERPLATE.search(compact(line)):
                quotes.append((original[i] if paired else line).strip()[:80])
        if not quotes:
            return
        quotes = list(dict.fromkeys(quotes))
        yield self.finding(
            target=None,
            message=f"报告正文中混入网站页脚等信息（{len(quotes)} 行），不属于报告内容。",
            evidence={"quotes": quotes[:_MAX_QUOTES]},
        )
