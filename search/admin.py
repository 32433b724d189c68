"""Staff view of the search retry queue: what failed to index, why, and a retry action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from unfold.admin import ModelAdmin

from search.models import IndexQueue


@admin.register(IndexQueue)
class IndexQueueAdmin(ModelAdmin):
    list_display = ("report_id", "action", "attempts", "next_attempt_at", "short_error")
    list_filter = ("action",)
    search_fields = ("report_id",)
    readonly_fields = (
        "report_id",
        "action",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "updated_at",
    )
    actions = ("retry_now",)

    @admin.display(description="最近错误")
    def short_error(self, obj: IndexQueue) -> str:
        return (obj.last_error or "")[:80]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # entries come from failed index writes only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="立即重试所选项")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[IndexQueue]) -> None:
        from search.services import retry_pending

        count = queryset.update(next_attempt_at=timezone.now())
        done = retry_pending(limit=max(count, 1))
        level = messages.SUCCESS if done == count else messages.WARNING
        self.message_user(request, f"已重试 {count} 项，成功 {done} 项。", level)
