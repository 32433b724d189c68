"""A report version's parsed record as plain data for the admin's templates.

``record_context`` feeds ``admin/gxnb_portal/record.html`` (the report and version pages) and the
correction page (``reports/admin_corrections.py``): sections, tables 二/三/四 with what the parser
knows of each cell (blank, unread, ambiguous, how it was decided, its row's source text, a staff
correction), the fee statement and findings. The templates do all escaping; nothing here is
marked safe.
"""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string

from reader import record as rec
from reports.models import Agency
from reports.record_tables import plain_cell, record_tables

__all__ = ["DECIDED_LABELS", "finding_row", "record_context", "render_record"]

# How the parser chose a cell among several readings of a glued row (record ``decided_by``).
DECIDED_LABELS = {
    "identity": "由表内勾稽关系确定",
    "prose": "由正文所述数字确定",
    "plausibility": "按合理性推断（其他行此列均为 0）",
}


def _record_cell(record: dict[str, Any]) -> Any:
    """The admin's cell: the plain cell plus how it was decided, its row's source text and any
    staff correction (internal record keys that may be absent on older records)."""
    tables = record.get("tables") or {}
    corrected = record.get("corrected") or {}

    def build(table: str, row: str, col: str, value: Any, meta: dict[str, set[str]]) -> dict:
        c = plain_cell(table, row, col, value, meta)
        tab = tables.get(table) or {}
        decided_by = tab.get("decided_by") if isinstance(tab.get("decided_by"), dict) else {}
        row_source = tab.get("row_source") if isinstance(tab.get("row_source"), dict) else {}
        decided = decided_by.get(f"{row}.{col}")
        c.update(
            row=row,
            col=col,
            decided_by=decided or "",
            decided_label=DECIDED_LABELS.get(decided or "", ""),
            plausible=decided == "plausibility",
            source=str(row_source.get(row) or ""),
            corrected=corrected.get(c["key"]),
            input="" if value is None else str(value),
        )
        return c

    return build


def record_context(record: dict[str, Any] | None, *, skeleton: bool = False) -> dict[str, Any]:
    """Plain data for ``admin/gxnb_portal/record.html``; the template does all escaping.

    Cells carry ``missing`` (not read), ``ambiguous``, ``plausible`` (chosen by plausibility),
    ``source`` (the text of their row) and ``corrected`` (a staff correction); ``skeleton`` gives
    tables the parser did not find their empty rows (the correction page).
    """
    if not record:
        return {"record": None}
    sections = []
    for key in rec.SECTION_KEYS:
        sec = (record.get("sections") or {}).get(key) or {"present": False}
        sections.append(
            {
                "key": key,
                "canonical": rec.SECTION_TITLES[key],
                "title": sec.get("title"),
                "present": bool(sec.get("present")),
                "empty": bool(sec.get("empty")),
                "chars": sec.get("chars"),
                "text": sec.get("text") or "",
                "corrected": (record.get("corrected") or {}).get(key),
            }
        )
    tables = record_tables(record, cell=_record_cell(record), skeleton=skeleton)
    raw_tables = record.get("tables") or {}
    for table in tables:
        cells = [c for r in table.get("rows") or [] for c in r.get("cells") or []]
        for row in table.get("rows") or []:
            row["source"] = next((c["source"] for c in row.get("cells") or []), "")
        if not table["present"]:
            for c in cells:  # a table not found: its skeleton's cells are not "unread" each
                c["missing"] = False
        table["missing_count"] = sum(1 for c in cells if c["missing"]) if table["present"] else 0
        table["plausible_count"] = sum(1 for c in cells if c["plausible"])
        table["corrected_count"] = sum(1 for c in cells if c["corrected"])
        table["source"] = str((raw_tables.get(table["key"]) or {}).get("source") or "")
    return {
        "record": record,
        "level_label": dict(Agency.Level.choices).get(record.get("level") or "", "未识别"),
        "sections": sections,
        "tables": tables,
        "fee": record.get("fee") or {},
        "findings": [finding_row(f) for f in record.get("findings") or []],
        "integrity": record.get("integrity") or {},
    }


def render_record(record: dict[str, Any] | None, *, corrections_url: str = "") -> str:
    context = record_context(record)
    context["corrections_url"] = corrections_url
    return render_to_string("admin/gxnb_portal/record.html", context)


def finding_row(item: Any) -> dict[str, Any]:
    """One finding (a record dict or an ``audit`` model row) as plain data for the template."""
    get = item.get if isinstance(item, dict) else lambda key: getattr(item, key, None)
    status = getattr(item, "get_status_display", None)
    evidence = get("evidence")
    return {
        "rule": get("rule") or get("rule_id") or "",
        "target": get("target") or "",
        "severity": get("severity") or "",
        "message": get("message") or "",
        "status": status() if callable(status) else (get("status") or ""),
        "evidence": json.dumps(evidence, ensure_ascii=False, indent=1) if evidence else "",
    }
