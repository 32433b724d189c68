"""``reaudit``: re-audit current report versions audited by an older rule set (or all of them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit import services
from audit.rules import RULESET_VERSION
from reports.models import ReportVersion


class Command(BaseCommand):
    help = "重新审核规则集版本已过时的当前报告版本（加 --all 则全部重新审核）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="重新审核全部当前版本")
        parser.add_argument("--limit", type=int, default=None, help="最多审核多少个版本")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            versions = ReportVersion.objects.filter(is_current=True, record__isnull=False)
            done = 0
            for version in versions.select_related("report__agency").order_by("report__year"):
                if options["limit"] is not None and done >= options["limit"]:
                    break
                services.audit_version(version)
                done += 1
        else:
            done = services.reaudit_outdated(limit=options["limit"])
        self.stdout.write(f"规则集 {RULESET_VERSION}：已重新审核 {done} 个报告版本。")
