"""``generate_demo OUT_DIR``: write the fictional demo region's reports and print the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.generate import generate_demo


class Command(BaseCommand):
    help = "生成演示数据（虚构的望川市三个年度的政府信息公开工作年度报告），输出清单文件路径。"
    # Writing files needs neither a database nor migrations.
    requires_system_checks: tuple[str, ...] = ()
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", metavar="OUT_DIR", type=Path)
        parser.add_argument(
            "--seed", type=int, default=2024, help="随机种子（相同种子生成相同文件）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = generate_demo(options["out_dir"], seed=options["seed"])
        self.stdout.write(str(manifest))
