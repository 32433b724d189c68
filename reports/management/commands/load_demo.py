"""``load_demo``: a demo admin, demo staff, the project's demo region and the sample reports.

Used by ``make run``. Idempotent: files already imported are not imported again and existing
users keep their passwords. Refuses to run with ``DEBUG`` off unless ``--force`` is given (it
creates accounts with well-known passwords).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.generate import generate_demo
from demo.region import CITY, CITY_CODE
from reports import outbox
from reports.models import Agency, StaffProfile

DEMO_PASSWORD = "gxnb-demo-2024"
SEEDS_DIR = settings.BASE_DIR.parent / "shared" / "fixtures" / "seeds"


# The demo accounts' scopes: the clerk enters this department's reports, the auditor reviews the
# demo city and everything below it.
DEMO_CLERK_AGENCY = f"{CITY}人力资源和社会保障局"
DEMO_AUDITOR_CITY = f"{CITY}人民政府"


class Command(BaseCommand):
    help = "载入演示数据：演示管理员与工作人员、项目自带的演示地区年报，以及样例年报（如有）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", default=str(settings.VAR_DIR / "demo"), help="演示文件的生成目录"
        )
        parser.add_argument("--seeds", default=str(SEEDS_DIR), help="样例年报目录（存在时导入）")
        parser.add_argument("--no-seeds", action="store_true", help="不导入样例年报")
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭时也执行（慎用）")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="打印登录地址时用的站点地址"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("演示数据会创建公开密码的账号，只用于开发环境（或加 --force）。")

        if not outbox.in_process():
            self.stdout.write("已配置任务队列：演示数据在本进程中直接处理（不等待 worker）。")
        # Ready when the command returns, with or without a running worker.
        with outbox.running_in_process():
            self._import_demo(Path(options["out"]))
            seeds = Path(options["seeds"])
            if not options["no_seeds"] and seeds.is_dir():
                self.stdout.write(f"导入样例年报：{seeds}")
                call_command("import_reports", *sorted(str(p) for p in seeds.glob("*.txt")))

        admin = self._user("admin", superuser=True)
        # Fixed by name, so a second run (or an agency added in between) changes no scope.
        clerk_agency = Agency.objects.filter(name=DEMO_CLERK_AGENCY).first()
        city = Agency.objects.filter(name=DEMO_AUDITOR_CITY, region_code=CITY_CODE).first()
        clerk = self._user("luru", role=StaffProfile.Role.CLERK, agencies=[clerk_agency])
        auditor = (
            self._user(
                "shenhe",
                role=StaffProfile.Role.AUDITOR,
                region_code=city.region_code,
                region_name=city.region_name,
            )
            if city
            else None
        )

        self.stdout.write(self.style.SUCCESS(f"演示账号（密码均为 {DEMO_PASSWORD}）："))
        self.stdout.write(f"  管理员  {admin.username}")
        if clerk_agency:
            self.stdout.write(f"  录入员  {clerk.username}（{clerk_agency.name}）")
        if auditor and city:
            self.stdout.write(f"  审核员  {auditor.username}（{city.region_name} 及下级）")
        self.stdout.write(f"  登录：{options['base_url'].rstrip('/')}/admin/")

    def _import_demo(self, out: Path) -> None:
        manifest = generate_demo(out)
        self.stdout.write(f"导入演示地区：{manifest}")
        call_command("import_reports", manifest=str(manifest))

    def _user(
        self,
        username: str,
        *,
        superuser: bool = False,
        role: str | None = None,
        agencies: list[Agency | None] | None = None,
        region_code: str = "",
        region_name: str = "",
    ) -> Any:
        users = get_user_model().objects
        user = users.filter(username=username).first()
        if user is None:
            if superuser:
                user = users.create_superuser(username, "", DEMO_PASSWORD)
            else:
                user = users.create_user(username, "", DEMO_PASSWORD, is_staff=True)
        if role:
            profile, _ = StaffProfile.objects.update_or_create(
                user=user,
                defaults={"role": role, "region_code": region_code, "region_name": region_name},
            )
            profile.agencies.set([a for a in agencies or [] if a is not None])
        return user
