"""Browser: a clerk uploads a ZIP in the admin and watches the batch reach 100 %.

The page is opened while every file is still 排队中 (no worker yet); then a real ``celery worker``
process starts on the Redis broker and the page, refreshing itself, shows the files finish — one
deliberately broken PDF as 失败 with its reason. A screenshot goes to ``docs/screenshots/``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.pipeline.workers import (  # noqa: F401 — fixtures
    broker,
    needs_redis,
    start_worker,
    use_a_file_for_the_sqlite_test_database,
    worker_env,
)

# The worker process must reach the live server's database: a file, not memory.
use_a_file_for_the_sqlite_test_database()

pytestmark = [pytest.mark.slow, needs_redis, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
REPORT = """云州市东城区财政局{year}年政府信息公开工作年度报告
本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。
一、总体情况
{year}年，云州市东城区财政局认真贯彻落实《中华人民共和国政府信息公开条例》。
二、主动公开政府信息情况
本年主动公开文件12件。
"""


def batch_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for year in range(2018, 2024):
            zf.writestr(f"东城区财政局/{year}年报.txt", REPORT.format(year=year))
        zf.writestr("东城区财政局/损坏的年报.pdf", b"%PDF-1.7\n this is not really a PDF \x00\x01")
    return path


def test_clerk_uploads_a_zip_and_watches_it_reach_100_percent(
    page: Any,
    live_server: Any,
    clerk: Any,
    staff_password: str,
    start_worker: Any,  # noqa: F811 — the fixture imported above
    tmp_path: Path,
) -> None:
    base = live_server.url
    page.goto(base + "/admin/gxnb_portal/importbatch/add/")
    page.wait_for_url("**/login/**")
    page.fill('input[name="username"]', clerk.get_username())
    page.fill('input[name="password"]', staff_password)
    page.locator('input[type="submit"], button[type="submit"]').first.click()
    page.wait_for_url("**/importbatch/add/")

    page.set_input_files('input[name="archive"]', str(batch_zip(tmp_path / "年报.zip")))
    page.get_by_role("button", name="上传并开始处理").click()
    page.wait_for_url("**/importbatch/*/change/")

    # No worker yet: everything waits in the queue.
    assert page.locator("#batch-percent").inner_text() == "0 %"
    assert page.locator(".batch-status-queued").count() == 7

    worker = start_worker("w1")
    try:
        page.locator("#batch-finished").wait_for(state="visible", timeout=120_000)
    except Exception:
        from reports.models import ImportItem

        states = list(ImportItem.objects.values_list("filename", "status", "message"))
        pytest.fail(f"the batch did not finish: {states}\n{worker.tail()}")
    assert page.locator("#batch-percent").inner_text() == "100 %"
    assert page.locator("#batch-bar").get_attribute("aria-valuenow") == "100"
    assert page.locator(".batch-status-done").count() == 6
    broken = page.locator("tr", has_text="损坏的年报.pdf")
    assert broken.locator(".batch-status").inner_text() == "失败"
    reason = broken.locator(".batch-message").inner_text().strip()
    assert reason and any("\u4e00" <= ch <= "\u9fff" for ch in reason)
    assert page.locator('[data-count="failed"]').inner_text() == "1"
    assert page.locator("#batch-retry-button").is_enabled()

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "batch_progress.png"), full_page=True)
