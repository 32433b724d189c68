"""The core domain: agencies, their annual reports, each report's uploaded versions, staff roles.

A ``Report`` is one agency's report for one year. Every upload of a file for it is a
``ReportVersion`` that keeps the original bytes forever (content-addressed by SHA-256), the
extracted text and the parsed record (``../shared/spec/record.md``). The newest upload is the
current version; older ones stay viewable. Which rows a staff member may see is decided in one
place only: :mod:`reports.selectors`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from collections.abc import Iterator

REGION_CODE_VALIDATOR = RegexValidator(
    r"^\d{6}(\d{3}){0,2}$", "行政区划代码应为 6、9 或 12 位数字。"
)


def region_prefix(code: str) -> str:
    """The part of a 行政区划代码 that every place inside the region starts with.

    ``450900`` (a city) → ``4509``; ``110000`` (a province-level city) → ``11``; ``450902`` (a
    district) → ``450902``; ``450902001000`` (a township) → ``450902001``. Codes pad the lower
    levels with zeros, so a region's subtree is "codes starting with this prefix".
    """
    code = code.strip()
    if not code:
        return ""
    while len(code) > 6 and code.endswith("000"):
        code = code[:-3]
    while len(code) in (4, 6) and code.endswith("00"):
        code = code[:-2]
    return code


class Agency(models.Model):
    """An agency that publishes reports: a government (its own report) or a department."""

    class Level(models.TextChoices):
        # Values are the record's ``level`` values (record.md); labels are shown to staff.
        GOV = "gov", "政府"
        DEPT = "dept", "部门"

    name = models.CharField("机关名称", max_length=200)
    region_name = models.CharField("行政区划", max_length=100, blank=True)
    region_code = models.CharField(
        "行政区划代码", max_length=12, blank=True, validators=[REGION_CODE_VALIDATOR]
    )
    level = models.CharField("类别", max_length=4, choices=Level.choices, default=Level.DEPT)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    website = models.URLField("网站", max_length=500, blank=True)
    active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("region_code", "name")
        constraints = (
            models.UniqueConstraint(
                fields=["name", "region_code"], name="agency_unique_name_in_region"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["gov", "dept"]), name="agency_level_valid"
            ),
        )
        indexes = (models.Index(fields=["region_code"], name="agency_region_code_idx"),)

    def __str__(self) -> str:
        return self.name

    def deadline(self, year: int) -> dt.date:
        """The legal publication deadline for this agency's report on ``year``.

        Regulation art. 49: departments by 1 月 31 日, a government's own report by 3 月 31 日 of
        the next year; under the old regulation (reports up to 2018) 3 月 31 日 for everyone.
        """
        if year <= 2018 or self.level == self.Level.GOV:
            return dt.date(year + 1, 3, 31)
        return dt.date(year + 1, 1, 31)

    def ancestors(self) -> Iterator[Agency]:
        """Parents from the nearest up; guards against a cycle entered by hand."""
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            yield node
            node = node.parent

    def path(self) -> str:
        names = [a.name for a in reversed(list(self.ancestors()))]
        return " › ".join([*names, self.name])


class Report(models.Model):
    """One agency's annual report for one year; its content lives in its versions."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(
        "报告年度", validators=[MinValueValidator(2008), MaxValueValidator(2100)]
    )
    title = models.CharField("标题", max_length=300, blank=True)
    source_url = models.URLField("来源网址", max_length=1000, blank=True)
    published = models.DateField("发布日期", null=True, blank=True)
    # Publication policy: a report whose identity is in doubt (agency or year
    # not the one the text names, injected spam, a placeholder agency name) is held back from
    # every public page, the public API and the index. Set by the pipeline after the audit
    # (reports.identity.hold_reasons), cleared by an auditor's 放行 for one file (its hash), so
    # a new version is judged again.
    held_reason = models.TextField("暂缓公开原因", blank=True, default="")
    hold_cleared_sha256 = models.CharField("已放行的文件", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ("-year", "agency__name")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="report_unique_agency_year"),
        )
        permissions = (
            ("reparse_report", "可重新解析报告"),
            ("reaudit_report", "可重新审核报告"),
            ("reindex_report", "可重新索引报告"),
        )

    def __str__(self) -> str:
        return self.title or f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        """The public report page (search app); the admin page while that does not exist."""
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("search:report", args=[self.pk])
        except NoReverseMatch:
            return reverse("admin:gxnb_portal_report_change", args=[self.pk])

    @property
    def current_version(self) -> ReportVersion | None:
        # Uses the prefetch cache when a list view prefetched ``versions``.
        if "versions" in getattr(self, "_prefetched_objects_cache", {}):
            return next((v for v in self.versions.all() if v.is_current), None)
        return self.versions.filter(is_current=True).first()

    def deadline(self) -> dt.date:
        return self.agency.deadline(self.year)

    def is_late(self) -> bool | None:
        """Published after the deadline; ``None`` when the publication date is unknown."""
        if self.published is None:
            return None
        return self.published > self.deadline()


def original_path(sha256: str) -> str:
    """Where the original bytes live in the default storage: content-addressed, sharded."""
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class ReportVersion(models.Model):
    """One uploaded file for a report, with what the pipeline made of it.

    The original bytes are stored under their SHA-256 and never modified or deleted (the
    ``report`` foreign key is PROTECT and no code path deletes a file). ``record`` is the parsed
    record (``reader.record``); ``status`` follows the pipeline.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "已上传"
        PARSED = "parsed", "已解析"
        FAILED = "failed", "解析失败"
        AUDITED = "audited", "已审核"
        INDEXED = "indexed", "已索引"

    report = models.ForeignKey(
        Report, verbose_name="报告", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    original = models.FileField("原始文件", max_length=200)
    filename = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    is_current = models.BooleanField("当前版本", default=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    error = models.TextField("错误信息", blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    extracted_text = models.TextField("提取的文本", blank=True)
    record = models.JSONField("解析结果", null=True, blank=True)
    parser_version = models.CharField("解析器版本", max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    # When the file reached the portal: for a bulk import the batch's upload, which may be long
    # before a worker adds the version. Upload order (this, then ``number``) decides which
    # processed version is current, never the order in which processing finishes.
    received_at = models.DateTimeField("收到时间", default=timezone.now)
    processed_at = models.DateTimeField("处理时间", null=True, blank=True)
    # What the upload check found and the uploader went ahead with (the text names another
    # agency or year, the same file is held elsewhere): kept as the version's finding and a
    # reason to hold the report back until an auditor clears it.
    identity_problems = models.JSONField("上传核对问题", default=list, blank=True)

    class Meta:
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"
        ordering = ("report", "-number")
        constraints = (
            models.UniqueConstraint(fields=["report", "number"], name="version_unique_number"),
            models.UniqueConstraint(fields=["report", "sha256"], name="version_unique_file"),
            # Partial unique index: at most one current version per report (SQLite + PostgreSQL).
            models.UniqueConstraint(
                fields=["report"], condition=Q(is_current=True), name="version_one_current"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["uploaded", "parsed", "failed", "audited", "indexed"]),
                name="version_status_valid",
            ),
        )

    def __str__(self) -> str:
        return f"{self.report} · 第 {self.number} 版"

    def read_original(self) -> bytes:
        with self.original.open("rb") as fh:
            return fh.read()

    @property
    def findings_summary(self) -> dict[str, Any]:
        record = self.record or {}
        counts: dict[str, int] = {}
        for finding in record.get("findings") or []:
            sev = finding.get("severity", "info")
            counts[sev] = counts.get(sev, 0) + 1
        return counts


class StaffProfile(models.Model):
    """A staff member's role and scope.

    - 录入员 (clerk): enters and edits the reports of the agencies assigned to them.
    - 审核员 (auditor, of a supervising office): sees every report in the subtree of their region
      (行政区划代码 prefix, see :func:`region_prefix`).
    - 管理员 (admin): everything. Django superusers are treated as 管理员 too.
    """

    class Role(models.TextChoices):
        CLERK = "clerk", "录入员"
        AUDITOR = "auditor", "审核员"
        ADMIN = "admin", "管理员"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    agencies = models.ManyToManyField(
        Agency,
        verbose_name="负责的机关",
        blank=True,
        related_name="clerks",
        help_text="录入员只能查看和编辑这些机关的报告。",
    )
    region_name = models.CharField("监督区域", max_length=100, blank=True)
    region_code = models.CharField(
        "监督区域代码",
        max_length=12,
        blank=True,
        validators=[REGION_CODE_VALIDATOR],
        help_text="审核员可查看该行政区划及其下级的全部报告。",
    )

    class Meta:
        verbose_name = "工作人员角色"
        verbose_name_plural = "工作人员角色"
        constraints = (
            models.CheckConstraint(
                condition=Q(role__in=["clerk", "auditor", "admin"]), name="profile_role_valid"
            ),
            # An auditor without a region would silently see nothing; make it impossible.
            models.CheckConstraint(
                condition=~Q(role="auditor") | ~Q(region_code=""),
                name="profile_auditor_has_region",
                violation_error_message="审核员必须填写监督区域代码。",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


# ==== Tasks waiting for the broker ===================================================


class TaskOutbox(models.Model):
    """A task written in the same transaction as the rows it works on (transactional outbox).

    Sent to the broker after the commit and deleted once the broker took it; when the broker is
    down the row stays and a worker (or beat) sends it as soon as the broker answers again, so a
    saved upload never waits for the 15-minute sweep (``reports.outbox``).
    """

    task = models.CharField("任务", max_length=100)
    args = models.JSONField("参数", default=list, blank=True)
    kwargs = models.JSONField("关键字参数", default=dict, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField("发送次数", default=0)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "待发送任务"
        verbose_name_plural = "待发送任务"
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


# ==== Bulk import: a ZIP of report files and the progress of each file ============


class ImportBatch(models.Model):
    """One bulk upload (a ZIP or a folder): its files are :class:`ImportItem` rows."""

    name = models.CharField("名称", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    notes = models.JSONField("导入说明", default=list, blank=True)

    class Meta:
        verbose_name = "批量导入"
        verbose_name_plural = "批量导入"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.name


class ImportItem(models.Model):
    """One file of a batch: where it stands, and the report version it became."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        PROCESSING = "processing", "处理中"
        DONE = "done", "完成"
        FAILED = "failed", "失败"
        UNMATCHED = "unmatched", "待指定机关"
        DUPLICATE = "duplicate", "重复文件"

    batch = models.ForeignKey(
        ImportBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField("序号")
    filename = models.CharField("文件名", max_length=500)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField("说明", blank=True)
    # From the manifest (or assigned by the clerk): agency_id, year, level, published, source_url.
    metadata = models.JSONField("清单信息", default=dict, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("报告年度", null=True, blank=True)
    version = models.ForeignKey(
        ReportVersion,
        verbose_name="报告版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attempts = models.PositiveIntegerField("处理次数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导入文件"
        verbose_name_plural = "导入文件"
        ordering = ("batch", "position")
        constraints = (
            models.UniqueConstraint(fields=["batch", "position"], name="import_item_position"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["queued", "processing", "done", "failed", "unmatched", "duplicate"]
                ),
                name="import_item_status_valid",
            ),
        )
        indexes = (models.Index(fields=["batch", "status"], name="import_item_status_idx"),)

    def __str__(self) -> str:
        return self.filename

    @property
    def settled(self) -> bool:
        """Nothing more will happen without a person: done, failed, duplicate or to assign."""
        return self.status not in (self.Status.QUEUED, self.Status.PROCESSING)


# ==== Staff corrections of the parsed record ==========================================


class Correction(models.Model):
    """One person's correction of one parsed cell or one section boundary of a report version.

    The parser's own record is kept (:class:`ParsedRecord`); the version's ``record`` is that
    record with the corrections applied (``reports.corrections``). A correction holds while the
    extracted text it was made on is unchanged (``text_sha256``), across re-parses and across
    versions of the same report with the same text; when a new parser reads the cell differently
    from ``parsed_value`` it is still applied but flagged for review.
    """

    class Kind(models.TextChoices):
        CELL = "cell", "单元格"
        SECTION = "section", "部分边界"

    class Status(models.TextChoices):
        ACTIVE = "active", "生效"
        REVIEW = "review", "待复核"
        STALE = "stale", "原文已变化"

    version = models.ForeignKey(
        ReportVersion,
        verbose_name="报告版本",
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    # "t3.R1.NP" for a cell, "s4" for a section.
    target = models.CharField("位置", max_length=40)
    parsed_value = models.JSONField("解析器读数", null=True, blank=True)
    old_value = models.JSONField("更正前", null=True, blank=True)
    new_value = models.JSONField("更正后", null=True, blank=True)
    comment = models.CharField("说明", max_length=500, blank=True)
    parser_version = models.CharField("解析器版本", max_length=40, blank=True)
    text_sha256 = models.CharField("原文摘要", max_length=64, db_index=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Why it is flagged: the parser's reading after the re-parse that flagged it.
    review_note = models.CharField("复核说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        verbose_name = "解析更正"
        verbose_name_plural = "解析更正"
        ordering = ("created_at", "pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(kind__in=["cell", "section"]), name="correction_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "review", "stale"]),
                name="correction_status_valid",
            ),
        )

    def __str__(self) -> str:
        return f"{self.target}: {self.old_value} → {self.new_value}"


class ParsedRecord(models.Model):
    """The parser's own record of a version that has corrections (the version's ``record`` then
    holds the corrected one), so staff can always see what the parser read."""

    version = models.OneToOneField(
        ReportVersion,
        verbose_name="报告版本",
        on_delete=models.CASCADE,
        related_name="parsed_record",
    )
    record = models.JSONField("解析器原始结果")
    parser_version = models.CharField("解析器版本", max_length=40, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "解析器原始结果"
        verbose_name_plural = "解析器原始结果"

    def __str__(self) -> str:
        return f"{self.version} · 解析器原始结果"
