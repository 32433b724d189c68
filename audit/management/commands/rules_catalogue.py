"""``rules_catalogue``: write docs/rules.md from the rule registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.catalogue import CATALOGUE_PATH, render, write


class Command(BaseCommand):
    help = "根据审核规则登记表生成规则目录 docs/rules.md。"
    requires_system_checks: tuple[str, ...] = ()
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=CATALOGUE_PATH, help="输出文件路径")
        parser.add_argument("--check", action="store_true", help="只检查文件是否最新，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"]
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != render():
                self.stderr.write(f"{path} 不是最新的，请运行 manage.py rules_catalogue。")
                raise SystemExit(1)
            self.stdout.write(f"{path} 是最新的。")
            return
        write(path)
        self.stdout.write(f"已写入 {path}")
