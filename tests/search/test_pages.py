"""Public pages and the JSON API, through the real pipeline (upload → parse → index)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from reports.models import ReportVersion
from tests.shared import SEEDS, requires_shared

REPORT = """东城区财政局2023年政府信息公开工作年度报告
一、总体情况
2023年,东城区财政局深化政务公开,优化门户网站预算公开专栏。曾有人提交<script>alert(1)</script>内容。
二、主动公开政府信息情况
主动公开预算决算信息120条。
三、收到和处理政府信息公开申请情况
本年新收政府信息公开申请15件。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议。
五、存在的主要问题及改进情况
预算解读形式单一。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


@pytest.fixture
def published(upload, agency_a, agency_b) -> dict[str, Any]:
    a = upload(agency_a, 2023, REPORT, published="2024-01-20")
    b = upload(
        agency_b,
        2022,
        REPORT.replace("东城区财政局", "青川市生态环境局").replace("预算", "环评"),
    )
    assert a.status == b.status == ReportVersion.Status.INDEXED
    return {"a": a.report, "b": b.report}


@pytest.mark.django_db
def test_home_page_has_the_search_box_and_recent_reports(client, published):
    html = client.get("/").content.decode()
    assert 'name="q"' in html and 'role="search"' in html
    assert "青川市生态环境局" in html and "东城区财政局" in html


@pytest.mark.django_db
def test_results_page_shows_count_facets_and_marked_snippets(client, published):
    html = client.get("/search/", {"q": "预算"}).content.decode()
    assert "找到 1 份报告" in html
    assert "<mark>预算</mark>" in html
    assert "2023 年" in html and "部门" in html  # facets
    assert f"/reports/{published['a'].pk}/?q=" in html


@pytest.mark.django_db
def test_results_page_escapes_report_text(client, published):
    html = client.get("/search/", {"q": "提交"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_year_facet_link_filters_by_year(client, published):
    html = client.get("/search/", {"q": "公开"}).content.decode()
    link = re.search(r'href="(\?[^"]*year_from=2022[^"]*)"', html).group(1)
    filtered = client.get("/search/" + link.replace("&amp;", "&")).content.decode()
    assert "找到 1 份报告" in filtered and "青川市生态环境局" in filtered
    assert "东城区财政局2023" not in filtered


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"', "(((", "-", "公开 OR", "\\", "x" * 500, "🙂"])
def test_any_query_gets_a_page(client, published, q):
    assert client.get("/search/", {"q": q, "page": "abc", "year_from": "x"}).status_code == 200


@pytest.mark.django_db
def test_report_page_shows_sections_tables_and_highlights(client, published):
    pk = published["a"].pk
    html = client.get(f"/reports/{pk}/", {"q": "预算"}).content.decode()
    assert "一、总体情况" in html and "六、其他需要报告的事项" in html
    assert "<mark>预算</mark>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html


@pytest.mark.django_db
def test_unknown_report_is_404(client, published):
    assert client.get("/reports/999999/").status_code == 404


@pytest.mark.django_db
def test_statistics_page_counts_reports_per_year(client, published):
    html = client.get("/stats/").content.decode()
    assert "共收录 2 份" in html
    assert "2022 年" in html and "2023 年" in html


@pytest.mark.django_db
def test_api_search_shape(client, published):
    body = client.get("/api/search", {"q": "预算", "level": "dept"}).json()
    assert set(body) == {"total", "total_exact", "page", "pages", "results", "facets"}
    assert body["total"] == 1
    hit = body["results"][0]
    assert set(hit) == {"id", "title", "agency", "region", "year", "url", "snippets"}
    assert hit["id"] == published["a"].pk and hit["year"] == 2023
    assert any("<mark>预算</mark>" in s for s in hit["snippets"])
    assert body["facets"]["year"] == {"2023": 1}
    assert body["facets"]["level"] == {"dept": 1}


@pytest.mark.django_db
def test_api_search_filters_and_sorts(client, published):
    body = client.get(
        "/api/search", {"q": "公开", "year_from": 2022, "year_to": 2022, "sort": "year"}
    ).json()
    assert [r["id"] for r in body["results"]] == [published["b"].pk]
    body = client.get("/api/search", {"region": ["东城区", "青川市"], "sort": "year"}).json()
    assert [r["id"] for r in body["results"]] == [published["a"].pk, published["b"].pk]


@pytest.mark.django_db
def test_api_search_never_fails_on_user_text(client, published):
    for q in ['"', "(((", "NOT", "-", "{title}:x"]:
        assert client.get("/api/search", {"q": q}).status_code == 200


@pytest.mark.django_db
def test_api_report_and_problem_details(client, published):
    pk = published["a"].pk
    body = client.get(f"/api/reports/{pk}").json()
    assert body["agency"] == "云州市东城区财政局" and body["year"] == 2023
    assert [s["key"] for s in body["sections"]][:1] == ["s1"]
    missing = client.get("/api/reports/999999")
    assert missing.status_code == 404
    assert missing.json()["status"] == 404 and missing.json()["title"]


@pytest.mark.django_db
def test_api_routes_are_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert paths["/api/search"]["get"]["summary"] == "全文检索年度报告"
    assert "/api/reports/{report_id}" in paths


@pytest.mark.django_db
def test_api_lists_reports_newest_year_first(client, published):
    body = client.get("/api/reports").json()
    assert body["total"] == 2
    assert [r["id"] for r in body["results"]] == [published["a"].pk, published["b"].pk]
    only = client.get("/api/reports", {"year_to": 2022}).json()
    assert [r["id"] for r in only["results"]] == [published["b"].pk]


@requires_shared
@pytest.mark.django_db
def test_report_page_renders_the_tables_as_tables(client, upload, agency_a):
    text = (SEEDS / "002_da4cd97813954aae.txt").read_text(encoding="utf-8")
    version = upload(agency_a, 2023, text)
    html = client.get(f"/reports/{version.report_id}/").content.decode()
    assert html.count("<table") == 3
    assert '<td class="num">2111</td>' in html  # 表三 NEW, 自然人
    assert '<td class="num">5098.4139</td>' in html  # 表二 行政事业性收费（万元）
    assert "一、本年新收政府信息公开申请数量" in html and "行政复议" in html
