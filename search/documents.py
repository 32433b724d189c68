"""A report's current version → the search document (:class:`SearchDocument`).

Everything search knows about a report comes from here: the report and agency rows for the
metadata, the record (``reader.record``) for the text and the figures. Audit findings are not
part of it: no public page or API reads them, and a review decision would leave them stale.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from reader.readable import prose, repaired
from reader.record import SECTION_KEYS, Record
from reader.textnorm import strip_pinyin
from search.backends.base import FIGURES, SearchDocument

if TYPE_CHECKING:
    from reports.models import Report, ReportVersion

# Figure name → how to read it from the record's tables: (table, row, column) cells, summed.
FIGURE_CELLS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "t3_new": (("t3", "NEW", "TOT"),),
    "t3_carry_in": (("t3", "CARRY_IN", "TOT"),),
    "t3_r1": (("t3", "R1", "TOT"),),
    "t3_r7": (("t3", "R7", "TOT"),),
    "t3_carry_out": (("t3", "CARRY_OUT", "TOT"),),
    "t4_rev": (("t4", "REV", "TOT"),),
    "t4_lit": (("t4", "LD", "TOT"), ("t4", "LR", "TOT")),
    # 2021 layout 本年制发件数; the 2019 layout's 本年新制作数量 is the same idea.
    "t2_norm_issued": (("t2", "NORM", "ISSUED"), ("t2", "NORM", "MADE")),
    "t2_license": (("t2", "LICENSE", "DECISIONS"),),
    "t2_punish": (("t2", "PUNISH", "DECISIONS"),),
    "t2_fee": (("t2", "FEE", "AMOUNT"),),
}
assert set(FIGURE_CELLS) == set(FIGURES)


_TITLE_LINE = re.compile(r"(年度报告|年度報告)(（[^）]*）)?$")


def figures_from_record(record: Record) -> dict[str, float | None]:
    """The numeric figures; ``None`` where the report does not give the number (blank ≠ 0)."""
    tables = record.get("tables") or {}
    out: dict[str, float | None] = {}
    for name, cells in FIGURE_CELLS.items():
        values = []
        for table, row, col in cells:
            value = (((tables.get(table) or {}).get("cells") or {}).get(row) or {}).get(col)
            if isinstance(value, int | float) and not isinstance(value, bool):
                values.append(float(value))
        out[name] = sum(values) if values else None
    return out


def sections_from_record(record: Record, fallback_text: str = "") -> dict[str, str]:
    """What search indexes and snippets quote, in reading order, all of it repaired text
    (``reader.readable.repaired``: no pinyin noise, the report's own script):

    - ``intro``: the text before the first section heading (a report's opening paragraph often
      names its subjects, 行政复议 included);
    - ``s1``…``s6``: each section's prose, without the text dumps of its tables (the tables'
      words are the standard labels every report has; their numbers are the figures);
    - ``headings``: the section headings found, so a report whose only mention of a subject is
      its heading (``四、政府信息公开行政復(fù)議…``) is still found by it.

    A record without section text (the parser found no headings) is indexed as the prose of its
    whole text, so the report can still be found.
    """
    sections = record.get("sections") or {}
    present = [
        key
        for key in SECTION_KEYS
        if isinstance(sections.get(key), dict) and sections[key].get("present")
    ]
    out: dict[str, str] = {}
    intro = intro_from_record(record, present)
    if intro:
        out["intro"] = intro
    for key in present:
        text = prose(repaired(str(sections[key].get("text") or "")))
        if text.strip():
            out[key] = text
    if not any(key in out for key in SECTION_KEYS):
        text = prose(repaired(str(record.get("text") or fallback_text or "")))
        if text.strip():
            return {"text": text}
    headings = "\n".join(
        repaired(str(sections[key].get("title") or "")).strip() for key in present
    ).strip()
    if headings:
        out["headings"] = headings
    return out


def intro_from_record(record: Record, present: list[str] | None = None) -> str:
    """The prose before the first section heading, or "" when there is none (or it cannot be
    told where the first heading is)."""
    sections = record.get("sections") or {}
    if present is None:
        present = [k for k in SECTION_KEYS if (sections.get(k) or {}).get("present")]
    if not present:
        return ""
    title = repaired(str(sections[present[0]].get("title") or "")).strip()
    # Only the part before the heading is repaired (mojibake repair scans the whole text).
    text = strip_pinyin(str(record.get("text") or ""))
    at = text.find(title) if title else -1
    if at <= 0:
        return ""
    # The report's own title line is the page's heading already, not an opening paragraph.
    lines = [
        line
        for line in prose(repaired(text[:at])).split("\n")
        if not (_TITLE_LINE.search(line.strip()) and len(line.strip()) <= 80)
    ]
    return "\n".join(lines).strip()


def report_url(report_id: int) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("search:report", args=[report_id])
    except NoReverseMatch:
        return f"/reports/{report_id}/"


def report_title(report: Report, record: Record) -> str:
    return (
        report.title
        or str(record.get("title") or "")
        or f"{report.agency.name}{report.year}年政府信息公开工作年度报告"
    )


def report_published(report: Report, record: Record) -> dt.date | None:
    if report.published:
        return report.published
    try:
        return (
            dt.date.fromisoformat(str(record.get("published"))) if record.get("published") else None
        )
    except ValueError:
        return None


def is_public(version: ReportVersion | None) -> bool:
    """A version the public may read (``selectors.reports_public``): parsed, not failed."""
    return (
        version is not None
        and version.record is not None
        and version.status not in ("uploaded", "failed")
    )


def report_document(report: Report, version: ReportVersion | None = None) -> SearchDocument | None:
    """The document for ``report``'s current version, or None when it must not be searchable."""
    version = version if version is not None else report.current_version
    if not is_public(version):
        return None
    assert version is not None
    record: Record = version.record or {}
    agency = report.agency
    return SearchDocument(
        id=report.pk,
        title=report_title(report, record),
        agency=agency.name,
        region=agency.region_name or "",
        region_code=agency.region_code or "",
        level=agency.level or str(record.get("level") or ""),
        year=report.year,
        published=report_published(report, record),
        url=report_url(report.pk),
        sections=sections_from_record(record, version.extracted_text),
        figures=figures_from_record(record),
    )


def describe(doc: SearchDocument) -> dict[str, Any]:
    """A short summary for logs and the rebuild command."""
    return {"id": doc.id, "title": doc.title, "sections": list(doc.sections)}
