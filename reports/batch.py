"""Bulk import: a ZIP (or a folder) of report files, optionally with a CSV manifest.

    batch_create_from_zip ──▶ ImportBatch + one ImportItem per file (originals stored)
        checks: ZIP bombs, path traversal,         └─on_commit─▶ tasks.process_batch_item(item)
        file count, sizes, duplicates                              item_process: match the report
                                                                   (manifest row, else the text),
                                                                   add the version, run the
                                                                   pipeline (services)

The archive is never extracted to disk: each member is read into memory through a reader that
stops at the size limit, whatever the ZIP header claims, so a bomb cannot fill memory or disk and
a name like ``../../etc/passwd`` never becomes a path. Archive-wide problems (not a ZIP, too many
files, too large in total) reject the upload; a problem with one member marks that file 失败 and
the rest of the batch goes on. Every message is for the clerk, in Chinese.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reports import identity, outbox, pipeline, services
from reports.agencies import agency_match
from reports.models import Agency, ImportBatch, ImportItem, ReportVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

ItemStatus = ImportItem.Status

MB = 1024 * 1024
REPORT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc"})
MANIFEST_NAMES = frozenset({"manifest.csv", "清单.csv"})
# Column names accepted in a manifest (first one is canonical) — clerks write either.
MANIFEST_COLUMNS: dict[str, tuple[str, ...]] = {
    "file": ("file", "path", "文件", "文件名"),
    "agency": ("agency", "机关", "机关名称"),
    "year": ("year", "年度", "报告年度"),
    "level": ("level", "类别"),
    "published": ("published", "发布日期"),
    "source_url": ("source_url", "来源网址", "网址"),
}
LEVELS = {"gov": "gov", "dept": "dept", "政府": "gov", "部门": "dept"}


@dataclass(frozen=True)
class Limits:
    """Safety limits of one bulk upload; settings ``IMPORT_*`` override the defaults."""

    max_files: int = 500
    max_file_size: int = 50 * MB
    max_total_size: int = 1024 * MB
    # Real reports compress 2–10×; a member claiming more than this is treated as a ZIP bomb.
    max_ratio: int = 100

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_files=getattr(settings, "IMPORT_MAX_FILES", cls.max_files),
            max_file_size=getattr(settings, "IMPORT_MAX_FILE_SIZE", cls.max_file_size),
            max_total_size=getattr(settings, "IMPORT_MAX_TOTAL_SIZE", cls.max_total_size),
            max_ratio=getattr(settings, "IMPORT_MAX_RATIO", cls.max_ratio),
        )


@dataclass
class Member:
    """One file taken from the upload: its bytes, or why it was refused."""

    name: str
    data: bytes = b""
    error: str = ""


@dataclass
class Unpacked:
    members: list[Member] = field(default_factory=list)
    manifest: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ---- reading a ZIP safely ------------------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the clerk wrote it: ZIPs made on Chinese Windows use GBK without
    setting the UTF-8 flag, which :mod:`zipfile` then decodes as CP437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def unsafe_name_reason(name: str) -> str:
    """Why a member's name is refused (path traversal, absolute path), or ``""``."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return f"文件名“{name}”是绝对路径，可能试图写到压缩包以外的位置，已拒绝。"
    parts = normalised.split("/")
    if ".." in parts:
        return f"文件名“{name}”含有“..”，可能试图写到压缩包以外的位置（路径穿越），已拒绝。"
    if "\x00" in name:
        return f"文件名“{name}”含有非法字符，已拒绝。"
    return ""


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The member's bytes, or ``None`` once more than ``limit`` bytes come out (the header's
    size may lie: a bomb is caught while inflating, not by trusting it)."""
    chunks = []
    total = 0
    with archive.open(info) as fh:
        while True:
            chunk = fh.read(1024 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def _size_text(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def unpack_zip(data: bytes, *, limits: Limits | None = None) -> Unpacked:
    """The report files in a ZIP (and its manifest), checked against ``limits``.

    Raises :class:`ValidationError` (Chinese) when the archive as a whole is refused.
    """
    limits = limits or Limits.from_settings()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise ValidationError("上传的文件不是有效的 ZIP 压缩包。") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        infos = [i for i in infos if not _is_system_file(_member_name(i))]
        if len(infos) > limits.max_files:
            raise ValidationError(
                f"压缩包内有 {len(infos)} 个文件，超过单次上限 {limits.max_files} 个；请分成几个压缩包上传。"
            )
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_total_size:
            raise ValidationError(
                f"压缩包解压后共 {_size_text(declared)}，超过单次上限 {_size_text(limits.max_total_size)}；"
                "请分成几个压缩包上传。"
            )
        result = Unpacked()
        total = 0
        for info in infos:
            name = _member_name(info)
            member = Member(name=name)
            result.members.append(member)
            member.error = unsafe_name_reason(name) or _member_problem(info, name, limits)
            if member.error:
                continue
            if info.flag_bits & 0x1:
                member.error = f"“{name}”已加密，无法读取；请上传未加密的文件。"
                continue
            # The total is enforced on what is really inflated, too.
            budget = min(limits.max_file_size, limits.max_total_size - total)
            try:
                content = _read_bounded(archive, info, budget)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                member.error = f"“{name}”在压缩包中已损坏，无法解压。"
                continue
            if content is None:
                if budget < limits.max_file_size:
                    raise ValidationError(
                        f"压缩包解压后超过单次上限 {_size_text(limits.max_total_size)}（疑似压缩炸弹），"
                        "已拒绝整个压缩包。"
                    )
                member.error = (
                    f"“{name}”解压后超过单个文件上限 {_size_text(limits.max_file_size)}"
                    "（压缩包标注的大小不实，疑似压缩炸弹），已跳过。"
                )
                continue
            total += len(content)
            member.data = content
    _take_manifest(result)
    return result


def _is_system_file(name: str) -> bool:
    base = posixpath.basename(name.replace("\\", "/"))
    return (
        name.startswith("__MACOSX/") or base.startswith("._") or base in {".DS_Store", "Thumbs.db"}
    )


def _member_problem(info: zipfile.ZipInfo, name: str, limits: Limits) -> str:
    if info.file_size > limits.max_file_size:
        return (
            f"“{name}”大小为 {_size_text(info.file_size)}，超过单个文件上限 "
            f"{_size_text(limits.max_file_size)}，已跳过。"
        )
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        return f"“{name}”的压缩比超过 {limits.max_ratio} 倍，疑似压缩炸弹，已跳过。"
    return ""


def _take_manifest(result: Unpacked) -> None:
    """Move a manifest CSV found among the members into ``result.manifest``."""
    for member in list(result.members):
        if posixpath.basename(member.name.replace("\\", "/")).lower() in MANIFEST_NAMES:
            result.members.remove(member)
            if member.error:
                result.notes.append(member.error)
                continue
            manifest, notes = parse_manifest(member.data)
            result.manifest.update(manifest)
            result.notes.extend(notes)


def parse_manifest(data: bytes) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Rows of a manifest CSV keyed by file name (base name), and notes for the clerk."""
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return {}, ["清单文件的编码无法识别（应为 UTF-8 或 GBK），已忽略清单。"]
    reader = csv.DictReader(io.StringIO(text))
    columns = {}
    for header in reader.fieldnames or []:
        for key, names in MANIFEST_COLUMNS.items():
            if header.strip().lower() in names:
                columns[header] = key
    if "file" not in columns.values():
        return {}, ["清单缺少“file”（文件名）列，已忽略清单。"]
    rows: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    for number, raw in enumerate(reader, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns}
        name = posixpath.basename(row.get("file", "").replace("\\", "/"))
        if not name:
            notes.append(f"清单第 {number} 行没有文件名，已忽略。")
            continue
        rows[name] = row
    return rows, notes


# ---- creating a batch ----------------------------------------------------------------------------


def batch_create_from_zip(
    *,
    data: bytes,
    name: str,
    user: AbstractBaseUser | None = None,
    manifest: bytes | None = None,
    limits: Limits | None = None,
) -> ImportBatch:
    """Check and unpack a ZIP, store its files, and queue each for processing.

    ``manifest`` is a CSV uploaded beside the ZIP (it wins over one inside the ZIP).
    """
    unpacked = unpack_zip(data, limits=limits)
    if manifest:
        rows, notes = parse_manifest(manifest)
        unpacked.manifest.update(rows)
        unpacked.notes.extend(notes)
    return batch_create(
        members=unpacked.members,
        manifest=unpacked.manifest,
        name=name,
        user=user,
        notes=unpacked.notes,
    )


def batch_create(
    *,
    members: Iterable[Member],
    manifest: dict[str, dict[str, str]],
    name: str,
    user: AbstractBaseUser | None = None,
    notes: list[str] | None = None,
) -> ImportBatch:
    """Store the files of a bulk upload and queue each one (after the commit)."""
    members = list(members)
    if not members:
        raise ValidationError("压缩包里没有找到报告文件。")
    notes = list(notes or [])
    seen: dict[str, str] = {}
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            name=name[:255],
            created_by=user if user is not None and user.is_authenticated else None,
            notes=notes,
        )
        items = []
        for position, member in enumerate(members, start=1):
            item = ImportItem(batch=batch, position=position, filename=member.name[:500])
            items.append(item)
            if member.error:
                item.status, item.message = ItemStatus.FAILED, member.error
                continue
            item.size = len(member.data)
            suffix = posixpath.splitext(member.name.lower())[1]
            if suffix not in REPORT_SUFFIXES:
                item.status = ItemStatus.FAILED
                item.message = (
                    f"不支持的文件类型“{suffix or '无扩展名'}”；支持 PDF、Word、网页和纯文本。"
                )
                continue
            if not member.data:
                item.status, item.message = ItemStatus.FAILED, "文件是空的。"
                continue
            item.sha256 = services.sha256_of(member.data)
            if item.sha256 in seen:
                item.status = ItemStatus.DUPLICATE
                item.message = f"与本批的“{seen[item.sha256]}”内容完全相同，未重复导入。"
                continue
            seen[item.sha256] = member.name
            existing = (
                ReportVersion.objects.filter(sha256=item.sha256).select_related("report").first()
            )
            elsewhere = existing is not None and not _may_see(user, existing)
            if existing is not None and not elsewhere:
                item.status = ItemStatus.DUPLICATE
                item.version = existing
                item.message = (
                    f"此文件已导入过（{existing.report}，第 {existing.number} 版），未重复导入。"
                )
                continue
            services.original_store(item.sha256, member.data)
            base = posixpath.basename(member.name.replace("\\", "/"))
            item.metadata = _manifest_metadata(manifest.get(base), item)
            if elsewhere:
                # Held by a report the clerk may not see: nothing about it is
                # said; the file may still be their agency's report if its text names them.
                item.metadata["duplicate_elsewhere"] = True
        ImportItem.objects.bulk_create(items)
        queued = list(batch.items.filter(status=ItemStatus.QUEUED).values_list("pk", flat=True))
        _enqueue(queued)
    return batch


def _may_see(user: AbstractBaseUser | None, version: ReportVersion) -> bool:
    """Whether the uploader may be told which report already holds this file."""
    from reports.selectors import reports_visible_to

    if user is None or not user.is_authenticated:
        return True  # the command line: the operator sees everything
    return reports_visible_to(user).filter(pk=version.report_id).exists()


def _manifest_metadata(row: dict[str, str] | None, item: ImportItem) -> dict[str, Any]:
    """What a manifest row says about a file; problems go to ``item.message``."""
    if not row:
        return {}
    metadata: dict[str, Any] = {"manifest": True}
    problems = []
    if row.get("agency"):
        metadata["agency"] = row["agency"]
    year = row.get("year", "")
    if year:
        if year.isdigit() and 2008 <= int(year) <= 2100:
            metadata["year"] = int(year)
        else:
            problems.append(f"年度“{year}”无效")
    level = LEVELS.get(row.get("level", "").strip().lower(), "")
    if level:
        metadata["level"] = level
    published = row.get("published", "")
    if published:
        try:
            metadata["published"] = dt.date.fromisoformat(published.replace("/", "-")).isoformat()
        except ValueError:
            problems.append(f"发布日期“{published}”无效（应为 2024-01-31）")
    if row.get("source_url", "").startswith(("http://", "https://")):
        metadata["source_url"] = row["source_url"]
    if problems:
        item.message = "清单：" + "；".join(problems) + "，已改从正文读取。"
    return metadata


def _enqueue(item_ids: Iterable[int], *, force: bool = False) -> None:
    """Queue the items' tasks after the commit, through the outbox: a broker that is down
    leaves them waiting (sent when it answers again), it never fails the upload."""
    outbox.enqueue(process_batch_item, [((item_id,), {"force": force}) for item_id in item_ids])


# ---- processing one file -------------------------------------------------------------------------


def item_process(item_id: int, *, force: bool = False) -> str:
    """Match one file to its report, add it as a version and run the pipeline on it.

    Idempotent: a redelivered message finds the version already added (same hash) and the
    pipeline's steps already done. Returns the item's status.
    """
    item = ImportItem.objects.select_related("batch", "agency").get(pk=item_id)
    if item.status in (ItemStatus.DUPLICATE, ItemStatus.UNMATCHED) or (
        item.status in (ItemStatus.DONE, ItemStatus.FAILED) and not force
    ):
        return item.status
    if item.attempts >= MAX_ATTEMPTS and not force:
        # Each attempt was cut off (a worker killed while on this file, e.g. out of memory):
        # redelivering it for ever would stall the queue.
        _settle(item, ItemStatus.FAILED, MSG_TOO_MANY_ATTEMPTS.format(n=item.attempts))
        return item.status
    ImportItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.PROCESSING, attempts=item.attempts + 1, updated_at=timezone.now()
    )
    item.status = ItemStatus.PROCESSING

    version = item.version
    record = None
    if version is None:
        data = services.original_read(item.sha256)
        agency, year, record = _match(item, data)
        if agency is None or year is None:
            return item.status
        meta = item.metadata
        version = services.report_upload(
            agency=agency,
            year=year,
            file_bytes=data,
            filename=item.filename,
            user=item.batch.created_by,
            source_url=meta.get("source_url", ""),
            published=dt.date.fromisoformat(meta["published"]) if meta.get("published") else None,
            enqueue=False,
            # Upload order, not processing order: the ZIP's upload, then the file's position.
            received_at=item.batch.created_at + dt.timedelta(microseconds=item.position),
        )
        item.version, item.agency, item.year = version, agency, year
        item.save(update_fields=["version", "agency", "year", "updated_at"])
    status = pipeline.version_process(version.pk, force=force, record=record)
    if status == ReportVersion.Status.FAILED:
        version.refresh_from_db(fields=["error"])
        _settle(item, ItemStatus.FAILED, version.error or "解析失败。")
    else:
        _settle(item, ItemStatus.DONE, item.message if item.message.startswith("清单") else "")
    return item.status


MSG_INDEX_PENDING = "已解析并审核；检索索引暂时无法写入，系统会自动重试。"
# Attempts cut off by a lost worker before a file is given up (its bytes stay stored).
MAX_ATTEMPTS = 5
MSG_TOO_MANY_ATTEMPTS = (
    "处理此文件时进程已异常退出 {n} 次（可能文件过大或损坏），已停止自动重试；"
    "原始文件已保存，可在批次页面“重试失败的文件”。"
)


def item_index_pending(item_id: int) -> str:
    """Mark a file done whose report waits only for its index write (retried by search)."""
    item = ImportItem.objects.get(pk=item_id)
    if item.version_id is not None and item.status == ItemStatus.PROCESSING:
        _settle(item, ItemStatus.DONE, MSG_INDEX_PENDING)
    return item.status


def _settle(item: ImportItem, status: str, message: str) -> None:
    item.status, item.message = status, message
    item.save(update_fields=["status", "message", "updated_at"])


def _match(
    item: ImportItem, data: bytes
) -> tuple[Agency | None, int | None, dict[str, Any] | None]:
    """The agency and year of a file: the manifest's (or the clerk's), else what the text says.

    Also returns the record parsed while reading the text (the pipeline reuses it). A file that
    cannot be matched is marked 待指定机关 with what was read, for the clerk to assign.
    """
    meta = item.metadata
    agency = item.agency
    year = item.year or meta.get("year")
    record = None
    scope = _agencies_for(item)
    if agency is None and meta.get("agency"):
        agency = agency_match(meta["agency"], scope)
    if agency is None or year is None or meta.get("duplicate_elsewhere"):
        record = _read(item, data)
        if record is None:
            return None, None, None
        year = year or record.get("year")
        if agency is None:
            agency = agency_match(str(record.get("agency") or ""), scope)
    if agency is not None and not scope.filter(pk=agency.pk).exists():
        agency = None
    if meta.get("duplicate_elsewhere") and (
        agency is None or identity.agency_named(record or {}, agency) is not True
    ):
        # Another agency's file, and its text does not name the clerk's agency: say only that
        # it exists (not whose, nor its title or id).
        _settle(item, ItemStatus.DUPLICATE, identity.MSG_DUPLICATE)
        return None, None, None
    if agency is None or not year:
        read_name = meta.get("agency") or (record or {}).get("agency") or "（未读出）"
        read_year = year or "（未读出）"
        _settle(
            item,
            ItemStatus.UNMATCHED,
            f"无法确定所属机关：读出的机关为“{read_name}”，年度为“{read_year}”，"
            "系统中没有对应的机关或您无权为其上传；请指定机关和年度。",
        )
        return None, None, None
    return agency, int(year), record


def _read(item: ImportItem, data: bytes) -> dict[str, Any] | None:
    """Parse the file to learn its agency and year; a file that cannot be read fails here."""
    from reader.extract.blocks import ExtractionError
    from reports.isolation import read_report_isolated

    try:
        # The version's file name (base name), so the pipeline reuses this record.
        # Under the same per-file limits as the pipeline.
        return read_report_isolated(data, posixpath.basename(item.filename.replace("\\", "/")))
    except ExtractionError as exc:
        _settle(item, ItemStatus.FAILED, exc.message)
    except Exception:
        logger.exception("parser crashed on batch item %s (%s)", item.pk, item.filename)
        _settle(item, ItemStatus.FAILED, pipeline.MSG_INTERNAL)
    return None


def _agencies_for(item: ImportItem) -> Any:
    from reports.selectors import agencies_visible_to

    user = item.batch.created_by
    # A batch loaded from the command line (no user) may use every agency.
    return Agency.objects.all() if user is None else agencies_visible_to(user)


# ---- clerk actions, beat -------------------------------------------------------------------------


def item_assign(item: ImportItem, *, agency: Agency, year: int) -> ImportItem:
    """The clerk names the agency and year of an unmatched file; it is queued again."""
    if item.status != ItemStatus.UNMATCHED:
        raise ValidationError("只有“待指定机关”的文件可以指定机关。")
    item.agency, item.year = agency, year
    item.status, item.message = ItemStatus.QUEUED, ""
    item.save(update_fields=["agency", "year", "status", "message", "updated_at"])
    _enqueue([item.pk])
    return item


def items_requeue(item_ids: Iterable[int], *, force: bool = False) -> int:
    """Queue these files again (``manage.py requeue``); ``force`` re-runs finished ones."""
    ids = list(item_ids)
    if force:
        ImportItem.objects.filter(pk__in=ids).update(attempts=0, updated_at=timezone.now())
    _enqueue(ids, force=force)
    return len(ids)


def items_retry_failed(batch: ImportBatch) -> int:
    """Queue the batch's failed files again (those whose bytes were stored)."""
    ids = list(
        batch.items.filter(status=ItemStatus.FAILED).exclude(sha256="").values_list("pk", flat=True)
    )
    batch.items.filter(pk__in=ids).update(
        status=ItemStatus.QUEUED, attempts=0, updated_at=timezone.now()
    )
    _enqueue(ids, force=True)
    return len(ids)


def items_requeue_stuck(older_than: dt.timedelta = dt.timedelta(minutes=30)) -> int:
    """Queue again files left 排队中/处理中 for long (a lost message, a worker that died).

    The last resort: a killed worker's tasks come back by themselves within two minutes
    (docs/pipeline.md). A file 处理中 for longer than the task time limit has certainly lost its
    task, so it is swept sooner than one still 排队中 (which may wait behind a long queue).
    """
    now = timezone.now()
    lost_after = dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 600) + 60)
    ids = list(
        ImportItem.objects.filter(
            Q(status=ItemStatus.QUEUED, updated_at__lt=now - older_than)
            | Q(status=ItemStatus.PROCESSING, updated_at__lt=now - min(older_than, lost_after))
        ).values_list("pk", flat=True)
    )
    _enqueue(ids)
    return len(ids)


def batch_progress(batch: ImportBatch) -> dict[str, Any]:
    """Counts and per-file rows for the progress page (also served as JSON)."""
    items = list(batch.items.select_related("agency", "version").order_by("position"))
    counts = {status: 0 for status in ItemStatus.values}
    for item in items:
        counts[item.status] += 1
    settled = sum(1 for item in items if item.settled)
    total = len(items)
    return {
        "total": total,
        "settled": settled,
        # Rounded down: 299 of 300 is 99 %, never 100 % before the last file settles.
        "percent": 100 * settled // total if total else 100,
        "finished": settled == total,
        "counts": counts,
        "labels": dict(ItemStatus.choices),
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "filename": item.filename,
                "status": item.status,
                "status_label": item.get_status_display(),
                "message": item.message,
                "agency": item.agency.name if item.agency else "",
                "year": item.year,
                "version_id": item.version_id,
                "report_id": item.version.report_id if item.version else None,
            }
            for item in items
        ],
    }


def unpack_folder(root: Any, *, limits: Limits | None = None) -> Unpacked:
    """The report files under a folder (and its ``manifest.csv``), with the ZIP's limits.

    Used by ``import_reports --batch``; symbolic links are not followed out of the folder.
    """
    from pathlib import Path

    limits = limits or Limits.from_settings()
    root = Path(root).resolve()
    paths = [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not _is_system_file(p.relative_to(root).as_posix())
    ]
    if len(paths) > limits.max_files:
        raise ValidationError(
            f"目录内有 {len(paths)} 个文件，超过单次上限 {limits.max_files} 个；请分批导入。"
        )
    result = Unpacked()
    total = 0
    for path in paths:
        name = path.relative_to(root).as_posix()
        member = Member(name=name)
        result.members.append(member)
        if not path.resolve().is_relative_to(root):
            member.error = f"“{name}”指向目录以外的位置，已拒绝。"
            continue
        size = path.stat().st_size
        if size > limits.max_file_size:
            member.error = (
                f"“{name}”大小为 {_size_text(size)}，超过单个文件上限 "
                f"{_size_text(limits.max_file_size)}，已跳过。"
            )
            continue
        total += size
        if total > limits.max_total_size:
            raise ValidationError(
                f"目录内文件合计超过单次上限 {_size_text(limits.max_total_size)}。"
            )
        member.data = path.read_bytes()
    _take_manifest(result)
    return result


# ---- tasks (Celery; in-process when no broker) -----------------------------------------------------


@shared_task(bind=True, name="gxnb_portal.process_batch_item", acks_late=True)
def process_batch_item(self: Any, item_id: int, force: bool = False) -> str:
    """One file of a bulk import: match its report, store the version, run the pipeline."""
    try:
        return item_process(item_id, force=force)
    except pipeline.TRANSIENT_ERRORS as exc:
        pipeline.retry_or_give_up(self, exc, f"batch item {item_id}")
        if isinstance(exc, pipeline.IndexUnavailable):
            # In-process: parsed and audited, only the index write waits (search.IndexQueue) —
            # the file is done for the clerk, not left 处理中 with no worker to finish it.
            return item_index_pending(item_id)
        return "retry"


@shared_task(name="gxnb_portal.requeue_stuck_batch_items")
def requeue_stuck_batch_items() -> int:
    """Beat job: bulk-import files left 排队中/处理中 long after their batch started."""
    return items_requeue_stuck()
