"""Evidence and review history as a person reads them: cells by their printed names
(``表三·自然人·（一）予以公开 = 38``), lists and mappings as plain text, never raw JSON.

Shared by the auditor's report page and the admin's finding page.
"""

from __future__ import annotations

from typing import Any

from reports.record_tables import cell_label


def evidence_items(evidence: Any) -> list[tuple[str, str]]:
    """Evidence as (label, text) pairs a person reads: cells by their printed names
    (``表三·自然人·（一）予以公开 = 38``), lists and mappings as plain text, never raw JSON."""
    if not isinstance(evidence, dict):
        return []
    return [
        (EVIDENCE_LABELS.get(key, key), evidence_text(value)) for key, value in evidence.items()
    ]


def evidence_text(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{evidence_text(k)} = {evidence_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(evidence_text(v) for v in value)
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return cell_label(value)
    return str(value)


EVIDENCE_LABELS = {
    "cells": "单元格",
    "expected": "应为",
    "actual": "实际",
    "blank": "空白单元格",
    "note": "说明",
    "quotes": "原文",
    "prose": "正文数字",
    "count": "数量",
    "unchecked": "无法核对的等式",
    "title": "标题",
    "year": "年度",
    "fee": "信息处理费",
    "searched": "查找范围",
    "period": "统计期限",
    "found": "已提及",
    "missing": "未提及",
    "order": "标题顺序",
    "previous_year": "上一年度",
    "expected_title": "应有标题",
    "section": "部分",
    "section_chars": "字数",
    "table": "表格",
    "layout": "表格样式",
    "expected_layout": "应为样式",
    "text": "文字",
    "chars": "字数",
}


# A finding's history rows: before/after are ``Finding.review_state()``.
HISTORY_LABELS = {
    "status": "处理状态",
    "finding_status": "处理状态",
    "severity": "严重程度",
    "reviewed_by": "审核人",
    "review_comment": "审核意见",
    "resolved_by": "解决于版本",
}


def history_text(change: Any) -> str:
    """One side of a finding's history row (``{"status": "open", …}``) as one line of text."""
    from audit.models import Finding

    if not isinstance(change, dict) or not change:
        return "—"
    values = {**dict(Finding.Status.choices), **dict(Finding.Severity.choices)}
    parts = []
    for key, value in change.items():
        if value in (None, ""):
            continue
        if key in ("reviewed_by", "resolved_by"):
            text = f"#{value}"
        elif isinstance(value, str) and value in values:
            text = str(values[value])
        else:
            text = evidence_text(value)
        parts.append(f"{HISTORY_LABELS.get(key, EVIDENCE_LABELS.get(key, key))}：{text}")
    return "；".join(parts) or "—"
