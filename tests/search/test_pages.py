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
        # Its own year in the text: a year the text contradicts is held back.
        REPORT.replace("东城区财政局", "青川市生态环境局")
        .replace("预算", "环评")
        .replace("2023", "2022"),
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


# ---- what the public reads: the repaired prose, each table once --------------------------------

PIPE_RUN = re.compile(r"\|\s*\|\s*\|")
PINYIN = re.compile(r"[\u3400-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def _snippets(client, q: str) -> list[str]:
    return [s for r in client.get("/api/search", {"q": q}).json()["results"] for s in r["snippets"]]


@requires_shared
@pytest.mark.django_db
def test_pinyin_noise_is_searchable_and_never_shown(client, upload, agency_a):
    # Seed 000 (平谷) has pinyin after most characters (行政復(fù)議); its only mention of
    # 行政复议 is its opening paragraph and its section heading.
    text = (SEEDS / "000_855a33d65c0ebe31.txt").read_text(encoding="utf-8")
    version = upload(agency_a, 2022, text)
    found = client.get("/api/search", {"q": "行政复议"}).json()
    assert [r["id"] for r in found["results"]] == [version.report_id]
    for q in ("行政复议", "规范落实", "政务公开", "发出收费通知"):
        snippets = _snippets(client, q)
        assert snippets, q
        for s in snippets:
            assert not PINYIN.search(s), (q, s)
    assert "<mark>規范落實</mark>法定義務" in "".join(_snippets(client, "规范落实"))
    page = client.get(f"/reports/{version.report_id}/", {"q": "规范落实"}).content.decode()
    assert "<mark>規范落實</mark>法定義務" in page
    assert not PINYIN.search(page)
    assert not PINYIN.search(str(client.get(f"/api/reports/{version.report_id}").json()))


@requires_shared
@pytest.mark.django_db
def test_tables_are_shown_once_and_snippets_hold_no_cell_dumps(client, upload, agency_a):
    text = (SEEDS / "002_da4cd97813954aae.txt").read_text(encoding="utf-8")
    version = upload(agency_a, 2023, text)
    for q in ("政府信息公开", "行政复议", "申请", "2111"):
        for s in _snippets(client, q):
            assert "|" not in s, (q, s)
    html = client.get("/search/", {"q": "政府信息公开"}).content
    assert not PIPE_RUN.search(html.decode())
    page = client.get(f"/reports/{version.report_id}/").content.decode()
    assert page.count("<table") == 3
    # The text the tables were read from only behind the 原文 toggle, once per table section.
    assert page.count('<details class="raw-text">') == 3
    before_toggles = re.sub(r'<details class="raw-text">.*?</details>', "", page, flags=re.S)
    assert "|" not in before_toggles
    assert "一、本年新收政府信息公开申请数量 |" in page  # kept, escaped, in the toggle


@pytest.mark.django_db
def test_prose_around_a_table_dump_stays_searchable(client, upload, agency_a):
    text = REPORT.replace(
        "本年新收政府信息公开申请15件。",
        "本年新收政府信息公开申请15件。\n申请人情况 |\n自然人<script>x()</script> |\n| | | |\n15 |\n"
        "办理结果均已答复。",
    )
    version = upload(agency_a, 2023, text)
    assert [r["id"] for r in client.get("/api/search", {"q": "均已答复"}).json()["results"]] == [
        version.report_id
    ]
    assert client.get("/api/search", {"q": "自然人"}).json()["total"] == 0  # a table label
    page = client.get(f"/reports/{version.report_id}/").content.decode()
    assert "办理结果均已答复" in page and "<pre>申请人情况 |" in page
    assert "自然人&lt;script&gt;x()&lt;/script&gt; |" in page and "<script>x()" not in page


@pytest.mark.django_db
def test_original_file_downloads_from_the_public_page_as_an_attachment(client, upload, agency_a):
    html_report = "<html><body><script>alert(1)</script><pre>" + REPORT + "</pre></body></html>"
    version = upload(agency_a, 2023, html_report, filename="报告.html")
    page = client.get(f"/reports/{version.report_id}/").content.decode()
    url = f"/reports/{version.report_id}/original/"
    assert f'href="{url}"' in page and "下载原始文件" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"  # never rendered as HTML
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == html_report.encode("utf-8")


@pytest.mark.django_db
def test_original_file_of_a_report_the_public_may_not_read_is_404(client, upload, agency_a):
    version = upload(agency_a, 2023, b"%PDF-1.4 broken", filename="broken.pdf")
    assert version.status == ReportVersion.Status.FAILED
    assert client.get(f"/reports/{version.report_id}/original/").status_code == 404
    assert client.get("/reports/999999/original/").status_code == 404


@pytest.mark.django_db
def test_taiwan_wording_finds_what_the_simplified_words_find(client, published, upload, agency_b):
    taiwan = upload(
        agency_b,
        2021,
        REPORT.replace("东城区财政局", "青川市生态环境局")
        .replace("深化政务公开", "依《政府資訊公開法》深化政務公開")
        .replace("2023", "2021"),  # its own year: a contradicted year is held back
    )
    simplified = client.get("/api/search", {"q": "政府信息公开"}).json()
    traditional = client.get("/api/search", {"q": "政府資訊公開"}).json()
    assert simplified["total"] == 3
    assert sorted(r["id"] for r in traditional["results"]) == sorted(
        r["id"] for r in simplified["results"]
    )
    marked = [
        s for r in traditional["results"] if r["id"] == taiwan.report_id for s in r["snippets"]
    ]
    assert any("<mark>政府資訊公開</mark>" in s for s in marked)


# ---- what users expect of a search --------------------------------------------------------------


@pytest.mark.django_db
def test_region_facet_counts_the_districts_below_a_city(client, region_tree, upload):
    # 东城区 (450902) is a district of 云州市 (450900); 青川市 is another city.
    district = upload(region_tree["agency_a"], 2023, REPORT)
    city = upload(region_tree["city_dept"], 2023, REPORT.replace("东城区财政局", "云州市教育局"))
    other = upload(
        region_tree["agency_b"], 2023, REPORT.replace("东城区财政局", "青川市生态环境局")
    )
    html = client.get("/search/", {"q": "预算"}).content.decode()
    facet = re.search(r"<h3>地区</h3>(.*?)</section>", html, re.S).group(1)
    city_item = re.search(r">云州市</a> <span class=\"count\">(\d+)</span>", facet)
    assert city_item and city_item.group(1) == "2"  # its own report and 东城区's
    assert re.search(r'下辖地区">\s*<li><a [^>]*>东城区</a> <span class="count">1</span>', facet)
    # The city's link finds the district's report too; the district's only its own.
    by_city = client.get("/api/search", {"q": "预算", "region": "云州市"}).json()
    assert sorted(r["id"] for r in by_city["results"]) == sorted(
        [district.report_id, city.report_id]
    )
    by_district = client.get("/api/search", {"q": "预算", "region": "东城区"}).json()
    assert [r["id"] for r in by_district["results"]] == [district.report_id]
    assert other.report_id not in [r["id"] for r in by_city["results"]]


def test_region_facet_leaves_out_reports_without_a_region():
    # OpenSearch counts the empty region of agencies without one as a term of its own.
    from search.regions import region_tree

    tree = region_tree({"": 5, "云州市": 2, "东城区": 1}, {"云州市": "450900", "东城区": "450902"})
    assert [(n.name, n.count) for n in tree] == [("云州市", 3)]
    assert [(c.name, c.count) for c in tree[0].children] == [("东城区", 1)]


@pytest.mark.django_db
def test_agency_facet_lists_and_filters_by_agency(client, published):
    html = client.get("/search/", {"q": "公开"}).content.decode()
    facet = re.search(r"<h3>发布机关</h3>(.*?)</section>", html, re.S).group(1)
    assert "云州市东城区财政局" in facet and "青川市生态环境局" in facet
    link = re.search(r'href="([^"]*)"[^>]*>青川市生态环境局</a>', facet).group(1)
    filtered = client.get("/search/" + link.replace("&amp;", "&")).content.decode()
    assert "找到 1 份报告" in filtered
    body = client.get("/api/search", {"q": "公开"}).json()
    assert body["facets"]["agency"] == {"云州市东城区财政局": 1, "青川市生态环境局": 1}


@pytest.mark.django_db
def test_results_show_the_search_time_and_the_sorted_by_number(client, published):
    html = client.get("/search/", {"q": "公开", "sort": "applications"}).content.decode()
    assert re.search(r'用时 <span class="elapsed">\d+\.\d{3}</span> 秒', html)
    # Both reports say 本年新收政府信息公开申请15件 but have no table 三: the page says so.
    assert html.count("本年新收申请：") == 2
    by_year = client.get("/search/", {"q": "公开", "sort": "year"}).content.decode()
    assert "报告年度：2023 年" in by_year and "报告年度：2022 年" in by_year
    assert "本年新收申请" not in client.get("/search/", {"q": "公开"}).content.decode()


@requires_shared
@pytest.mark.django_db
def test_applications_sort_shows_each_reports_number(client, upload, agency_a, agency_b):
    upload(agency_a, 2023, (SEEDS / "002_da4cd97813954aae.txt").read_text(encoding="utf-8"))
    upload(agency_b, 2020, (SEEDS / "004_806d6c890c9d0d8d.txt").read_text(encoding="utf-8"))
    html = client.get("/search/", {"sort": "applications"}).content.decode()
    values = re.findall(r'<p class="sort-value">本年新收申请：(\d+) 件</p>', html)
    assert values == ["2180", "50"]


@pytest.mark.django_db
def test_zero_results_suggest_what_to_try(client, published):
    # Filters that exclude the match: the same words without them.
    html = client.get("/search/", {"q": "预算", "year_from": 2020, "year_to": 2020}).content
    page = html.decode()
    assert "没有找到符合条件的报告" in page and "去掉全部筛选条件" in page
    assert re.search(r'<a href="\?q=%E9%A2%84%E7%AE%97">预算</a> <span class="count">1 份', page)
    # A word the reports do not have beside one they do: a shorter query.
    page = client.get("/search/", {"q": "预算 量子纠缠"}).content.decode()
    assert "更短的检索词" in page and ">预算</a>" in page
    # Taiwan wording the list does not know: the mainland wording.
    page = client.get("/search/", {"q": "入口網站 軟體"}).content.decode()
    assert "简繁 / 两岸用语" in page or "更短的检索词" in page
    # Nothing to suggest: the plain advice.
    page = client.get("/search/", {"q": "量子纠缠"}).content.decode()
    assert "可以减少检索词" in page


def test_script_variants_and_shorter_queries():
    from search.suggest import script_variant, shorter_queries

    assert script_variant("政府資訊公開") == "政府信息公开"
    assert script_variant("軟體") == "软件"
    assert script_variant("门户网站") == "入口網站"
    assert script_variant("ipv6") is None
    assert shorter_queries("预算 量子纠缠") == ["预算", "量子纠缠"]
    assert shorter_queries('"政务公开专栏"') == ["政务公开专栏", "政务公开", "公开专栏"]
    assert shorter_queries("公开") == []


@pytest.mark.django_db
def test_the_api_lists_at_most_fifty_regions_and_agencies_largest_first(client, upload):
    from reports.models import Agency
    from search.api import FACET_LIMIT

    for i in range(FACET_LIMIT + 5):
        agency = Agency.objects.create(
            name=f"测试{i:02d}局", level=Agency.Level.DEPT, region_name=f"测试{i:02d}区"
        )
        upload(agency, 2023, REPORT.replace("东城区财政局", agency.name))
        if i == FACET_LIMIT + 4:  # the last agency, with a second report, must stay listed
            upload(
                agency, 2022, REPORT.replace("东城区财政局", agency.name).replace("2023", "2022")
            )
    facets = client.get("/api/search", {"q": "预算"}).json()["facets"]
    assert len(facets["agency"]) == FACET_LIMIT and len(facets["region"]) == FACET_LIMIT
    assert next(iter(facets["agency"].items())) == (f"测试{FACET_LIMIT + 4:02d}局", 2)
