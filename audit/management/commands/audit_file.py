"""``audit_file``: read report files, print each one's record with its findings as JSON Lines.

The contract is ``../shared/spec/record.md``: no database writes, no server, one JSON object per
input file in input order on stdout, messages on stderr, exit code 1 if any file was unreadable.
``--corrections FILE`` applies staff corrections (``docs/corrections.md``) to every file's record
before the rules run; the printed keys stay the contract's.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reader.extract.blocks import ExtractionError
from reader.record import Record, public_view


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError as exc:
        raise CommandError(f"--year 应为年份数字，收到：{value!r}") from exc
    if not 1990 <= year <= 2100:
        raise CommandError(f"--year 超出范围：{year}")
    return year


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise CommandError(f"--published 应为 YYYY-MM-DD，收到：{value!r}") from exc


class Command(BaseCommand):
    help = "解析并审核年报文件，每个文件输出一行 JSON（不写数据库）。"
    # Reading files must work without a database or migrations.
    requires_system_checks: tuple[str, ...] = ()
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--year", type=_year)
        parser.add_argument("--agency")
        parser.add_argument("--level", choices=["dept", "gov"])
        parser.add_argument("--published", type=_date)
        parser.add_argument("--previous", metavar="PATH")
        # Staff corrections (docs/corrections.md) applied to each file's record before the rules.
        parser.add_argument("--corrections", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        overrides = {
            key: options[key]
            for key in ("year", "agency", "level", "published")
            if options.get(key) is not None
        }
        previous = self._read_previous(options.get("previous"), overrides)
        corrections = _read_corrections(options.get("corrections"))
        failed = False
        for path in options["paths"]:
            line = self._audit_one(path, overrides, previous, corrections)
            failed = failed or "error" in line
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        if failed:
            sys.exit(1)

    def _read_previous(self, path: str | None, overrides: dict[str, Any]) -> Record | None:
        if not path:
            return None
        prev_overrides = {k: v for k, v in overrides.items() if k in ("agency", "level")}
        if "year" in overrides:
            prev_overrides["year"] = overrides["year"] - 1
        try:
            return _read(path, prev_overrides)
        except (OSError, ExtractionError) as exc:
            self.stderr.write(f"上一年度报告无法读取（{path}）：{_reason(exc)}；跨年度规则不运行。")
            return None

    def _audit_one(
        self,
        path: str,
        overrides: dict[str, Any],
        previous: Record | None,
        corrections: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        from audit.engine import run_rules

        try:
            record = _read(path, overrides)
        except (OSError, ExtractionError) as exc:
            self.stderr.write(f"{path}: {_reason(exc)}")
            return {"source": path, "error": _reason(exc)}
        if corrections:
            from reports.corrections import CorrectionError, apply_corrections

            try:
                record = apply_corrections(record, corrections)
            except CorrectionError as exc:
                raise CommandError(f"{path}：更正无法应用：{exc.message}") from exc
        record["findings"] = run_rules(record, previous=previous, metadata=overrides)
        return public_view(record)


def _read_corrections(path: str | None) -> list[dict[str, Any]] | None:
    """The corrections file (a JSON array, ``docs/corrections.md``), checked before any report."""
    if not path:
        return None
    from reports.corrections import CorrectionError, entries_from_json

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CommandError(f"更正文件无法读取（{path}）：{_reason(exc)}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"更正文件不是有效的 JSON（{path}）：{exc}") from exc
    try:
        return entries_from_json(data)
    except CorrectionError as exc:
        raise CommandError(f"更正文件有误（{path}）：{exc.message}") from exc


def _read(path: str, overrides: dict[str, Any]) -> Record:
    from reader.parse import read_report

    data = Path(path).read_bytes()
    record = read_report(data, Path(path).name, **overrides)
    record["source"] = path
    return record


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ExtractionError):
        return exc.message
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return f"无法读取文件：{exc}"
