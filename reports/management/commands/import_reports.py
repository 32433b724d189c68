"""``import_reports``: load report files into the database (through the upload service).

    python manage.py import_reports PATH [PATH ...]        # agency, year, level read from the text
    python manage.py import_reports --manifest demo.csv    # agency data from a manifest

Manifest: CSV (UTF-8, BOM allowed) with columns ``path,agency,region,region_code,parent,level,
year,published,source_url``; ``path`` is relative to the manifest. Without a manifest each file
is parsed first to learn its agency, year and level; an agency name that is missing or was
replaced by spam on a copying website is imported under a placeholder
``（名称待核实）…（<file>）`` so a reviewer can fix it later.

Identical files are not imported twice (same SHA-256 → same version), so re-running is safe.

Bulk import (the admin's 批量导入, with its progress page, safety limits and 待指定机关 list)::

    python manage.py import_reports reports.zip            # a ZIP is always a batch
    python manage.py import_reports --batch FOLDER [--wait] [--user NAME]

A batch never creates agencies: files are matched to existing ones (the ZIP's or folder's
``manifest.csv``, else the text); unmatched files wait in the batch for a clerk.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import pipeline, services
from reports.agencies import agency_candidates
from reports.models import Agency, ReportVersion

REPORT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc"})
MANIFEST_COLUMNS = ("path", "agency", "level", "year")
PLACEHOLDER = "（名称待核实）"
WAIT_LIMIT = 4 * 3600  # seconds --wait waits at most (no worker running must not hang a script)
# A real agency name is Chinese; Latin letters, digits or spaces in it mean the copying website
# replaced it (seed 001: "bet365亚洲官网 办公室").
_SUSPECT_NAME = re.compile(r"[A-Za-z0-9\s]")
# The kind of agency survives at the end of a vandalised name ("…办公室"); spam words before it
# may be Chinese too ("亚洲官网"), so keep only a known agency-type suffix.
_KIND_SUFFIX = re.compile(
    r"(?:区|县|市|镇|乡)?(?:人民政府办公室|政府办公室|人民政府|办公室|委员会|管理局|局|委|厅|办|"
    r"中心|院|所|队|站|街道办事处)$"
)


@dataclass
class Outcome:
    created: int = 0
    unchanged: int = 0
    failed: int = 0

    def exit_ok(self) -> bool:
        return self.failed == 0


def placeholder_name(name: str | None, level: str | None, source: str) -> str:
    """The name to import under when the text's agency name cannot be trusted."""
    match = _KIND_SUFFIX.search(re.sub(r"\s+", "", name or ""))
    tail = match.group(0) if match else ""
    if not tail:
        tail = "人民政府" if level == Agency.Level.GOV else "机关"
    return f"{PLACEHOLDER}{tail}（{source}）"


def trustworthy_agency_name(name: str | None) -> bool:
    return bool(name and name.strip() and not _SUSPECT_NAME.search(name.strip()))


class Command(BaseCommand):
    help = "导入年报文件（可附带清单 CSV）：保存原件、解析、审核并建立索引。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", metavar="PATH", help="文件或目录")
        parser.add_argument("--manifest", metavar="CSV", help="清单文件（见帮助说明）")
        parser.add_argument("--user", metavar="USERNAME", help="记为上传人的用户名")
        parser.add_argument("--region-name", default="", help="为新建机关填写的行政区划名称")
        parser.add_argument("--region-code", default="", help="为新建机关填写的行政区划代码")
        parser.add_argument(
            "--batch",
            action="store_true",
            help="把目录作为一个批量导入批次（可在管理后台查看进度；ZIP 文件总是如此）",
        )
        parser.add_argument(
            "--wait", action="store_true", help="批量导入时等待全部文件处理完毕再退出"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["paths"] and not options["manifest"]:
            raise CommandError("请给出要导入的文件或目录，或用 --manifest 指定清单。")
        user = self._user(options.get("user"))
        zips = [p for p in options["paths"] if p.lower().endswith(".zip")]
        if zips or options["batch"]:
            if options["manifest"]:
                raise CommandError("批量导入时请把清单 manifest.csv 放在 ZIP 或目录里。")
            self._import_batches(options["paths"], user, wait=options["wait"])
            return
        outcome = Outcome()
        if options["manifest"]:
            self._import_manifest(Path(options["manifest"]), user, outcome)
        for path in self._files(options["paths"]):
            self._import_file(path, user, outcome, options["region_name"], options["region_code"])
        self.stdout.write(
            f"完成：新增版本 {outcome.created} 个，未变 {outcome.unchanged} 个，失败 {outcome.failed} 个。"
        )
        if not outcome.exit_ok():
            raise CommandError(f"{outcome.failed} 个文件导入失败。")

    # ---- bulk import (reports.batch) ----

    def _import_batches(self, paths: list[str], user: Any, *, wait: bool) -> None:
        from django.core.exceptions import ValidationError

        from reports import batch as batches

        failed = 0
        for raw in paths:
            path = Path(raw)
            try:
                if path.is_dir():
                    unpacked = batches.unpack_folder(path)
                elif path.is_file():
                    unpacked = batches.unpack_zip(path.read_bytes())
                else:
                    raise CommandError(f"找不到文件或目录：{raw}")
                made = batches.batch_create(
                    members=unpacked.members,
                    manifest=unpacked.manifest,
                    name=path.name,
                    user=user,
                    notes=unpacked.notes,
                )
            except ValidationError as exc:
                raise CommandError(f"{raw}：{exc.messages[0]}") from None
            for note in unpacked.notes:
                self.stderr.write(note)
            progress = batches.batch_progress(made)
            deadline = time.monotonic() + WAIT_LIMIT
            while wait and not progress["finished"] and time.monotonic() < deadline:
                time.sleep(2)
                progress = batches.batch_progress(made)
            for item in progress["items"]:
                if item["status"] != "done":
                    self.stdout.write(
                        f"{item['status_label']}：{item['filename']}"
                        f"{'：' + item['message'] if item['message'] else ''}"
                    )
            counts = progress["counts"]
            self.stdout.write(
                f"批次 {made.pk}（{made.name}）：共 {progress['total']} 个文件，完成 {counts['done']}，"
                f"失败 {counts['failed']}，待指定机关 {counts['unmatched']}，重复 {counts['duplicate']}，"
                f"处理中 {counts['queued'] + counts['processing']}。"
            )
            failed += counts["failed"]
        if failed:
            raise CommandError(f"{failed} 个文件导入失败。")

    # ---- inputs ----

    def _user(self, username: str | None) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户不存在：{username}") from None

    def _files(self, paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(
                    p
                    for p in sorted(path.rglob("*"))
                    if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"找不到文件或目录：{raw}")
        return files

    # ---- manifest ----

    def _import_manifest(self, manifest: Path, user: Any, outcome: Outcome) -> None:
        try:
            with manifest.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as exc:
            raise CommandError(f"无法读取清单 {manifest}：{exc}") from None
        if rows:
            missing = [c for c in MANIFEST_COLUMNS if c not in rows[0]]
            if missing:
                raise CommandError(f"清单缺少列：{', '.join(missing)}")

        agencies: dict[str, Agency] = {}
        for number, row in enumerate(rows, start=2):
            agencies[row["agency"].strip()] = self._agency_from_row(row, number)
        self._link_parents(rows, agencies)

        for number, row in enumerate(rows, start=2):
            path = manifest.parent / row["path"].strip()
            try:
                year = int(row["year"])
                published = _date(row.get("published"))
            except ValueError:
                self._fail(outcome, f"清单第 {number} 行：年度或发布日期格式不对")
                continue
            self._upload(
                path,
                outcome,
                agency=agencies[row["agency"].strip()],
                year=year,
                user=user,
                source_url=(row.get("source_url") or "").strip()[:1000],
                published=published,
            )

    def _agency_from_row(self, row: dict[str, str], number: int) -> Agency:
        name = row["agency"].strip()
        level = (row.get("level") or "").strip()
        if not name or level not in Agency.Level.values:
            raise CommandError(f"清单第 {number} 行：机关名称为空或类别不是 gov/dept")
        agency, created = Agency.objects.get_or_create(
            name=name,
            region_code=(row.get("region_code") or "").strip(),
            defaults={"level": level, "region_name": (row.get("region") or "").strip()},
        )
        if not created and (agency.level != level or not agency.region_name):
            agency.level = level
            agency.region_name = agency.region_name or (row.get("region") or "").strip()
            agency.save(update_fields=["level", "region_name", "updated_at"])
        return agency

    def _link_parents(self, rows: list[dict[str, str]], agencies: dict[str, Agency]) -> None:
        for row in rows:
            parent_name = (row.get("parent") or "").strip()
            if not parent_name:
                continue
            child = agencies[row["agency"].strip()]
            parent = agencies.get(parent_name) or Agency.objects.filter(name=parent_name).first()
            if parent is None:
                self.stderr.write(
                    f"上级机关不在清单和数据库中：{parent_name}（{child.name} 未设上级）"
                )
                continue
            if child.parent_id != parent.pk:
                child.parent = parent
                child.save(update_fields=["parent", "updated_at"])

    # ---- single files (metadata from the text) ----

    def _import_file(
        self, path: Path, user: Any, outcome: Outcome, region_name: str, region_code: str
    ) -> None:
        from reader.extract.blocks import ExtractionError
        from reader.parse import read_report

        try:
            record = read_report(path.read_bytes(), path.name)
        except (OSError, ExtractionError) as exc:
            self._fail(outcome, f"{path}：无法读取（{getattr(exc, 'message', exc)}）")
            return
        year, level, name = record.get("year"), record.get("level"), record.get("agency")
        if not year:
            self._fail(outcome, f"{path}：无法从正文读出报告年度，请用清单导入")
            return
        if not trustworthy_agency_name(name):
            name = placeholder_name(name, level, path.stem)
            self.stderr.write(f"{path}：机关名称缺失或被篡改，以“{name}”导入，请人工核实。")
        agency = self._agency_by_name(name, level, region_name, region_code)
        # The record read above is the version's record when the report is filed under what the
        # text says; under a placeholder name or a guessed level the version is parsed with those.
        same = record.get("agency") == agency.name and record.get("level") == agency.level
        self._upload(
            path, outcome, agency=agency, year=int(year), user=user, record=record if same else None
        )

    def _agency_by_name(self, name: str, level: str | None, region_name: str, code: str) -> Agency:
        scope = Agency.objects.filter(region_code=code) if code else Agency.objects.all()
        found = agency_candidates(name, scope)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CommandError(f"有多个同名机关“{name}”，请用 --region-code 或清单指明。")
        if level not in Agency.Level.values:
            self.stderr.write(f"“{name}”的类别无法识别，暂按部门导入。")
            level = Agency.Level.DEPT
        return Agency.objects.create(
            name=name, level=level, region_name=region_name, region_code=code
        )

    # ---- common ----

    def _upload(
        self,
        path: Path,
        outcome: Outcome,
        *,
        agency: Agency,
        year: int,
        record: dict[str, Any] | None = None,
        **kw: Any,
    ) -> None:
        """Add the file as a version. With ``record`` (the file was read already to learn its
        agency and year) the version is processed here with that record, not parsed again."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._fail(outcome, f"{path}：无法读取（{exc}）")
            return
        existing = ReportVersion.objects.filter(
            report__agency=agency, report__year=year, sha256=services.sha256_of(data)
        ).exists()
        version = services.report_upload(
            agency=agency,
            year=year,
            file_bytes=data,
            filename=path.name,
            enqueue=record is None,
            **kw,
        )
        if record is not None and not existing:
            try:
                pipeline.version_process(version.pk, record=record)
            except pipeline.TransientError:
                # Parsed and stored; the step that failed (the index write) is left to the
                # pipeline's task and its retries.
                services.version_enqueue(version)
        version.refresh_from_db()
        if existing:
            outcome.unchanged += 1
            word = "未变"
        else:
            outcome.created += 1
            word = "新增"
        self.stdout.write(
            f"{word} {agency.name} {year} 第 {version.number} 版 · {version.get_status_display()}"
            f"{'：' + version.error if version.error else ''}  ← {path.name}"
        )

    def _fail(self, outcome: Outcome, message: str) -> None:
        outcome.failed += 1
        self.stderr.write(message)


def _date(value: str | None) -> dt.date | None:
    value = (value or "").strip()
    return dt.date.fromisoformat(value) if value else None
