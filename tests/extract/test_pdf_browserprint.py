"""PDF: a web page printed by Chromium — its header and footer (print stamp and page title, page
URL and ``n/m``) are margin furniture, removed by position like page numbers."""

from __future__ import annotations

import re

import pytest

from reader.extract import Paragraph, extract
from tests.extract import browserprint as bp


@pytest.fixture(scope="module")
def printed() -> bytes:
    if bp.chromium() is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    return bp.print_pdf(bp.page_html(width="40%", border="none"))


def test_print_header_and_footer_are_removed(printed: bytes) -> None:
    result = extract(printed, "qinghe.pdf")
    assert "file://" not in result.text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{2},? \d{1,2}:\d{2}", result.text)
    texts = [b.text for b in result.blocks if isinstance(b, Paragraph)]
    assert not any(re.fullmatch(r"\d{1,3}/\d{1,3}", t) for t in texts)
    # the report's own title stays: once in the metadata line, once as the heading
    assert sum(1 for t in texts if t == bp.TITLE) == 1


def test_rows_around_a_page_break_keep_their_text(printed: bytes) -> None:
    """The row cut by a page break (2.申请人逾期未按收费通知…) has no furniture in between."""
    text = extract(printed, "qinghe.pdf").text
    start = text.index("2.申请")
    end = text.index("3.其他")
    assert "青禾县人民政府2023年" not in text[start:end]
    assert "0 0 0 0 0 0 0" in text[start:end]
