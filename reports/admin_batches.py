"""Admin: bulk import of report files (a ZIP with an optional CSV manifest) and its progress page.

- 上传 (add view): the ZIP and an optional manifest; safety checks run before anything is stored.
- The batch page (change view): a progress bar, counts and one row per file, refreshed every
  second from ``<id>/progress.json``; retry for failed files; agency + year for files the system
  could not match.

Who may: anyone who may add reports (录入员 for their agencies, 管理员); a clerk sees the batches
they uploaded, a 管理员 all of them. Matching is scoped by :mod:`reports.selectors`, so a clerk
can never import into an agency that is not theirs.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from unfold.admin import ModelAdmin

from reports import batch as batches
from reports.models import Agency, ImportBatch, ImportItem
from reports.permissions import user_role
from reports.selectors import agencies_visible_to

PERMISSION = "gxnb_portal.add_report"


class BatchUploadForm(forms.Form):
    archive = forms.FileField(
        label="ZIP 压缩包",
        help_text="可包含 PDF、Word、网页和纯文本文件；可在包内附带 manifest.csv 清单。",
    )
    manifest = forms.FileField(
        label="清单 CSV（可选）",
        required=False,
        help_text="列：file（文件名）、agency（机关）、year（年度）、level（政府/部门）、"
        "published（发布日期）、source_url（来源网址）。没有清单的文件从正文读取机关和年度。",
    )

    def clean_archive(self) -> Any:
        archive = self.cleaned_data["archive"]
        limit = batches.Limits.from_settings().max_total_size
        if archive.size > limit:
            raise ValidationError(f"压缩包超过 {limit // batches.MB} MB，请分成几个压缩包上传。")
        return archive


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=None)  # type: ignore[arg-type]
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_visible_to(user).filter(active=True)


def agency_select(agencies: QuerySet[Agency]) -> str:
    """The 指定机关 ``<select name="agency">`` over ``agencies`` (escaped; the form validates)."""
    options = format_html_join(
        "", '<option value="{}">{}</option>', agencies.values_list("pk", "name")
    )
    return format_html(
        '<select name="agency" required><option value="">（选择机关）</option>{}</select>', options
    )


@admin.register(ImportBatch)
class ImportBatchAdmin(ModelAdmin):
    list_display = ("name", "created_by", "created_at", "progress")
    list_display_links = ("name",)

    # -- who may --

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        # The list's progress column counts items in the same query (not one query a batch).
        unsettled = Q(items__status__in=("queued", "processing"))
        qs = (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .annotate(
                _items=Count("items"),
                _unsettled=Count("items", filter=unsettled),
                _failed=Count("items", filter=Q(items__status="failed")),
            )
        )
        if user_role(request.user) == "admin":
            return qs
        return qs.filter(created_by=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a batch is a record of what was uploaded

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="进度")
    def progress(self, obj: ImportBatch) -> str:
        total, failed = obj._items, obj._failed  # type: ignore[attr-defined]
        text = f"{total - obj._unsettled} / {total}"  # type: ignore[attr-defined]
        return f"{text}（失败 {failed}）" if failed else text

    # -- pages --

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:batch_id>/progress.json",
                wrap(self.progress_json),
                name="gxnb_portal_importbatch_progress",
            ),
            path(
                "<int:batch_id>/retry/", wrap(self.retry_view), name="gxnb_portal_importbatch_retry"
            ),
            path(
                "<int:batch_id>/items/<int:item_id>/assign/",
                wrap(self.assign_view),
                name="gxnb_portal_importbatch_assign",
            ),
            *super().get_urls(),
        ]

    def _batch(self, request: HttpRequest, batch_id: Any) -> ImportBatch:
        if not self.has_view_permission(request):
            raise Http404
        return get_object_or_404(self.get_queryset(request), pk=batch_id)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise Http404
        form = BatchUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            archive = form.cleaned_data["archive"]
            manifest = form.cleaned_data.get("manifest")
            try:
                batch = batches.batch_create_from_zip(
                    data=archive.read(),
                    name=archive.name,
                    user=request.user,
                    manifest=manifest.read() if manifest else None,
                )
            except ValidationError as exc:
                form.add_error("archive", exc)
            else:
                messages.success(request, f"已收到 {batch.items.count()} 个文件，正在处理。")
                return redirect("admin:gxnb_portal_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "批量导入年报",
            "form": form,
            "limits": batches.Limits.from_settings(),
            "mb": batches.MB,
        }
        return TemplateResponse(request, "batches/upload.html", context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        batch = self._batch(request, object_id)
        assign_form = AssignForm(user=request.user, auto_id=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"批量导入：{batch.name}",
            "batch": batch,
            "progress": batches.batch_progress(batch),
            "assign_form": assign_form,
            # The agency <select> of every unmatched file is the same: built once, without the
            # widget's per-option templates (thousands of agencies cost a second each time).
            "agency_select": agency_select(assign_form.fields["agency"].queryset),
            "progress_url": reverse("admin:gxnb_portal_importbatch_progress", args=[batch.pk]),
            "retry_url": reverse("admin:gxnb_portal_importbatch_retry", args=[batch.pk]),
        }
        return TemplateResponse(request, "batches/progress.html", context)

    def progress_json(self, request: HttpRequest, batch_id: int) -> JsonResponse:
        batch = self._batch(request, batch_id)
        data = batches.batch_progress(batch)
        for row in data["items"]:
            row["report_url"] = (
                reverse("admin:gxnb_portal_report_change", args=[row["report_id"]])
                if row["report_id"]
                else ""
            )
            row["assign_url"] = reverse(
                "admin:gxnb_portal_importbatch_assign", args=[batch.pk, row["id"]]
            )
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    def retry_view(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        batch = self._batch(request, batch_id)
        if request.method != "POST":
            return redirect("admin:gxnb_portal_importbatch_change", batch.pk)
        count = batches.items_retry_failed(batch)
        messages.success(request, f"已重新安排 {count} 个失败的文件。")
        return redirect("admin:gxnb_portal_importbatch_change", batch.pk)

    def assign_view(self, request: HttpRequest, batch_id: int, item_id: int) -> HttpResponse:
        batch = self._batch(request, batch_id)
        item = get_object_or_404(ImportItem, pk=item_id, batch=batch)
        if request.method != "POST":
            return redirect("admin:gxnb_portal_importbatch_change", batch.pk)
        form = AssignForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, f"“{item.filename}”：请选择机关并填写有效的年度。")
        else:
            try:
                batches.item_assign(
                    item, agency=form.cleaned_data["agency"], year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, f"“{item.filename}”已指定机关，正在处理。")
        return redirect("admin:gxnb_portal_importbatch_change", batch.pk)
