"""``manage.py rebuild_search_index``: rebuild the index from the database, without downtime."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from search.services import rebuild_index


class Command(BaseCommand):
    help = "从数据库重建全文检索索引（新建索引后切换，检索不中断）。"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = rebuild_index()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"已索引 {count} 份报告，用时 {elapsed:.1f} 秒。")
