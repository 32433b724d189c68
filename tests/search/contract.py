"""The backend contract: one test class, run against every backend (a three-line subclass each).

A subclass provides the ``backend`` fixture. Everything here is observable behaviour a user or
the API relies on; nothing depends on how a backend stores or scores.
"""

from __future__ import annotations

import re

import pytest

from search.backends.base import BaseSearchBackend, SearchRequest
from tests.search.documents import AUDIT, BEIBEI, DOCS, GUANGZHOU, PINGGU, QIAOKOU
from tests.shared import requires_shared, seed_paths

UNPARSEABLE = [
    '"',
    '"政务',
    "(((",
    "AND OR NOT",
    "NEAR(公开 政务)",
    "title:公开",
    "{title body}: 公开",
    "公开*",
    "^公开",
    "\\",
    "'; DROP TABLE doc; --",
    "-",
    "- -- ---",
    "OR",
    "公开 OR",
    "🙂",
    "\x00",
    "公" * 500,
    '"" "" ""',
    "u公 _all _y2022",
]


def ids(results) -> list[int]:
    return [h.id for h in results.hits]


class BackendContract:
    """Subclasses define a ``backend`` fixture returning an empty backend."""

    @pytest.fixture
    def loaded(self, backend: BaseSearchBackend) -> BaseSearchBackend:
        backend.index(DOCS)
        return backend

    def search(self, backend: BaseSearchBackend, q: str = "", **kw) -> list[int]:
        return sorted(ids(backend.search(SearchRequest(q=q, **kw))))

    # -- matching ------------------------------------------------------------------------------

    def test_two_character_word_finds_every_report_containing_it(self, loaded):
        assert self.search(loaded, "复议") == [AUDIT.id]
        assert self.search(loaded, "网站") == [PINGGU.id, QIAOKOU.id, GUANGZHOU.id]

    def test_one_character_query_finds_the_character_anywhere_in_a_word(self, loaded):
        # 税 ends the run 减税 (北碚) and sits in 涉稅 (硚口, Traditional).
        assert self.search(loaded, "税") == [QIAOKOU.id, BEIBEI.id]

    def test_simplified_query_finds_traditional_report(self, loaded):
        assert self.search(loaded, "硚口") == [QIAOKOU.id]
        assert self.search(loaded, "领先奖") == [QIAOKOU.id]

    def test_traditional_query_finds_simplified_report(self, loaded):
        assert self.search(loaded, "規範性文件") == [PINGGU.id, QIAOKOU.id]

    def test_taiwan_phrasing_is_found_by_mainland_words(self, loaded):
        assert self.search(loaded, '"门户网站"') == [PINGGU.id, QIAOKOU.id, GUANGZHOU.id]
        assert self.search(loaded, "优化") == [PINGGU.id, QIAOKOU.id]

    def test_pinyin_noise_does_not_split_words(self, loaded):
        assert self.search(loaded, '"重视程度"') == [QIAOKOU.id]

    def test_phrase_is_matched_as_a_phrase(self, loaded):
        # 北碚 has 政务, 务公 and 公开 — but not side by side.
        assert BEIBEI.id in self.search(loaded, "政务公开")
        assert BEIBEI.id not in self.search(loaded, '"政务公开"')
        assert self.search(loaded, '"政务公开"') == [PINGGU.id, QIAOKOU.id, GUANGZHOU.id]

    def test_phrase_with_a_lone_character_or_across_punctuation(self, loaded):
        assert self.search(loaded, '"2022年"') == [PINGGU.id, QIAOKOU.id]
        assert self.search(loaded, '"政务公开,优化"') == [PINGGU.id]
        assert self.search(loaded, '"许"') == []
        assert self.search(loaded, "复") == [AUDIT.id]

    def test_all_words_must_match(self, loaded):
        assert self.search(loaded, "网站 疫情") == [GUANGZHOU.id]

    def test_or_matches_either_word(self, loaded):
        assert self.search(loaded, "复议 OR 疫情") == [AUDIT.id, GUANGZHOU.id]
        assert self.search(loaded, "复议 | 疫情") == [AUDIT.id, GUANGZHOU.id]

    def test_minus_excludes_a_word(self, loaded):
        assert self.search(loaded, "网站 -疫情") == [PINGGU.id, QIAOKOU.id]
        assert self.search(loaded, '网站 -"政务公开"') == []

    def test_only_exclusions_returns_the_rest(self, loaded):
        assert self.search(loaded, "-网站") == [AUDIT.id, BEIBEI.id]

    def test_title_agency_and_region_are_searchable(self, loaded):
        assert self.search(loaded, "审计局") == [AUDIT.id]
        assert self.search(loaded, "湖北") == [QIAOKOU.id]

    def test_latin_words_and_numbers(self, loaded):
        assert self.search(loaded, "SCRIPT") == [AUDIT.id]
        assert self.search(loaded, "2022年") == [PINGGU.id, QIAOKOU.id]

    @pytest.mark.parametrize("q", UNPARSEABLE)
    def test_any_typed_string_is_answered(self, loaded, q):
        results = loaded.search(SearchRequest(q=q))
        assert results.total >= 0
        assert all(h.id in {d.id for d in DOCS} for h in results.hits)

    def test_empty_query_lists_every_report_newest_year_first(self, loaded):
        results = loaded.search(SearchRequest())
        assert results.total == len(DOCS)
        assert ids(results) == [AUDIT.id, PINGGU.id, QIAOKOU.id, GUANGZHOU.id, BEIBEI.id] or ids(
            results
        ) == [AUDIT.id, QIAOKOU.id, PINGGU.id, GUANGZHOU.id, BEIBEI.id]
        assert ids(results)[:1] == [AUDIT.id]

    # -- filters, sorting, paging --------------------------------------------------------------

    def test_filters_by_region_level_agency_and_year_range(self, loaded):
        assert self.search(loaded, "公开", regions=["北京市平谷区"]) == [PINGGU.id]
        assert self.search(loaded, "公开", regions=["北京市平谷区", "重庆市北碚区"]) == [
            PINGGU.id,
            BEIBEI.id,
        ]
        assert self.search(loaded, "", level="dept") == [AUDIT.id, GUANGZHOU.id]
        assert self.search(loaded, "", agency="北京市丰台区审计局") == [AUDIT.id]
        assert self.search(loaded, "", year_from=2021, year_to=2022) == [
            PINGGU.id,
            QIAOKOU.id,
            GUANGZHOU.id,
        ]
        assert self.search(loaded, "", year_from=2023) == [AUDIT.id]
        assert self.search(loaded, "", year_to=2020) == [BEIBEI.id]
        assert self.search(loaded, "", year_from=2023, year_to=2020) == []

    def test_filters_by_table_figures(self, loaded):
        assert self.search(loaded, "", figures={"t3_new": (1000, None)}) == [AUDIT.id]
        assert self.search(loaded, "", figures={"t3_new": (100, 300)}) == [PINGGU.id, QIAOKOU.id]

    def test_sort_by_year_publication_date_and_applications(self, loaded):
        by_year = ids(loaded.search(SearchRequest(q="公开", sort="year")))
        assert by_year[0] == AUDIT.id and by_year[-1] == BEIBEI.id
        assert ids(loaded.search(SearchRequest(q="公开", sort="year_asc")))[0] == BEIBEI.id
        assert ids(loaded.search(SearchRequest(q="公开", sort="published"))) == [
            AUDIT.id,
            QIAOKOU.id,
            PINGGU.id,
            BEIBEI.id,
            GUANGZHOU.id,
        ]
        assert ids(loaded.search(SearchRequest(q="", sort="applications")))[:4] == [
            AUDIT.id,
            PINGGU.id,
            QIAOKOU.id,
            BEIBEI.id,
        ]

    def test_pages_cover_all_results_once(self, loaded):
        seen: list[int] = []
        for page in (1, 2, 3):
            results = loaded.search(SearchRequest(q="公开", per_page=2, page=page))
            assert results.total == 5
            seen += ids(results)
        assert sorted(seen) == [d.id for d in DOCS]
        assert loaded.search(SearchRequest(q="公开", per_page=2, page=4)).hits == []

    def test_relevance_puts_the_title_match_first(self, loaded):
        assert ids(loaded.search(SearchRequest(q="审计局")))[0] == AUDIT.id
        assert ids(loaded.search(SearchRequest(q="平谷 公开")))[0] == PINGGU.id

    # -- facets --------------------------------------------------------------------------------

    def test_facets_count_the_matching_reports(self, loaded):
        results = loaded.search(SearchRequest(q="网站"))
        assert results.facets["year"] == {"2022": 2, "2021": 1}
        assert results.facets["level"] == {"gov": 2, "dept": 1}
        assert results.facets["region"] == {
            "北京市平谷区": 1,
            "湖北省武汉市硚口区": 1,
            "广东省广州市某区": 1,
        }
        assert results.facets["agency"] == {
            "北京市平谷区人民政府": 1,
            "广州市某区人民政府办公室": 1,
            "武汉市硚口区人民政府": 1,
        }

    def test_facet_limit_keeps_the_largest_regions_and_agencies(self, loaded):
        every = loaded.search(SearchRequest(q="公开")).facets
        top = loaded.search(SearchRequest(q="公开", facet_limit=2)).facets
        for facet in ("region", "agency"):
            assert len(every[facet]) > 2
            expected = sorted(every[facet].items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            assert list(top[facet].items()) == expected
        # Years and levels are few: never cut.
        assert top["year"] == every["year"] and top["level"] == every["level"]

    def test_facets_follow_the_filters(self, loaded):
        results = loaded.search(SearchRequest(q="公开", year_from=2022))
        assert results.facets["year"] == {"2023": 1, "2022": 2}
        assert sum(results.facets["level"].values()) == results.total == 3

    # -- snippets ------------------------------------------------------------------------------

    def test_snippets_mark_only_the_matched_words(self, loaded):
        hit = loaded.search(SearchRequest(q="复议")).hits[0]
        html = " ".join(s.html for s in hit.snippets)
        assert set(re.findall(r"<mark>(.*?)</mark>", html)) == {"复议"}
        assert "<mark>诉讼" not in html

    def test_snippets_escape_the_reports_own_text(self, loaded):
        hit = loaded.search(SearchRequest(q="植入")).hits[0]
        html = " ".join(s.html for s in hit.snippets)
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert "<script>" not in html
        assert re.sub(r"</?mark>", "", html).count("<") == 0

    def test_snippets_show_the_reports_own_script(self, loaded):
        hit = loaded.search(SearchRequest(q="门户网站 优化")).hits
        qiaokou = next(h for h in hit if h.id == QIAOKOU.id)
        html = " ".join(s.html for s in qiaokou.snippets)
        assert "<mark>入口網站</mark>" in html
        assert "<mark>最佳化</mark>" in html

    def test_snippets_mark_through_pinyin_noise(self, loaded):
        hit = loaded.search(SearchRequest(q='"重视程度"')).hits[0]
        assert "<mark>重(zhòng)視程度</mark>" in hit.snippets[0].html

    def test_snippet_names_its_section(self, loaded):
        hit = loaded.search(SearchRequest(q="信息处理费")).hits[0]
        assert [s.section for s in hit.snippets] == ["s6"]

    # -- keeping the index true ----------------------------------------------------------------

    def test_reindexing_a_report_replaces_it(self, loaded):
        changed = type(PINGGU)(**{**PINGGU.to_json(), "published": None})
        changed.sections = {"s1": "一、总体情况\n本年度全面推行无纸化办公。"}
        loaded.index([changed])
        assert self.search(loaded, "无纸化") == [PINGGU.id]
        assert PINGGU.id not in self.search(loaded, "规范性文件")
        assert loaded.search(SearchRequest()).total == len(DOCS)

    def test_deleted_report_is_not_found(self, loaded):
        loaded.delete([QIAOKOU.id, 999])
        assert self.search(loaded, "硚口") == []
        assert loaded.search(SearchRequest()).total == len(DOCS) - 1

    def test_rebuild_gives_the_same_results(self, loaded):
        queries = ["公开", '"政务公开"', "税", "网站 -疫情", "复议 OR 疫情"]
        before = {q: ids(loaded.search(SearchRequest(q=q, sort="year"))) for q in queries}
        assert loaded.rebuild(list(DOCS)) == len(DOCS)
        after = {q: ids(loaded.search(SearchRequest(q=q, sort="year"))) for q in queries}
        assert after == before

    def test_rebuild_drops_reports_no_longer_given(self, loaded):
        loaded.rebuild([PINGGU, AUDIT])
        assert self.search(loaded, "") == [PINGGU.id, AUDIT.id]

    def test_stored_document_round_trips(self, loaded):
        doc = loaded.get(QIAOKOU.id)
        assert doc is not None
        assert doc.sections == QIAOKOU.sections
        assert doc.published == QIAOKOU.published
        assert loaded.get(12345) is None


@requires_shared
class SeedContract:
    """The five real seed reports (../shared): the issue's must-show list."""

    @pytest.fixture
    def seeds(self, backend: BaseSearchBackend) -> BaseSearchBackend:
        from tests.search.documents import seed_document

        backend.index([seed_document(p, i) for i, p in enumerate(seed_paths())])
        return backend

    def test_simplified_query_finds_the_traditional_seeds(self, seeds):
        found = sorted(ids(seeds.search(SearchRequest(q="平谷区 门户网站"))))
        assert found == [0]
        both = sorted(ids(seeds.search(SearchRequest(q='"规范性文件" 政务公开 总体情况'))))
        assert {0, 3} <= set(both)

    def test_two_and_one_character_queries_on_the_seeds(self, seeds):
        assert set(ids(seeds.search(SearchRequest(q="复议")))) == {0, 1, 2, 3, 4}
        assert set(ids(seeds.search(SearchRequest(q="礄")))) == {3}

    @pytest.mark.parametrize(
        ("q", "first"),
        [
            ("平谷", 0),
            ("丰台", 2),
            ("硚口", 3),
            ("北碚", 4),
            ("bet365", 1),
            ("京策", 2),
            ("先丰站", 2),
            ("领先奖", 3),
            ("迁移上云", 3),
            ("双元大道", 4),
            ("总金额 1450", 2),
            ("疫情防控新闻发布会", 1),
            ("高大尚平谷", 0),
            ("周检查 月通报", 3),
            ("国办发〔2020〕17号", 4),
            ("营商环境 北碚", 4),
        ],
    )
    def test_judged_query_ranks_the_right_report_first(self, seeds, q, first):
        assert ids(seeds.search(SearchRequest(q=q)))[:1] == [first]
