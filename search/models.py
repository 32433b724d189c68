"""Search's own table: reports whose index write failed and waits for a retry."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone


class IndexQueue(models.Model):
    """A report to (re)index or remove from the search index, after a failed attempt.

    The report is kept by id, not by foreign key: a deletion that failed must still be retried
    after the report row is gone.
    """

    class Action(models.TextChoices):
        INDEX = "index", "索引"
        DELETE = "delete", "删除"

    report_id = models.BigIntegerField("报告 ID", unique=True)
    action = models.CharField("操作", max_length=6, choices=Action.choices)
    attempts = models.PositiveIntegerField("失败次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次重试", default=timezone.now, db_index=True)
    created_at = models.DateTimeField("加入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "待重试的索引任务"
        verbose_name_plural = "待重试的索引任务"
        ordering = ("next_attempt_at",)

    def __str__(self) -> str:
        return f"{self.get_action_display()} 报告 {self.report_id}（失败 {self.attempts} 次）"

    @staticmethod
    def backoff(attempts: int) -> dt.timedelta:
        """1, 2, 4 … minutes, at most a day: a cluster that is down is not hammered."""
        return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))
