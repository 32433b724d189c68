"""Search from the home page, filter by year, open a report, see the highlighted words —
on a desktop window and on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reports.models import ReportVersion
from tests.shared import SEEDS, requires_shared

REPORT = """{agency}{year}年政府信息公开工作年度报告
一、总体情况
{year}年,{agency}深化政务公开,优化门户网站{topic}专栏,推进{topic}信息公开。
二、主动公开政府信息情况
主动公开{topic}信息120条。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请15件。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议。
五、存在的主要问题及改进情况
{topic}解读形式单一。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


@pytest.fixture
def reports(live_server, upload, agency_a, agency_b) -> dict[str, Any]:
    made = {}
    for key, agency, year in (
        ("a2023", agency_a, 2023),
        ("a2022", agency_a, 2022),
        ("b2022", agency_b, 2022),
    ):
        version = upload(agency, year, REPORT.format(agency=agency.name, year=year, topic="预算"))
        assert version.status == ReportVersion.Status.INDEXED
        made[key] = version.report
    return made


def search_filter_open(page: Any, base: str, reports: dict[str, Any]) -> None:
    page.goto(base + "/")
    page.get_by_label("检索词").fill("预算")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/search/?q=*")
    assert "找到 3 份报告" in page.locator("h1").inner_text()
    assert page.locator(".snippet mark").first.inner_text() == "预算"

    # Filter by year through the facet link.
    page.locator(".facet a", has_text="2022 年").click()
    assert "找到 2 份报告" in page.locator("h1").inner_text()
    assert page.locator(".chip", has_text="2022 年").is_visible()

    # Open the first result: the report page marks the query's words.
    page.locator(".hit h2 a").first.click()
    page.wait_for_url("**/reports/**")
    assert "2022" in page.locator("h1").inner_text()
    marks = page.locator(".report-section mark")
    assert marks.count() >= 3
    assert set(marks.all_inner_texts()) == {"预算"}
    assert page.get_by_text("已标出检索词").is_visible()


def test_search_filter_and_open_a_report(page, live_server, reports):
    search_filter_open(page, live_server.url, reports)


def test_search_filter_and_open_a_report_on_a_phone(phone_page, live_server, reports):
    search_filter_open(phone_page, live_server.url, reports)
    # Nothing wider than the screen (tables scroll inside their own box).
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_year_range_form_works_without_javascript(browser, live_server, reports):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=预算")
    page.get_by_label("起始年度", exact=True).fill("2023")
    page.get_by_label("截止年度", exact=True).fill("2023")
    page.get_by_role("button", name="应用").click()
    assert "找到 1 份报告" in page.locator("h1").inner_text()
    context.close()


def test_pages_are_keyboard_reachable(page, live_server, reports):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


# ---- what the public sees can be trusted: no noise, each table once -----------------------------

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PIPE_RUN = re.compile(r"\|\s*\|")
PINYIN = re.compile(r"[\u3400-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


@pytest.fixture
def real_reports(live_server, upload, agency_a, agency_b, region_tree) -> dict[str, Any]:
    """Seed 000 (平谷: pinyin after most characters) and seed 002 (丰台: tables as cell dumps)."""
    made = {}
    for key, name, agency, year in (
        ("pinggu", "000_855a33d65c0ebe31.txt", agency_a, 2022),
        ("fengtai", "002_da4cd97813954aae.txt", agency_b, 2023),
    ):
        version = upload(agency, year, (SEEDS / name).read_text(encoding="utf-8"))
        assert version.status == ReportVersion.Status.INDEXED
        made[key] = version.report
    return made


def _visible_text(page: Any, selector: str) -> str:
    # innerText leaves out what is not rendered: the closed 原文 toggles.
    return "\n".join(page.locator(selector).all_inner_texts())


@requires_shared
def test_snippets_and_report_pages_show_no_cell_dumps_and_no_pinyin(
    page, live_server, real_reports
):
    base = live_server.url
    for q in ("政府信息公开", "行政复议", "规范落实", "申请"):
        page.goto(f"{base}/search/?q={q}")
        snippets = _visible_text(page, ".snippet")
        assert snippets, q
        assert not PIPE_RUN.search(snippets) and "|" not in snippets, (q, snippets)
        assert not PINYIN.search(snippets), (q, snippets)
    page.goto(f"{base}/search/?q=行政复议")
    # 平谷 is found by the Simplified word although its text says 行政復(fù)議.
    titles = page.locator(".hit h2 a").all_inner_texts()
    assert len(titles) == 2
    page.screenshot(path=str(SCREENSHOTS / "search_results.png"), full_page=False)
    page.locator(".search-form input").fill("规范落实")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".snippet mark").first.inner_text() == "規范落實"

    for report in real_reports.values():
        page.goto(f"{base}/reports/{report.pk}/?q=政务公开")
        text = _visible_text(page, "article")
        assert "|" not in text and not PINYIN.search(text), report.pk
    # 丰台's three tables are shown once, as tables; their source text only on request.
    page.goto(f"{base}/reports/{real_reports['fengtai'].pk}/")
    page.screenshot(path=str(SCREENSHOTS / "report_page.png"), full_page=False)
    assert page.locator("table.data").count() == 3
    toggles = page.locator("details.raw-text")
    assert toggles.count() == 3
    raw = toggles.first.locator("pre")
    assert not raw.is_visible()
    toggles.first.locator("summary").click()
    assert raw.is_visible() and "|" in raw.inner_text()
    page.evaluate("document.getElementById('s2').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "report_page_tables.png"), full_page=False)


@requires_shared
def test_original_file_downloads_from_the_report_page(page, live_server, real_reports):
    page.goto(f"{live_server.url}/reports/{real_reports['pinggu'].pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载原始文件").click()
    download = info.value
    assert download.suggested_filename == "report.txt"
    data = Path(download.path()).read_bytes()
    assert data == (SEEDS / "000_855a33d65c0ebe31.txt").read_bytes()


def test_taiwan_wording_finds_what_simplified_finds(page, live_server, upload, agency_a, agency_b):
    taiwan = REPORT.replace("深化政务公开", "依《政府資訊公開法》深化政務公開")
    for agency, year, text in (
        (agency_a, 2023, REPORT),
        (agency_b, 2022, taiwan),
        (agency_b, 2021, REPORT.replace("政府信息公开", "政务信息发布")),
    ):
        upload(agency, year, text.format(agency=agency.name, year=year, topic="预算"))
    found = {}
    for q in ("政府信息公开", "政府資訊公開"):
        page.goto(live_server.url + "/")
        page.get_by_label("检索词").fill(q)
        page.get_by_role("button", name="检索").click()
        page.wait_for_url("**/search/?q=*")
        found[q] = sorted(page.locator(".hit h2 a").evaluate_all("as => as.map(a => a.pathname)"))
    # Every report's title says 政府信息公开; the Taiwan-worded one is found by both.
    assert len(found["政府信息公开"]) == 3
    assert found["政府資訊公開"] == found["政府信息公开"]


def test_zero_results_suggest_what_to_try(page, live_server, reports):
    page.goto(live_server.url + "/search/?q=预算&year_from=2019&year_to=2019")
    assert "找到 0 份报告" in page.locator("h1").inner_text()
    suggestions = page.locator(".suggestions li")
    assert suggestions.count() >= 1
    assert "去掉全部筛选条件" in suggestions.first.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "search_empty.png"), full_page=False)
    suggestions.first.locator("a").click()
    assert "找到 3 份报告" in page.locator("h1").inner_text()
    page.goto(live_server.url + "/search/?q=预算 量子纠缠")
    assert page.locator(".suggestions", has_text="更短的检索词").is_visible()
    page.locator(".suggestions a", has_text="预算").first.click()
    assert "找到 3 份报告" in page.locator("h1").inner_text()
    assert page.locator(".search-time").is_visible()
