"""``requeue``: send processing tasks again by hand (an operator's tool, docs/pipeline.md).

Lost tasks come back by themselves (within about two minutes); this is for the cases a person
decides: a version to process again now, a whole batch, everything stuck regardless of age, or
the outbox after fixing the broker. Tasks are idempotent, so queueing too much does no harm.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import batch as batches
from reports import outbox, services
from reports.models import ImportItem, ReportVersion


class Command(BaseCommand):
    help = "重新排队处理任务：指定的版本、报告、批次或文件，或所有卡住的上传。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--versions", type=int, nargs="*", default=[], help="报告版本 ID")
        parser.add_argument(
            "--reports", type=int, nargs="*", default=[], help="报告 ID（当前版本）"
        )
        parser.add_argument("--items", type=int, nargs="*", default=[], help="批量导入文件 ID")
        parser.add_argument("--batches", type=int, nargs="*", default=[], help="批量导入批次 ID")
        parser.add_argument(
            "--stuck",
            action="store_true",
            help="所有仍为“已上传”的版本和“排队中/处理中”的文件（不论时长）",
        )
        parser.add_argument("--outbox", action="store_true", help="立即发送待发送任务（outbox）")
        parser.add_argument("--force", action="store_true", help="已完成的也重新处理（重新解析）")

    def handle(self, *args: Any, **options: Any) -> None:
        force = options["force"]
        version_ids = list(options["versions"])
        for report_id in options["reports"]:
            current = ReportVersion.objects.filter(report_id=report_id, is_current=True).first()
            if current is None:
                raise CommandError(f"报告 {report_id} 不存在或没有当前版本。")
            version_ids.append(current.pk)
        missing = set(version_ids) - set(
            ReportVersion.objects.filter(pk__in=version_ids).values_list("pk", flat=True)
        )
        if missing:
            raise CommandError(f"版本不存在：{sorted(missing)}")
        item_ids = list(options["items"])
        if options["batches"]:
            item_ids += list(
                ImportItem.objects.filter(batch_id__in=options["batches"])
                .exclude(status=ImportItem.Status.DUPLICATE)
                .exclude(sha256="")
                .values_list("pk", flat=True)
            )
        if not (version_ids or item_ids or options["stuck"] or options["outbox"]):
            raise CommandError(
                "请指定 --versions、--reports、--items、--batches、--stuck 或 --outbox。"
            )

        if version_ids:
            services.versions_requeue(version_ids, force=force)
            self.stdout.write(f"已重新排队 {len(version_ids)} 个版本。")
        if item_ids:
            batches.items_requeue(item_ids, force=force)
            self.stdout.write(f"已重新排队 {len(item_ids)} 个批量导入文件。")
        if options["stuck"]:
            versions = services.versions_requeue_stuck(older_than=dt.timedelta(0))
            items = batches.items_requeue_stuck(older_than=dt.timedelta(0))
            self.stdout.write(f"已重新排队卡住的 {versions} 个版本、{items} 个文件。")
        if options["outbox"]:
            sent = outbox.flush(older_than=dt.timedelta(0))
            self.stdout.write(f"已发送 {sent} 个待发送任务，尚余 {outbox.pending()} 个。")
