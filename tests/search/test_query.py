"""The query language: parsed once, never an error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from search.query import parse_query


def texts(q: str) -> list[list[tuple[str, bool]]]:
    return [[(t.text, t.phrase) for t in g] for g in parse_query(q).groups]


def test_words_phrases_or_and_exclusions():
    parsed = parse_query('政务 "门户网站" 复议 OR 诉讼 -疫情 -"行政许可"')
    assert texts(parsed.raw) == [
        [("政务", False)],
        [("门户网站", True)],
        [("复议", False), ("诉讼", False)],
    ]
    assert [(t.text, t.phrase) for t in parsed.excluded] == [("疫情", False), ("行政许可", True)]


def test_chinese_quotes_and_traditional_queries():
    assert texts("“政務公開” 「入口網站」") == [[("政务公开", True)], [("门户网站", True)]]


def test_unbalanced_quote_reads_plain_words():
    assert texts('"政务 公开') == [[("政务", False)], [("公开", False)]]


def test_lone_character_uses_single_characters():
    term = parse_query("税").groups[0][0]
    assert (term.field, term.tokens) == ("uni", ("税",))
    assert parse_query("2022年").groups[0][0].field == "uni"


def test_punctuation_only_and_operators_alone_are_dropped():
    assert parse_query("!!! OR | - ,,,").is_empty


@given(st.text(max_size=300))
def test_any_text_parses(raw):
    parsed = parse_query(raw)
    assert len(parsed.positive_terms) + len(parsed.excluded) <= 12
    for term in (*parsed.positive_terms, *parsed.excluded):
        assert term.tokens and all(" " not in t and '"' not in t for t in term.tokens)
