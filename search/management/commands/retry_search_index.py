"""``manage.py retry_search_index``: retry index writes that failed earlier."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search.models import IndexQueue
from search.services import retry_pending


class Command(BaseCommand):
    help = "重试此前失败的检索索引写入。"

    def handle(self, *args: Any, **options: Any) -> None:
        done = retry_pending()
        left = IndexQueue.objects.count()
        self.stdout.write(f"成功 {done} 项，仍待重试 {left} 项。")
