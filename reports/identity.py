"""Is this file the report it is uploaded as? The upload check and the publication hold.

One place for the checks every way in shares:

- :func:`upload_problems` — what the text says against the agency and year chosen (the agency
  named in the text, the year in the title / 统计期限), and whether the same file (SHA-256) is
  already held by another report — told without leaking a report the user may not see.
- :func:`hold_reasons` — why a report is held back from the public (the pipeline calls it after
  the audit): the problems the uploader went ahead with, open identity findings (YEAR-MISMATCH,
  TEXT-SPAM), a placeholder agency name.

No imports of ``audit``: the pipeline hands the findings in as plain (rule, message) pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from reader.textnorm import matchable
from reports.agencies import agency_candidates
from reports.models import Agency, Report, ReportVersion

# Placeholder names given to agencies a report could not be matched to
# (reports/management/commands/import_reports.py ``placeholder_name``).
PLACEHOLDER_PREFIX = "（名称待核实）"
# Findings that put the report's identity in doubt: its year, or text injected into the page.
IDENTITY_RULES = ("YEAR-MISMATCH", "TEXT-SPAM")
MSG_DUPLICATE = "此文件已存在。"


def is_placeholder(agency: Agency) -> bool:
    return agency.name.startswith(PLACEHOLDER_PREFIX)


def text_year(record: dict[str, Any]) -> int | None:
    """The year the text states: its title's, else its 统计期限's."""
    period = record.get("period") if isinstance(record.get("period"), dict) else {}
    for value in (record.get("title_year"), period.get("year")):
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None


def agency_named(record: dict[str, Any], agency: Agency) -> bool | None:
    """Whether the text names ``agency`` as its publisher; ``None`` when it names none."""
    read = str(record.get("agency") or "").strip()
    if not read:
        return None
    scope = Agency.objects.filter(pk=agency.pk)
    if agency_candidates(read, scope):
        return True
    # The name may also stand in the title (a department's report names its government too).
    title = matchable(str(record.get("title") or ""))
    wanted = matchable(agency.name)
    return bool(wanted) and wanted in title


def upload_problems(
    *,
    record: dict[str, Any] | None,
    agency: Agency,
    year: int,
    sha256: str,
    visible_reports: QuerySet[Report],
    report: Report | None = None,
) -> list[str]:
    """What speaks against uploading this file as ``agency``'s report for ``year``.

    ``record`` is the file read without the chosen agency and year (what the text says);
    ``visible_reports`` are those the uploader may see (a report outside them is only said to
    exist). The same file as a version of ``report`` itself is no problem (no new version).
    """
    problems: list[str] = []
    if record is not None:
        named = agency_named(record, agency)
        if named is False:
            problems.append(f"文件中的发布机关为“{record.get('agency')}”，不是“{agency.name}”。")
        read_year = text_year(record)
        if read_year is not None and read_year != year:
            problems.append(f"文件中的报告年度为 {read_year} 年，不是 {year} 年。")
    same = ReportVersion.objects.filter(sha256=sha256)
    if report is not None and report.pk is not None:
        same = same.exclude(report=report)
    existing = same.select_related("report__agency").order_by("pk").first()
    if existing is not None:
        if visible_reports.filter(pk=existing.report_id).exists():
            problems.append(f"此文件已存在（{existing.report}，第 {existing.number} 版）。")
        else:
            problems.append(MSG_DUPLICATE)
    return problems


def hold_reasons(report: Report, version: ReportVersion, findings: Iterable[Any]) -> list[str]:
    """Why ``report`` (current version ``version``) must not be public yet; empty: it may be.

    ``findings``: the version's active findings (objects with ``rule`` and ``message``).
    """
    # A placeholder name is never shown publicly: no release lifts it, renaming the agency does.
    placeholder = (
        [f"机关名称待核实（{report.agency.name}）：请先在“机关”中更正名称。"]
        if is_placeholder(report.agency)
        else []
    )
    if report.hold_cleared_sha256 and report.hold_cleared_sha256 == version.sha256:
        return placeholder
    reasons = [f"上传核对：{p}" for p in version.identity_problems or []]
    for finding in findings:
        if finding.rule in IDENTITY_RULES:
            reasons.append(f"{finding.rule}：{finding.message}")
    return reasons + placeholder
