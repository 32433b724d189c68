"""Staff corrections of a parsed record: cells of tables 二/三/四 and section boundaries.

Reading will never be perfect, so staff correct what the parser got wrong, beside the original
text. The parser's own record is kept (:class:`~reports.models.ParsedRecord`); the version's
``record`` is that record with the corrections applied, so the audit rules, the search index and
the public page all see the corrected numbers, and the report is re-audited and re-indexed at once.

A correction holds while the text it was made on is unchanged: corrections are keyed by the
SHA-256 of the extracted text (not by the version), so they are re-applied after every re-parse
(a parser upgrade) and on a new upload whose text is the same. When the new parser reads a
corrected cell differently from the reading the correction started from (and differently from
the correction itself), the correction is still applied — a person read that same text — but it
is flagged 待复核 until someone confirms it. A correction whose text changed is 原文已变化 and
no longer applied.

Two layers:

- pure functions on record dicts (:func:`apply_corrections`, :func:`parse_cell_value`, …) used by
  the pipeline and by ``audit_file --corrections`` (no database);
- storage on versions (:func:`save_cells`, :func:`save_section`, :func:`save_confirmation`,
  which check who may correct what, and :func:`after_store` — the pipeline hook).

Staff actions go through :mod:`reports.correction_services`, which also re-audits and re-indexes
at once (through the pipeline's own steps: this module is imported by the pipeline).

The file format of corrections (``audit_file --corrections``) is in ``docs/corrections.md``.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from reader.record import (
    SECTION_KEYS,
    SECTION_TITLES,
    T2_DECIMAL_CELLS,
    T2_LAYOUTS,
    T2_SIGNED_CELLS,
    T3_COLS,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T4_COLS,
    T4_GROUPS,
    Record,
    t3_rows,
)
from reports.models import Correction, ParsedRecord, Report, ReportVersion
from reports.permissions import user_role
from reports.selectors import reports_visible_to

logger = logging.getLogger(__name__)

__all__ = [
    "CorrectionError",
    "after_store",
    "apply_corrections",
    "can_correct",
    "cell_value",
    "effective_corrections",
    "entries_from_json",
    "parse_cell_value",
    "parser_record",
    "save_cells",
    "save_confirmation",
    "save_section",
    "section_state",
    "text_digest",
]

# Internal key of a corrected record: {"t3.R1.NP": {"from": 27, "to": 2}, "s4": {…}}.
CORRECTED_KEY = "corrected"
# Words a clerk may type to say "this cell is blank in the source" (an empty input on a cell the
# parser could not read leaves it unread).
BLANK_WORDS = frozenset({"-", "—", "－", "/", "空", "空白", "无"})
_NON_TEXT = re.compile(r"[\s|]+")  # what a section's ``chars`` does not count (as the parser)


class CorrectionError(ValueError):
    """A correction that cannot be applied; ``message`` is shown to staff (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- cells -----------------------------------------------------------------------------------------


def _t2_cols(row: str) -> set[str]:
    return {c for layout in T2_LAYOUTS.values() for c in layout.get(row, ())}


def split_cell(target: str, record: Mapping[str, Any] | None = None) -> tuple[str, str, str]:
    """``"t3.R1.NP"`` → ``("t3", "R1", "NP")``; raises :class:`CorrectionError` if unknown.

    With ``record``, a table-三 row must exist in that record's layout.
    """
    parts = str(target).split(".")
    if len(parts) != 3:
        raise CorrectionError(f"单元格位置应写作“表.行.列”（如 t3.R1.NP），收到：{target}")
    table, row, col = parts
    if table == "t2":
        ok = col in _t2_cols(row)
    elif table == "t3":
        rows = T3_ROWS_2021 + T3_ROWS_2019
        if record is not None:
            layout = ((record.get("tables") or {}).get("t3") or {}).get("layout")
            if layout:
                rows = t3_rows(layout)
        ok = row in rows and col in T3_COLS
    elif table == "t4":
        ok = row in T4_GROUPS and col in T4_COLS
    else:
        ok = False
    if not ok:
        raise CorrectionError(f"没有这个单元格：{target}")
    return table, row, col


def parse_cell_value(target: str, raw: Any) -> int | float | None:
    """The value typed (or given in a file) for a cell; ``None`` = blank in the source.

    Counts are whole numbers ≥ 0; table 二's 万元 amounts may hold decimals and its 本年增/减
    cells may be negative.
    """
    table, row, col = split_cell(target)
    ref = f"{row}.{col}"
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CorrectionError(f"{target}：应为数字")
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text in BLANK_WORDS or text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CorrectionError(f"{target}：“{raw}”不是数字") from exc
    if not number.is_finite():
        raise CorrectionError(f"{target}：“{raw}”不是数字")
    decimal_ok = table == "t2" and ref in T2_DECIMAL_CELLS
    signed_ok = table == "t2" and ref in T2_SIGNED_CELLS
    if number < 0 and not signed_ok:
        raise CorrectionError(f"{target}：不能为负数")
    if number != number.to_integral_value():
        if not decimal_ok:
            raise CorrectionError(f"{target}：应为整数")
        return float(number)
    if abs(number) > 10**12:
        raise CorrectionError(f"{target}：数字过大")
    return int(number)


def cell_value(record: Mapping[str, Any] | None, target: str) -> Any:
    """The cell's value in ``record`` (``None`` when blank, unread or the table is absent)."""
    table, row, col = target.split(".")
    tab = ((record or {}).get("tables") or {}).get(table) or {}
    if not tab.get("present"):
        return None
    return ((tab.get("cells") or {}).get(row) or {}).get(col)


def cell_state(record: Mapping[str, Any] | None, target: str) -> str:
    """``"value"``, ``"blank"`` (empty in the source) or ``"missing"`` (not read)."""
    if cell_value(record, target) is not None:
        return "value"
    table, row, col = target.split(".")
    tab = ((record or {}).get("tables") or {}).get(table) or {}
    return "blank" if f"{row}.{col}" in (tab.get("blank") or ()) else "missing"


def _skeleton(table: str, row: str) -> tuple[str | None, dict[str, dict[str, Any]]]:
    """Layout and empty cells for a table the parser did not find (the first correction makes it)."""
    if table == "t3":
        layout = "2019" if row == "R6" else "2021"
        return layout, {r: dict.fromkeys(T3_COLS) for r in t3_rows(layout)}
    if table == "t4":
        return None, {g: dict.fromkeys(T4_COLS) for g in T4_GROUPS}
    layout = "2021" if row in T2_LAYOUTS["2021"] else "2019"
    return layout, {r: dict.fromkeys(cols) for r, cols in T2_LAYOUTS[layout].items()}


def _apply_cell(record: Record, target: str, value: Any) -> None:
    table, row, col = split_cell(target, record)
    tables = record.setdefault("tables", {})
    tab = tables.get(table)
    if not isinstance(tab, dict) or not tab.get("present"):
        layout, cells = _skeleton(table, row)
        tab = {"present": True, "empty": True, "cells": cells, "blank": [], "ambiguous": []}
        if layout:
            tab["layout"] = layout
        tables[table] = tab
    cells = tab.setdefault("cells", {})
    cells.setdefault(row, {})[col] = value
    ref = f"{row}.{col}"
    # The person decided this cell: it is no longer doubtful nor the parser's choice.
    tab["ambiguous"] = [r for r in tab.get("ambiguous") or [] if r != ref]
    if isinstance(tab.get("decided_by"), dict):
        tab["decided_by"] = {k: v for k, v in tab["decided_by"].items() if k != ref}
    blank = [r for r in tab.get("blank") or [] if r != ref]
    if value is None:
        blank.append(ref)
    tab["blank"] = blank
    tab["empty"] = not any(v is not None for r in cells.values() for v in (r or {}).values())
    if tab.get("lost") and not tab["empty"]:
        tab["lost"] = False


# ---- sections --------------------------------------------------------------------------------------


def section_state(record: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    """What a section correction compares: found or not, and the heading as printed."""
    sec = ((record or {}).get("sections") or {}).get(key) or {}
    if not sec.get("present"):
        return {"present": False}
    return {"present": True, "title": sec.get("title")}


def _occurrences(text: str, needle: str) -> list[int]:
    out, start = [], 0
    while needle:
        pos = text.find(needle, start)
        if pos < 0:
            break
        out.append(pos)
        start = pos + 1
    return out


def _section_positions(record: Mapping[str, Any]) -> dict[str, int]:
    """Where each found section's heading starts in the text (headings searched in order)."""
    text = str(record.get("text") or "")
    out: dict[str, int] = {}
    cursor = 0
    for key in SECTION_KEYS:
        sec = (record.get("sections") or {}).get(key) or {}
        title = str(sec.get("title") or "").strip()
        if not sec.get("present") or not title:
            continue
        pos = text.find(title, cursor)
        if pos < 0:
            pos = text.find(title)
        if pos >= 0:
            out[key] = pos
            cursor = pos + len(title)
    return out


def resolve_section(
    record: Mapping[str, Any], key: str, entry: Mapping[str, Any]
) -> dict[str, Any]:
    """A section entry with its heading located in the text: ``{"present": True, "heading",
    "occurrence", "end"}`` or ``{"present": False}``. Raises :class:`CorrectionError`."""
    if key not in SECTION_KEYS:
        raise CorrectionError(f"没有这个部分：{key}（应为 s1…s6）")
    if entry.get("present") is False:
        return {"present": False}
    heading = str(entry.get("heading") or "").strip()
    if not heading:
        raise CorrectionError(f"{SECTION_TITLES[key]}：请填写该部分在原文中的标题文字")
    text = str(record.get("text") or "")
    found = _occurrences(text, heading)
    if not found:
        raise CorrectionError(f"原文中找不到“{heading}”")
    occurrence = entry.get("occurrence")
    if occurrence is None:
        # The first occurrence after the heading of the section before it (a table of contents
        # or a mention in section 一 must not win).
        positions = _section_positions(record)
        before = [positions[k] for k in SECTION_KEYS[: SECTION_KEYS.index(key)] if k in positions]
        floor = max(before) if before else -1
        later = [i for i, pos in enumerate(found, 1) if pos > floor]
        occurrence = later[0] if later else 1
    try:
        occurrence = int(occurrence)
    except (TypeError, ValueError) as exc:
        raise CorrectionError(f"{SECTION_TITLES[key]}：occurrence 应为正整数") from exc
    if not 1 <= occurrence <= len(found):
        raise CorrectionError(f"“{heading}”在原文中只出现 {len(found)} 次")
    end = str(entry.get("end") or "").strip() or None
    if end is not None and not any(p > found[occurrence - 1] for p in _occurrences(text, end)):
        raise CorrectionError(f"标题之后找不到结束处的文字“{end}”")
    return {"present": True, "heading": heading, "occurrence": occurrence, "end": end}


def _apply_section(record: Record, key: str, new: Mapping[str, Any]) -> None:
    sections = record.setdefault("sections", {})
    text = str(record.get("text") or "")
    positions = _section_positions(record)
    if not new.get("present"):
        old = sections.get(key) or {}
        # The false heading's text belongs to the section before it.
        if old.get("present") and key in positions:
            before = [k for k, p in positions.items() if p < positions[key] and k != key]
            if before:
                prev = sections[max(before, key=lambda k: positions[k])]
                joined = "\n".join(
                    p for p in (prev.get("text"), old.get("title"), old.get("text")) if p
                )
                _set_body(prev, joined, prev.get("title"))
        sections[key] = {"present": False}
        record["heading_order"] = [k for k in record.get("heading_order") or [] if k != key]
        return
    heading = str(new["heading"])
    found = _occurrences(text, heading)
    start = found[int(new.get("occurrence") or 1) - 1]
    body_start = start + len(heading)
    others = sorted(p for k, p in positions.items() if k != key and p > start)
    stop = others[0] if others else len(text)
    if new.get("end"):
        ends = [p for p in _occurrences(text, str(new["end"])) if p >= body_start]
        if ends:
            stop = ends[0]
    # The section the heading now falls in loses everything from the heading on.
    enclosing = [k for k, p in positions.items() if k != key and p < start]
    if enclosing:
        prev_key = max(enclosing, key=lambda k: positions[k])
        prev = sections.get(prev_key) or {}
        prev_text = str(prev.get("text") or "")
        cut = prev_text.find(heading)
        if cut >= 0:
            _set_body(prev, prev_text[:cut], prev.get("title"))
    sec: dict[str, Any] = {}
    _set_body(sec, text[body_start:stop], heading)
    sections[key] = sec
    positions[key] = start
    order = [k for k in record.get("heading_order") or [] if k != key]
    after = [i for i, k in enumerate(order) if positions.get(k, -1) > start]
    order.insert(after[0] if after else len(order), key)
    record["heading_order"] = order


def _set_body(sec: dict[str, Any], body: str, title: Any) -> None:
    body = body.strip()
    sec.update(
        {
            "present": True,
            "empty": not body,
            "title": title,
            "chars": len(_NON_TEXT.sub("", body)),
            "text": body,
        }
    )


# ---- applying a list of corrections ------------------------------------------------------------


def entries_from_json(data: Any) -> list[dict[str, Any]]:
    """Check a corrections file's content (``docs/corrections.md``); raises CorrectionError."""
    if not isinstance(data, list):
        raise CorrectionError("更正文件应为 JSON 数组，每项一个更正")
    out = []
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            raise CorrectionError(f"第 {i} 项：应为 JSON 对象")
        if "cell" in entry:
            if "value" not in entry:
                raise CorrectionError(f"第 {i} 项：缺少 value（空白单元格写 null）")
            try:
                value = parse_cell_value(str(entry["cell"]), entry["value"])
            except CorrectionError as exc:
                raise CorrectionError(f"第 {i} 项：{exc.message}") from exc
            out.append({"cell": str(entry["cell"]), "value": value})
        elif "section" in entry:
            if entry["section"] not in SECTION_KEYS:
                raise CorrectionError(f"第 {i} 项：没有这个部分：{entry['section']}")
            out.append(dict(entry))
        else:
            raise CorrectionError(f"第 {i} 项：应有 cell 或 section")
    return out


def apply_corrections(record: Record, entries: Iterable[Mapping[str, Any]]) -> Record:
    """A copy of ``record`` with the corrections applied in order (later ones win).

    Each entry is ``{"cell": "t3.R1.NP", "value": 12}`` or ``{"section": "s4", "heading": "…",
    "occurrence": 1, "end": "…"}`` / ``{"section": "s5", "present": False}``. The copy marks what
    was corrected under the internal key ``"corrected"``. Raises :class:`CorrectionError`.
    """
    out = copy.deepcopy(record)
    corrected: dict[str, Any] = dict(out.get(CORRECTED_KEY) or {})
    for entry in entries:
        if "cell" in entry:
            target = str(entry["cell"])
            before = cell_value(out, target)
            _apply_cell(out, target, entry.get("value"))
            corrected[target] = {"from": before, "to": entry.get("value")}
        else:
            key = str(entry["section"])
            before = section_state(out, key)
            resolved = resolve_section(out, key, entry)
            _apply_section(out, key, resolved)
            corrected[key] = {"from": before, "to": section_state(out, key)}
    if corrected:
        out[CORRECTED_KEY] = corrected
    return out


def _entry(row: Correction) -> dict[str, Any]:
    if row.kind == Correction.Kind.CELL:
        return {"cell": row.target, "value": row.new_value}
    return {"section": row.target, **(row.new_value or {"present": False})}


# ---- corrections of stored versions -----------------------------------------------------------------


def text_digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def can_correct(user: Any, report: Report) -> bool:
    """Clerks for their own agencies' reports, auditors in their region, admins: everything."""
    if user_role(user) is None or not user.has_perm("gxnb_portal.add_correction"):
        return False
    return reports_visible_to(user).filter(pk=report.pk).exists()


def parser_record(version: ReportVersion) -> Record | None:
    """What the parser read, before any correction."""
    kept = ParsedRecord.objects.filter(version=version).only("record").first()
    return kept.record if kept is not None else version.record


def history(version: ReportVersion) -> list[Correction]:
    """Every correction made on this report's text, oldest first."""
    return list(
        Correction.objects.filter(
            version__report_id=version.report_id, text_sha256=text_digest(version.extracted_text)
        )
        .select_related("created_by", "version")
        .order_by("created_at", "pk")
    )


def effective_corrections(version: ReportVersion) -> list[Correction]:
    """The latest correction per cell / section on this version's text, in the order made."""
    latest: dict[str, Correction] = {}
    for row in history(version):
        latest.pop(row.target, None)
        latest[row.target] = row
    return list(latest.values())


def _parsed_reading(parsed: Record | None, row: Correction) -> Any:
    if row.kind == Correction.Kind.CELL:
        return cell_value(parsed, row.target)
    return section_state(parsed, row.target)


def _outcome(row: Correction) -> Any:
    """What the correction makes the cell / section read, in the form of ``_parsed_reading``."""
    if row.kind == Correction.Kind.CELL:
        return row.new_value
    new = row.new_value or {}
    if not new.get("present"):
        return {"present": False}
    return {"present": True, "title": new.get("heading")}


def _rebuild(version: ReportVersion, parsed: Record, rows: list[Correction]) -> None:
    try:
        record = apply_corrections(parsed, [_entry(r) for r in rows])
    except CorrectionError:
        # A stored correction that no longer fits (its table changed layout): apply the others.
        logger.warning("version %s: a stored correction no longer applies", version.pk)
        record = copy.deepcopy(parsed)
        for row in rows:
            try:
                record = apply_corrections(record, [_entry(row)])
            except CorrectionError:
                logger.warning("version %s: correction %s skipped", version.pk, row.pk)
    record["findings"] = (version.record or {}).get("findings") or parsed.get("findings") or []
    version.record = record
    version.save(update_fields=["record"])


def _store(version: ReportVersion, user: Any, changes: list[dict[str, Any]], comment: str) -> None:
    """Save ``changes`` (kind, target, old, new, parsed) as corrections and apply them."""
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        kept, _ = ParsedRecord.objects.get_or_create(
            version=locked,
            defaults={"record": locked.record, "parser_version": locked.parser_version},
        )
        for change in changes:
            change["row"] = Correction.objects.create(
                version=locked,
                kind=change["kind"],
                target=change["target"],
                parsed_value=change["parsed"],
                old_value=change["old"],
                new_value=change["new"],
                comment=comment[:500],
                parser_version=locked.parser_version,
                text_sha256=text_digest(locked.extracted_text),
                created_by=user if getattr(user, "pk", None) else None,
            )
        _rebuild(locked, kept.record, effective_corrections(locked))
    version.refresh_from_db()


def _check(user: Any, version: ReportVersion) -> None:
    if not can_correct(user, version.report):
        raise PermissionDenied("无权更正此报告的解析结果。")
    if not isinstance(version.record, dict):
        raise CorrectionError("此版本尚无解析结果，无法更正。")


def save_cells(
    version: ReportVersion, user: Any, typed: Mapping[str, Any], *, comment: str = ""
) -> list[Correction]:
    """Store the corrections of several cells at once; returns those that changed.

    ``typed`` maps ``"t3.R1.NP"`` to what was typed: ``""`` on an unread cell leaves it unread,
    ``"空白"`` or ``"-"`` says the source cell is blank, ``""`` on a read cell makes it blank.
    Every value is checked before anything is stored. Raises PermissionDenied / CorrectionError.
    """
    _check(user, version)
    parsed_record = parser_record(version)
    changes = []
    for target, raw in typed.items():
        split_cell(target, version.record)
        value = parse_cell_value(target, raw)
        state = cell_state(version.record, target)
        old = cell_value(version.record, target)
        raw_text = "" if raw is None else str(raw).strip()
        if value == old and (value is not None or state == "blank" or raw_text == ""):
            continue
        changes.append(
            {
                "kind": Correction.Kind.CELL,
                "target": target,
                "old": old,
                "new": value,
                "parsed": cell_value(parsed_record, target),
            }
        )
    if changes:
        _store(version, user, changes, comment)
    return [c["row"] for c in changes]


def save_section(
    version: ReportVersion,
    user: Any,
    key: str,
    *,
    heading: str | None,
    end: str | None = None,
    occurrence: int | None = None,
    comment: str = "",
) -> Correction | None:
    """Store where section ``key`` starts (its heading as printed in the text) and, optionally,
    the text at which it ends; ``heading=None`` says the report has no such section."""
    _check(user, version)
    entry: dict[str, Any] = (
        {"present": False}
        if heading is None
        else {"heading": heading, "end": end, "occurrence": occurrence}
    )
    new = resolve_section(version.record, key, entry)
    old = section_state(version.record, key)
    if new == {"present": False} and old == new:
        return None
    if new.get("present") and not new.get("end") and old == {"present": True, "title": heading}:
        return None  # the form sent back the heading the section already has
    change = {
        "kind": Correction.Kind.SECTION,
        "target": key,
        "old": old,
        "new": new,
        "parsed": section_state(parser_record(version), key),
    }
    _store(version, user, [change], comment)
    return change["row"]


def save_confirmation(version: ReportVersion, row: Correction, user: Any) -> Correction:
    """A person confirms a correction flagged 待复核: it is made again against the parser's
    current reading (a new history entry, so the flag goes and the history shows who)."""
    _check(user, version)
    made = Correction.objects.create(
        version=version,
        kind=row.kind,
        target=row.target,
        parsed_value=_parsed_reading(parser_record(version), row),
        old_value=row.new_value,
        new_value=row.new_value,
        comment="复核确认",
        parser_version=version.parser_version,
        text_sha256=text_digest(version.extracted_text),
        created_by=user if getattr(user, "pk", None) else None,
    )
    Correction.objects.filter(pk=row.pk).update(status=Correction.Status.ACTIVE)
    return made


def after_store(version: ReportVersion) -> None:
    """Pipeline hook, right after a fresh parse was stored on ``version``: keep the parser's
    record and apply the corrections made on this text; flag those the parser now reads
    differently, and mark those of an extracted text that changed. No-op without corrections."""
    made = Correction.objects.filter(version__report_id=version.report_id)
    if not made.exists() or not isinstance(version.record, dict):
        return
    parsed = version.record
    digest = text_digest(version.extracted_text)
    with transaction.atomic():
        rows = effective_corrections(version)
        for row in rows:
            reading = _parsed_reading(parsed, row)
            changed = reading != row.parsed_value and reading != _outcome(row)
            status = Correction.Status.REVIEW if changed else Correction.Status.ACTIVE
            note = (
                f"解析器（第 {version.parser_version} 版）现读作 {_show(reading)}，"
                f"更正时读作 {_show(row.parsed_value)}"
                if changed
                else ""
            )
            if (row.status, row.review_note) != (status, note):
                Correction.objects.filter(pk=row.pk).update(status=status, review_note=note)
                row.status, row.review_note = status, note
        made.filter(version=version).exclude(text_sha256=digest).update(
            status=Correction.Status.STALE, review_note="原文提取结果已变化，此更正不再应用"
        )
        if not rows:
            ParsedRecord.objects.filter(version=version).delete()
            return
        ParsedRecord.objects.update_or_create(
            version=version,
            defaults={"record": copy.deepcopy(parsed), "parser_version": version.parser_version},
        )
        _rebuild(version, parsed, rows)


def _show(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, dict):
        if not value.get("present"):
            return "（缺失）"
        return f"“{value.get('title') or value.get('heading') or ''}”"
    return str(value)
