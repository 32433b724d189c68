"""Search results reused until the index changes (search/result_cache.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from reports.models import Report
from search import services
from search.backends import get_search_backend
from search.backends.base import SearchRequest
from search.selectors import search_reports
from tests.search.test_services import make_version, record_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_runs(settings, monkeypatch) -> list[str]:
    """The result cache on; the queries the search engine itself answered, in order."""
    settings.SEARCH_RESULT_CACHE_SECONDS = 300
    cache.clear()
    backend = get_search_backend()
    search = backend.search
    runs: list[str] = []

    def counted(request: SearchRequest) -> Any:
        runs.append(request.q)
        return search(request)

    monkeypatch.setattr(backend, "search", counted)
    return runs


def searched(q: str, **kw: Any) -> list[int]:
    return sorted(h.id for h in search_reports(SearchRequest(q=q, **kw)).hits)


def test_a_repeated_search_is_answered_without_the_engine(engine_runs, agency_a, agency_b):
    first = make_version(agency_a, 2022, record_with("预算公开专栏"))
    second = make_version(agency_b, 2023, record_with("预算执行情况"))
    services.index_report(first)
    services.index_report(second)

    assert searched("预算") == [first.pk, second.pk]
    assert searched("预算") == [first.pk, second.pk]
    assert searched("预算", year_from=2023) == [second.pk]  # another request: its own entry
    assert engine_runs == ["预算", "预算"]
    again = search_reports(SearchRequest(q="预算"))
    assert again.total == 2 and any("<mark>" in s.html for h in again.hits for s in h.snippets)


def test_every_index_write_is_seen_by_the_next_search(engine_runs, agency_a, agency_b):
    first = make_version(agency_a, 2022, record_with("预算公开专栏"))
    services.index_report(first)
    assert searched("预算") == [first.pk]

    # A new report indexed: found at once, not the cached answer without it.
    second = make_version(agency_b, 2023, record_with("预算执行情况"))
    services.index_report(second)
    assert searched("预算") == [first.pk, second.pk]

    # Held back from the public: gone at once.
    Report.objects.filter(pk=first.pk).update(held_reason="机关名称与文本不符")
    services.index_report(Report.objects.get(pk=first.pk))
    assert searched("预算") == [second.pk]

    # Removed from the index (withdrawn): gone at once.
    services.delete_report(second.pk)
    assert searched("预算") == []

    # Rebuilt from the database: the cached empty answer is not reused.
    Report.objects.filter(pk=first.pk).update(held_reason="")
    Report.objects.filter(pk=second.pk).update(held_reason="已撤回")
    assert services.rebuild_index() == 1
    assert searched("预算") == [first.pk]
    assert engine_runs == ["预算"] * 5


def test_off_when_its_lifetime_is_zero(engine_runs, settings, agency_a):
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    report = make_version(agency_a, 2022, record_with("预算公开专栏"))
    services.index_report(report)
    assert searched("预算") == searched("预算") == [report.pk]
    assert engine_runs == ["预算", "预算"]


def test_a_cache_that_does_not_answer_never_fails_a_search_or_a_save(
    engine_runs, settings, agency_a
):
    # A real Redis client pointed at a closed port: every cache call fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    report = make_version(agency_a, 2022, record_with("预算公开专栏"))
    assert services.index_report(report) is True
    assert searched("预算") == searched("预算") == [report.pk]
    assert engine_runs == ["预算", "预算"]


def test_the_results_page_is_reused_until_the_index_changes(
    engine_runs, client, agency_a, agency_b
):
    first = make_version(agency_a, 2022, record_with("预算公开专栏"))
    services.index_report(first)
    pages = [client.get("/search/", {"q": "预算"}).content.decode() for _ in range(2)]
    assert engine_runs == ["预算"]
    for html in pages:
        # The time is this request's, never the kept page's placeholder.
        assert re.search(r'用时 <span class="elapsed">\d+\.\d{3}</span> 秒', html)
        assert "elapsed-" not in html
        assert f"/reports/{first.pk}/" in html and "找到 1 份报告" in html

    second = make_version(agency_b, 2023, record_with("预算执行情况"))
    services.index_report(second)
    html = client.get("/search/", {"q": "预算"}).content.decode()
    assert "找到 2 份报告" in html and f"/reports/{second.pk}/" in html
    assert engine_runs == ["预算", "预算"]


def test_a_new_release_never_reuses_the_previous_ones_pages(settings, tmp_path):
    from search.result_cache import build_id

    templates, static = tmp_path / "templates", tmp_path / "static"
    (templates / "search").mkdir(parents=True)
    static.mkdir()
    page = templates / "search" / "results.html"
    page.write_text("<p>旧版</p>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]
    settings.STATIC_ROOT = static

    def release() -> str:
        build_id.cache_clear()
        return build_id()

    try:
        first = release()
        assert release() == first  # the same files: the same release
        page.write_text("<p>新版</p>", encoding="utf-8")
        second = release()
        assert second != first  # a template changed
        (static / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.1a2b.css"}}')
        assert release() not in (first, second)  # the hashed static names changed
    finally:
        build_id.cache_clear()
