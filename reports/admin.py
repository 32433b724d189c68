"""Staff data entry (Django admin with the unfold theme).

Scoping: every queryset here starts from :mod:`reports.selectors` — list views, change
views, actions (Django runs actions on ``get_queryset()``), autocomplete and the original-file
download. Reports and versions are never deletable: the originals are kept forever.

Report content is shown through templates with autoescaping; nothing from a report is ever
passed through ``mark_safe``.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.decorators import display
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from audit.selectors import findings_visible_to
from reports import identity, pipeline, services
from reports.downloads import original_response
from reports.models import Agency, Report, ReportVersion, StaffProfile
from reports.record_view import finding_row as _finding_row
from reports.record_view import render_record
from reports.selectors import (
    agencies_visible_to,
    reports_visible_to,
    versions_visible_to,
)

logger = logging.getLogger(__name__)

admin.site.site_header = "政府信息公开工作年度报告 · 管理"
admin.site.site_title = "公开年报"
admin.site.index_title = "工作台"

STATUS_LABELS = {
    ReportVersion.Status.UPLOADED: "info",
    ReportVersion.Status.PARSED: "primary",
    ReportVersion.Status.FAILED: "danger",
    ReportVersion.Status.AUDITED: "success",
    ReportVersion.Status.INDEXED: "success",
}


# ---- the record as readable sections and tables (reports/record_view.py) ----------------------


# The staff member whose page is being rendered: the findings panel is a read-only field, which
# Django calls with the object only, and what it may show depends on who looks (a clerk sees
# confirmed findings only). A context variable is per thread and per request.
_viewer: ContextVar[Any] = ContextVar("report_admin_viewer", default=None)


def _visible_findings(version: ReportVersion | None) -> list[Any]:
    """The version's findings the viewer may read (audit's one rule: findings_visible_to)."""
    user = _viewer.get()
    if version is None or user is None:
        return []
    return list(findings_visible_to(user).filter(version=version).order_by("severity_rank", "pk"))


# ---- agencies -----------------------------------------------------------------------------------


@admin.register(Agency)
class AgencyAdmin(ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012
    list_display = ("name", "level", "region_name", "region_code", "tree_path", "active")
    list_filter = ("level", "active", "region_name")
    search_fields = ("name", "region_name", "region_code")
    autocomplete_fields = ("parent",)
    ordering = ("region_code", "name")
    readonly_fields = ("children_list", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "level", "parent", "website", "active")}),
        ("行政区划", {"fields": ("region_name", "region_code")}),
        ("下级机关", {"fields": ("children_list",)}),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agency]:
        return agencies_visible_to(request.user).select_related("parent__parent__parent")

    @display(description="隶属关系")
    def tree_path(self, obj: Agency) -> str:
        return obj.path()

    @display(description="下级机关")
    def children_list(self, obj: Agency) -> str:
        # Agency names are public; following a link still goes through the scoped queryset.
        children = obj.children.order_by("region_code", "name") if obj.pk else []
        return render_to_string("admin/gxnb_portal/agency_children.html", {"children": children})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            kwargs["queryset"] = agencies_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# ---- reports ------------------------------------------------------------------------------------


def _formfield(db_field: Any, **kwargs: Any) -> Any:
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ReportForm(forms.ModelForm):
    upload = forms.FileField(
        label="报告文件",
        required=False,
        help_text="HTML、PDF、DOCX 或文本。上传与已有版本完全相同的文件不会新增版本。",
    )
    # Shown after the upload check found a problem (issue #16 item 1): the clerk goes ahead
    # only on purpose, and the report is then held back until an auditor clears it.
    confirm_identity = forms.BooleanField(
        label="仍然上传",
        required=False,
        help_text="文件中的机关或年度与所选不符、或同一文件已存在时，勾选后仍可保存；"
        "报告将暂缓公开，待审核员核实后放行。",
    )
    # The uploader (set by ReportAdmin.get_form): which reports the duplicate check may name.
    uploader: Any = None

    class Meta:
        model = Report
        fields = ("agency", "year", "title", "source_url", "published")
        formfield_callback = _formfield

    def clean_upload(self) -> Any:
        file = self.cleaned_data.get("upload")
        if self.instance.pk is None and not file:
            raise forms.ValidationError("新建报告时必须上传报告文件。")
        if file and file.size == 0:
            raise forms.ValidationError("上传的文件是空的。")
        if file and file.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise forms.ValidationError("文件过大。")
        return file

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.identity_problems: list[str] = []
        file = cleaned.get("upload")
        agency = cleaned.get("agency") or getattr(self.instance, "agency", None)
        year = cleaned.get("year") or self.instance.year
        if not file or agency is None or not year or self.errors:
            return cleaned
        self.identity_problems = upload_check(file, agency=agency, year=year, user=self.uploader)
        if self.identity_problems and not cleaned.get("confirm_identity"):
            raise forms.ValidationError(
                [
                    "上传前核对发现问题，尚未保存：",
                    *self.identity_problems,
                    "如确认无误，请重新选择文件并勾选“仍然上传”；报告将暂缓公开，待审核员核实。",
                ]
            )
        return cleaned


def upload_check(file: Any, *, agency: Agency, year: int, user: Any) -> list[str]:
    """Read the file as bulk import does and compare it with the chosen agency and year."""
    from reader.extract.blocks import ExtractionError
    from reports.isolation import read_report_isolated

    data = file.read()
    file.seek(0)
    try:
        record = read_report_isolated(data, file.name)
    except ExtractionError:
        record = None  # unreadable: the pipeline says why once saved
    except Exception:
        logger.exception("upload check could not read %s", file.name)
        record = None
    report = Report.objects.filter(agency=agency, year=year).first()
    return identity.upload_problems(
        record=record,
        agency=agency,
        year=int(year),
        sha256=services.sha256_of(data),
        visible_reports=reports_visible_to(user),
        report=report,
    )


class VersionInline(TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("number", "is_current", "status", "filename", "size", "created_at", "download")
    readonly_fields = fields
    ordering = ("-number",)
    verbose_name = "版本"
    verbose_name_plural = "版本（全部保留）"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportVersion]:
        # Each row's form prints the version's name (report, agency): one join, not a query a row.
        return super().get_queryset(request).select_related("report__agency")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @display(description="原始文件")
    def download(self, obj: ReportVersion) -> str:
        return format_html('<a href="{}">下载</a>', download_url(obj))


def _corrections_url(version: ReportVersion | None) -> str:
    if version is None or not isinstance(version.record, dict):
        return ""
    from reports.admin_corrections import corrections_url

    return corrections_url(version)


def download_url(version: ReportVersion) -> str:
    return reverse(
        "admin:gxnb_portal_report_original",
        kwargs={"object_id": version.report_id, "version_id": version.pk},
    )


class CurrentStatusFilter(admin.SimpleListFilter):
    title = "当前版本状态"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return ReportVersion.Status.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        if self.value():
            return queryset.filter(versions__is_current=True, versions__status=self.value())
        return queryset


@admin.register(Report)
class ReportAdmin(ModelAdmin):
    form = ReportForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012
    list_display = (
        "__str__",
        "agency",
        "year",
        "current_status",
        "published",
        "timeliness",
        "version_count",
    )
    list_filter = ("year", "agency__level", CurrentStatusFilter, "agency__region_name")
    search_fields = ("agency__name", "title", "agency__region_name")
    list_select_related = ("agency",)
    inlines = (VersionInline,)
    actions = ("reparse", "reaudit", "reindex")
    readonly_fields = ("status_panel", "record_panel", "findings_panel")

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _viewer.set(request.user)
        try:
            response = super().changeform_view(request, *args, **kwargs)
            # A TemplateResponse renders later: render it while the viewer is still set.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response
        finally:
            _viewer.reset(token)

    # -- querysets and permissions --

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        current_status = ReportVersion.objects.filter(
            report=OuterRef("pk"), is_current=True
        ).values("status")[:1]
        # A correlated count, not Count("versions"): an aggregate groups every report before
        # the page's 100 are taken and keeps the changelist's COUNT(*) from dropping it.
        version_count = (
            ReportVersion.objects.filter(report=OuterRef("pk"))
            .order_by()
            .values("report")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return reports_visible_to(request.user).annotate(
            _current_status=Subquery(current_status),
            _version_count=Coalesce(Subquery(version_count), 0),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # originals are kept forever

    def has_reparse_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("gxnb_portal.reparse_report")

    def has_reaudit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("gxnb_portal.reaudit_report")

    def has_reindex_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("gxnb_portal.reindex_report")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = agencies_visible_to(request.user).filter(active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return (
                (
                    None,
                    {
                        "fields": (
                            "agency",
                            "year",
                            "upload",
                            "confirm_identity",
                            "title",
                            "source_url",
                            "published",
                        )
                    },
                ),
            )
        editable = self.has_change_permission(request, obj)
        main = ("agency", "year", "title", "source_url", "published")
        return (
            ("报告", {"fields": (*main, "upload", "confirm_identity") if editable else main}),
            ("处理状态", {"fields": ("status_panel",)}),
            ("审核发现", {"fields": ("findings_panel",)}),
            ("解析结果", {"fields": ("record_panel",)}),
        )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[override]
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"uploader": request.user})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            # A report's identity is fixed once created; a correction is a new version.
            return ("agency", "year", *self.readonly_fields)
        return self.readonly_fields

    # -- saving: every file goes through the upload service --

    def save_model(self, request: HttpRequest, obj: Report, form: Any, change: bool) -> None:
        file = form.cleaned_data.get("upload")
        problems = getattr(form, "identity_problems", None)
        if problems:
            messages.warning(
                request, "已按您的确认上传；核对发现的问题已记录，报告暂缓公开，待审核员核实。"
            )
        if not change:
            version = services.report_upload(
                agency=obj.agency,
                year=obj.year,
                file_bytes=file.read(),
                filename=file.name,
                user=request.user,
                title=obj.title,
                source_url=obj.source_url,
                published=obj.published,
                identity_problems=problems,
            )
            # Saved whatever the broker does: processing follows (issue #19).
            messages.success(request, "已保存，待处理：文件已保存，正在排队解析。")
            # The service created the row; hand it back to the admin's add flow.
            obj.pk = version.report.pk
            obj._state.adding = False
            obj._state.db = version.report._state.db
            return
        obj.save()
        if file:
            before = obj.versions.count()
            services.report_upload(
                agency=obj.agency,
                year=obj.year,
                file_bytes=file.read(),
                filename=file.name,
                user=request.user,
                identity_problems=problems,
            )
            if obj.versions.count() == before:
                messages.info(request, "上传的文件与已有版本完全相同，未新增版本。")
            else:
                messages.success(
                    request,
                    "已保存，待处理：新版本已保存，正在排队解析；"
                    "解析并审核通过后才会替换公开的当前版本。",
                )

    # -- list columns --

    @display(description="当前状态", label=STATUS_LABELS)
    def current_status(self, obj: Report) -> Any:
        status = getattr(obj, "_current_status", None)
        if status is None:
            return None
        return status, ReportVersion.Status(status).label

    @display(description="版本数", ordering="_version_count")
    def version_count(self, obj: Report) -> int:
        return getattr(obj, "_version_count", 0)

    @display(description="是否按时", label={"ok": "success", "late": "danger"})
    def timeliness(self, obj: Report) -> Any:
        late = obj.is_late()
        if late is None:
            return None
        deadline = obj.deadline()
        if late:
            return "late", f"逾期（期限 {deadline:%Y-%m-%d}）"
        return "ok", "按时"

    # -- change-view panels (templates escape everything) --

    @display(description="当前版本")
    def status_panel(self, obj: Report) -> str:
        version = obj.current_version
        # Newer uploads not (yet) current: processing, or failed — the public still sees
        # ``version`` and the clerk is told so (issue #16 item 4).
        newer = [
            v
            for v in obj.versions.filter(is_current=False).order_by("-received_at", "-number")
            if version is None or pipeline.upload_order(v) > pipeline.upload_order(version)
        ]
        for v in newer:
            # The reason only: the panel itself says which version the public sees.
            v.reason = "".join(
                line for line in v.error.splitlines() if not line.startswith("本版未发布")
            )
        return render_to_string(
            "admin/gxnb_portal/version_status.html",
            {
                "newer": newer,
                "held_reason": obj.held_reason,
                "version": version,
                "download_url": download_url(version) if version else "",
                "label_type": STATUS_LABELS.get(version.status) if version else None,
            },
        )

    @display(description="审核发现")
    def findings_panel(self, obj: Report) -> str:
        version = obj.current_version
        return render_to_string(
            "admin/gxnb_portal/findings.html",
            {"has_model": True, "findings": [_finding_row(f) for f in _visible_findings(version)]},
        )

    @display(description="解析结果")
    def record_panel(self, obj: Report) -> str:
        version = obj.current_version
        return render_record(
            version.record if version else None,
            corrections_url=_corrections_url(version),
        )

    # -- actions (run on the scoped queryset only) --

    @admin.action(description="重新解析所选报告", permissions=["reparse"])
    def reparse(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = 0
        for report in queryset:
            if services.report_reparse(report) is not None:
                count += 1
        messages.success(request, f"已安排重新解析 {count} 份报告。")

    @admin.action(description="重新审核所选报告", permissions=["reaudit"])
    def reaudit(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        from reports.tasks import reaudit_version

        ids = list(
            ReportVersion.objects.filter(report__in=queryset, is_current=True).values_list(
                "pk", flat=True
            )
        )
        for version_id in ids:
            reaudit_version.delay_on_commit(version_id)
        messages.success(request, f"已安排重新审核 {len(ids)} 份报告。")

    @admin.action(description="重新索引所选报告", permissions=["reindex"])
    def reindex(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        from reports.tasks import reindex_report

        ids = list(queryset.values_list("pk", flat=True))
        for report_id in ids:
            reindex_report.delay_on_commit(report_id)
        messages.success(request, f"已安排重新索引 {len(ids)} 份报告。")

    # -- the original file, scoped --

    def get_urls(self) -> list[Any]:
        from reports.admin_corrections import corrections_view

        return [
            path(
                "<path:object_id>/versions/<int:version_id>/original/",
                self.admin_site.admin_view(self.original_view),
                name="gxnb_portal_report_original",
            ),
            # Staff corrections of the parsed record (issue #15, reports/admin_corrections.py).
            path(
                "<path:object_id>/versions/<int:version_id>/corrections/",
                self.admin_site.admin_view(partial(corrections_view, self)),
                name="gxnb_portal_report_corrections",
            ),
            *super().get_urls(),
        ]

    def original_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise Http404
        version = get_object_or_404(
            versions_visible_to(request.user), pk=version_id, report_id=object_id
        )
        return original_response(version)


# ---- versions (read only) -----------------------------------------------------------------------


@admin.register(ReportVersion)
class ReportVersionAdmin(ModelAdmin):
    list_display = ("report", "number", "is_current", "status_label", "filename", "created_at")
    list_filter = ("status", "is_current", "report__year")
    search_fields = ("report__agency__name", "filename", "sha256")
    list_select_related = ("report__agency",)
    fields = (
        "report",
        "number",
        "is_current",
        "status",
        "error",
        "warnings",
        "filename",
        "size",
        "content_type",
        "sha256",
        "download",
        "parser_version",
        "uploaded_by",
        "created_at",
        "processed_at",
        "record_panel",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportVersion]:
        return versions_visible_to(request.user).select_related("report__agency", "uploaded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through the report form (and its service)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @display(description="状态", label=STATUS_LABELS)
    def status_label(self, obj: ReportVersion) -> Any:
        return obj.status, obj.get_status_display()

    @display(description="原始文件")
    def download(self, obj: ReportVersion) -> str:
        return format_html('<a href="{}">下载 {}</a>', download_url(obj), obj.filename)

    @display(description="解析结果")
    def record_panel(self, obj: ReportVersion) -> str:
        return render_record(obj.record, corrections_url=_corrections_url(obj))


# ---- staff and roles ----------------------------------------------------------------------------


class StaffProfileInline(StackedInline):
    model = StaffProfile
    can_delete = True
    extra = 0
    max_num = 1
    autocomplete_fields = ("agencies",)
    fields = ("role", "agencies", "region_name", "region_code")
    verbose_name = "角色与范围"
    verbose_name_plural = "角色与范围"


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    inlines = (StaffProfileInline,)
    list_display = ("username", "full_name", "is_staff", "role", "is_active", "last_login")
    list_select_related = ("staff_profile",)

    @display(description="姓名")
    def full_name(self, obj: Any) -> str:
        return obj.get_full_name() or "—"

    @display(description="角色")
    def role(self, obj: Any) -> str:
        if obj.is_superuser:
            return "管理员（超级用户）"
        profile = getattr(obj, "staff_profile", None)
        return profile.get_role_display() if profile else "—"


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    pass


# ---- registered in their own modules: bulk import (H8, issue #7), corrections (issue #15) -----------

from reports import admin_batches, admin_corrections  # noqa: E402, F401
