"""Report metadata read from the text: title, year, 统计期限, agency, level, script, publication.

Each reader returns ``None`` rather than guessing when the text does not say; the orchestrator
lets arguments (what staff entered) override what is read here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reader.extract.blocks import Block, Paragraph
from reader.parse.textutil import (
    Sentence,
    cn_year,
    norm,
    original_slice,
    sentences,
    squeeze,
)
from reader.textnorm import strip_pinyin, to_simplified

__all__ = [
    "Title",
    "classify_level",
    "detect_script",
    "find_agency",
    "find_period",
    "find_title",
    "find_year_in_body",
    "level_from_body",
    "normalise_date",
]

_YEAR = r"(?P<year>\d{4}|[〇零○一二三四五六七八九]{4})\s*年(?:度)?"
_REPORT_WORDS = re.compile(
    r"(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)"
)
_TITLE_YEAR = re.compile(_YEAR)
_META_LABEL = re.compile(r"^(?:信息名称|文件名称|名称|名稱|标题|標題|题名|主题)\s*[:：]\s*")
# A line citing a document ("《…年度报告有关事项的通知》") is not the report's own title.
_NOT_A_TITLE = re.compile(r"[《》]|通知|有关事项|关于印发|的意见|办法")
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s-\s|——).*$")


@dataclass(frozen=True, slots=True)
class Title:
    text: str  # as printed (pinyin removed)
    year: int | None
    agency: str | None


_NOT_A_NAME = re.compile(
    r"[。；;！!？?《》]|根据|根據|依据|依據|按照|本报告|本報告|编制|編制|现将|現將|特此"
)


def _clean_agency(name: str) -> str | None:
    name = strip_pinyin(name).strip(" \t\u3000《》“”\"'「」:：,，。")
    name = re.sub(r"^(?:关于|關於)|(?:关于|關於)$", "", name).strip()
    if len(name) < 2 or len(name) > 60 or _NOT_A_NAME.search(name):
        return None
    return name


def _title_from_line(line: str) -> Title | None:
    raw = squeeze(strip_pinyin(line)).strip()
    raw = _META_LABEL.sub(
        "", raw.lstrip("#*> ")
    )  # "名称：XX区人民政府2022年…" in a page's metadata block
    raw = raw.strip("《》")
    if len(raw) > 100:
        return None
    n = norm(raw)
    if not _REPORT_WORDS.search(n) or _NOT_A_TITLE.search(n):
        return None
    ym = _TITLE_YEAR.search(n)
    wm = _REPORT_WORDS.search(n)
    year = cn_year(ym.group("year")) if ym else None
    agency = None
    if ym and ym.start() > 0:
        agency = _clean_agency(original_slice(raw, 0, ym.start()))
    elif ym and wm and wm.start() > ym.end():
        # "2021年度XX局政府信息公开…"
        agency = _clean_agency(original_slice(raw, ym.end(), wm.start()))
    elif not ym and wm and wm.start() > 0:
        agency = _clean_agency(original_slice(raw, 0, wm.start()))
    return Title(text=raw.strip("《》"), year=year, agency=agency)


def _looks_like_name(line: str) -> bool:
    raw = squeeze(strip_pinyin(line)).strip()
    return 2 <= len(raw) <= 40 and not re.search(r"[。，,；;：:！？!?（(]", raw)


def find_title(blocks: list[Block], meta_title: str | None = None) -> Title | None:
    """The report's own title line, usually the first line(s) before section 一.

    A title broken over two lines (``洪泽区人民政府`` / ``2023 年政府信息公开工作年度报告``) is
    joined. Falls back to the page's ``<title>`` without the site name.
    """
    paras = [b.text for b in blocks[:12] if isinstance(b, Paragraph) and b.text.strip()]
    for i, line in enumerate(paras[:8]):
        title = _title_from_line(line)
        if title is None:
            # "XX区人民政府2023年政府信息公开" / "工作年度报告"
            if i + 1 < len(paras) and len(line) <= 60 and _TITLE_YEAR.search(norm(line)):
                title = _title_from_line(line.strip() + paras[i + 1].strip())
            if title is None:
                continue
        if title.agency is None and i > 0 and _looks_like_name(paras[i - 1]):
            prev = squeeze(strip_pinyin(paras[i - 1])).strip()
            joined = _title_from_line(prev + title.text)
            if joined is not None:
                return joined
        return title
    if meta_title:
        return _title_from_line(_SITE_SUFFIX.sub("", meta_title))
    return None


# ---- 统计期限 ------------------------------------------------------------------------------------

_PERIOD_WORD = re.compile(
    r"统计(?:期限|时限|时间|周期|区间|范围|期间|口径)|统计数据(?:的)?(?:期限|时限|时间|时段)"
)
_PERIOD_START = re.compile(r"(\d{4})年(?:度)?(?:1|01|一)月(?:1|01|一)日")
_PERIOD_END = re.compile(r"(\d{4})年(?:12|十二)月(?:31|三十一)日")
_PERIOD_WHOLE_YEAR = re.compile(r"(?:为|是|:)(\d{4})年(?:度|全年|1月至12月|1-12月)")


def find_period(sents: list[Sentence]) -> tuple[str | None, int | None]:
    """The 统计期限 sentence and its year (start year; else end year; else ``YYYY年度``)."""
    undated: str | None = None
    for sent in sents:
        if "统计" not in sent.norm:
            continue
        m = _PERIOD_WORD.search(sent.norm)
        if not m:
            continue
        tail = sent.norm[m.start() : m.start() + 80]
        for pattern in (_PERIOD_START, _PERIOD_END, _PERIOD_WHOLE_YEAR):
            ym = pattern.search(tail)
            if ym:
                return sent.original, cn_year(ym.group(1))
        # "按统计口径…" without dates: keep looking for the real statement first.
        undated = undated or sent.original
    return undated, None


# ---- year from the body ------------------------------------------------------------------------

_BODY_YEAR = re.compile(r"(\d{4})年")
_CLAUSE_YEAR = re.compile(
    r"(?:^|[。，,；;：:\n])(?:在|截至|截止)?(\d{4})年(?:度|以来|全年|,|，|\s|[^\d月])"
)


def find_year_in_body(s1_text: str) -> int | None:
    """The year that section 一 states as the report year ("2022年，平谷区坚持…").

    A year opening a clause is the report year; failing that, the year section 一 names most
    often (a citation such as "2019年修订的条例" is mentioned once).
    """
    head = squeeze(strip_pinyin(s1_text[:3000]))
    for m in _CLAUSE_YEAR.finditer(head[:600]):
        year = cn_year(m.group(1))
        if year is not None:
            return year
    counts: dict[int, int] = {}
    for m in _BODY_YEAR.finditer(head):
        year = cn_year(m.group(1))
        if year is not None:
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


# ---- agency -------------------------------------------------------------------------------------

_NOW_REPORT = re.compile(
    r"(?:现将|现公布|现予公布|现发布|现予发布)(?P<name>[^,，。;；:：]{2,40}?)(?:" + _YEAR + r")?"
    r"(?:政府信息公开|政务公开|信息公开)"
)
_SUBJECT = re.compile(
    r"^(?:\d{4}年(?:度|以来)?[,，]?\s*)?(?:本年度[,，]?)?(?P<name>[^,，。;；:：“”\"《》()（）]{2,30}?)"
    r"(?:坚持|认真|深入|全面|以|按照|围绕|在|紧紧|始终|持续|进一步|积极|紧扣|严格|聚焦|贯彻|高度|牢牢|立足|扎实|不断|着力|继续|大力|切实|将|把)"
)
# "由望川市教育局办公室编制" / "望川市青石区人民政府编制本报告": who compiled the report.
_COMPILER = re.compile(
    r"(?:由|^|[,，。;；)）])(?P<name>[^,，。;；:：“”\"《》()（）由]{2,40}?)(?:根据[^,，。;；]{0,60})?"
    r"(?:负责)?编制(?:(?:本|此|了本)?(?:年度)?报告|[。,，;；])"
)
_PRONOUN = re.compile(
    r"^(?:我|本|全)(?:区|市|县|镇|乡|旗|州|盟|街道|局|委|办|厅|院|中心|单位|部门|机关)$"
)


def find_agency(title: Title | None, text: str, s1_text: str) -> str | None:
    """The publishing agency: from the title, else ``现将XXX…报告如下`` or ``由XXX编制`` in
    ``text`` (the introduction), else section 一's subject."""
    if title is not None and title.agency:
        return title.agency
    # PDF text wraps lines mid-name ("…2024年政府信息\n公开工作年度报告").
    clean = strip_pinyin(text[:4000]).replace("\r", "").replace("\n", "")
    normed = (
        norm(clean)
        if ("现" in clean or "現" in clean or "编制" in clean or "編制" in clean)
        else ""
    )
    m = _NOW_REPORT.search(normed)
    if m:
        name = _clean_agency(original_slice(clean, m.start("name"), m.end("name")))
        if name:
            return name
    m = _COMPILER.search(normed)
    if m and classify_level(m.group("name")) is not None:
        # An agency's own office compiles its report: "XX局办公室" → XX局, "XX区人民政府办公室"
        # → XX区人民政府 (art. 49: a government's report is compiled by its office).
        name = _clean_agency(original_slice(clean, m.start("name"), m.end("name")))
        if name:
            stripped = re.sub(r"(?:办公室|办公厅|辦公室|辦公廳)$", "", name)
            return stripped if classify_level(stripped) is not None else name
    for sent in sentences(s1_text[:400])[:2]:
        m = _SUBJECT.match(sent.norm)
        if not m:
            continue
        name = m.group("name")
        if _PRONOUN.match(name) or classify_level(name) is None:
            continue
        return _clean_agency(original_slice(sent.original, m.start("name"), m.end("name")))
    return None


# ---- level --------------------------------------------------------------------------------------

_GOV_SUFFIX = (
    "人民政府",
    "区政府",
    "市政府",
    "县政府",
    "镇政府",
    "乡政府",
    "州政府",
    "旗政府",
    "盟政府",
    "街道办事处",
    "街道办",
    "街道",
    "苏木",
)
_DEPT_SUFFIX = (
    "办公室",
    "办公厅",
    "委员会",
    "管委会",
    "局",
    "委",
    "厅",
    "办",
    "中心",
    "院",
    "所",
    "队",
    "站",
    "部",
    "署",
    "会",
    "馆",
    "社",
    "行",
    "公司",
    "集团",
    "学校",
    "医院",
    "处",
    "科",
    "室",
    "台",
    "园",
    "团",
)
_AREA_SUFFIX = ("区", "县", "市", "镇", "乡", "州", "旗", "盟", "省", "自治区")


def classify_level(name: str | None) -> str | None:
    """``gov`` for a government's own report, ``dept`` for a department, None if unclear.

    Note ``XX人民政府办公室`` is a department (the office), ``XX区`` alone speaks for the area.
    """
    if not name:
        return None
    n = re.sub(r"\s+", "", to_simplified(strip_pinyin(name)))
    n = n.rstrip("）)").rstrip()
    if n.endswith(_GOV_SUFFIX):
        return "gov"
    if n.endswith(_DEPT_SUFFIX):
        return "dept"
    if n.endswith(_AREA_SUFFIX):
        return "gov"
    return None


_GOV_SPEAKER = re.compile(
    r"(?:^|[,，。;；])\s*(?:\d{4}年(?:度|以来)?[,，]?)?"
    r"(?:全区|全市|全县|全镇|全乡|全旗|全州|全省|我区|我市|我县|我镇|我乡|我旗|我州|我省|本区|本市|本县|"
    r"[^,，。;；]{0,10}?(?:区|市|县|镇|乡|旗|州|省)(?:人民)?政府)"
    # "市人民政府办公室…" speaks for the office, a department
    r"(?!办|部门|所属|各部门|组成部门|工作部门|直属)"
)


_DEPT_SPEAKER = re.compile(
    r"(?:^|[,，。;；])\s*(?:\d{4}年(?:度|以来)?[,，]?)?"
    r"(?:我|本)(?:局|委|办|厅|院|中心|站|所|队|机关|单位|部门|馆|会)(?![a-z])"
)


def level_from_body(s1_text: str) -> str | None:
    """Who section 一 speaks for: ``gov`` for 全区/我市/区政府…, ``dept`` for 我局/本委/我办…"""
    for sent in sentences(s1_text[:500])[:3]:
        head = sent.norm[:40]
        gov = _GOV_SPEAKER.search(head)
        dept = _DEPT_SPEAKER.search(head)
        if gov and (not dept or gov.start() <= dept.start()):
            return "gov"
        if dept:
            return "dept"
        m = _SUBJECT.match(sent.norm)
        if m:
            level = classify_level(m.group("name"))
            if level is not None:
                return level
    return None


# ---- script -------------------------------------------------------------------------------------

_CJK_RUNS = re.compile(r"[\u4e00-\u9fff]+")


def detect_script(text: str) -> str:
    """``hant`` when the text is mostly Traditional, else ``hans``.

    The share of CJK characters that t2s changes is about 20-30 % in Traditional text and near 0
    in Simplified text, so a threshold of 8 % is robust to a few Traditional-looking characters
    (names, quotations) in Simplified reports.
    """
    sample = strip_pinyin(text[:6000])
    cjk = "".join(_CJK_RUNS.findall(sample))[:1500]  # 1,500 characters decide it as well as all
    if len(cjk) < 20:
        return "hans"
    simplified = to_simplified(cjk)
    if simplified == cjk:
        return "hans"  # the common case, without counting character by character
    changed = sum(map(str.__ne__, cjk, simplified))  # zip semantics: stops at the shorter
    return "hant" if changed / len(cjk) >= 0.08 else "hans"


# ---- dates --------------------------------------------------------------------------------------


def normalise_date(value: object) -> str | None:
    """A date argument or metadata value as ``YYYY-MM-DD`` (None when unreadable)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", str(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
