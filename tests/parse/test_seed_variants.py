"""The real seed reports, rewritten the ways copies of reports differ, keep all six sections.

Each variant is a transformation seen in scraped or converted reports (domain.md §2.1, §5.4):
Traditional script, Taiwan phrasing, pinyin noise, other ordinal styles, Markdown, headings run
into their body or into the previous line, line breaks lost altogether, headings broken over two
lines, CRLF and indentation.
"""

from __future__ import annotations

import random
import re

import opencc
import pytest

from reader.extract.blocks import Extracted, Paragraph
from reader.parse import parse
from reader.record import SECTION_KEYS
from tests.shared import requires_shared, seed_paths

pytestmark = [requires_shared, pytest.mark.shared]

# Section headings at a line start (either script; seed 000 has pinyin right after 主動).
_START = r"(?:總體|总体|主動|主动|收到|政府信息公|存在的|其他)"
HEAD = re.compile(r"^([一二三四五六])、(?=" + _START + ")", re.M)
HEAD_LINE = re.compile(r"^([一二三四五六]、" + _START + r"[^\n]*)$", re.M)
TONES = ("bào", "jù", "guī", "dòng", "fù", "xiàng", "chǔ", "shēn", "qíng", "kuàng")


def pinyin_noise(text: str) -> str:
    rng = random.Random(7)
    return re.sub(
        r"([\u4e00-\u9fff])",
        lambda m: m.group(1) + (f"({rng.choice(TONES)})" if rng.random() < 0.15 else ""),
        text,
    )


VARIANTS = {
    "traditional": lambda t: opencc.OpenCC("s2t").convert(t),
    "taiwan": lambda t: opencc.OpenCC("s2twp").convert(t),
    "pinyin": pinyin_noise,
    "dot_ordinal": lambda t: HEAD.sub(r"\1．", t),
    "part_ordinal": lambda t: HEAD.sub(r"第\1部分 ", t),
    "markdown": lambda t: HEAD_LINE.sub(r"## \1", t),
    "bold": lambda t: HEAD_LINE.sub(r"**\1**", t),
    "glued_to_body": lambda t: re.sub(HEAD_LINE.pattern + "\n", r"\1", t, flags=re.M),
    "glued_to_previous": lambda t: re.sub(r"\n(?=[一二三四五六]、" + _START + ")", "", t),
    "no_line_breaks": lambda t: t.replace("\n", ""),
    "split_heading": lambda t: re.sub(
        r"^([一二三四五六]、" + _START + r"[^\n]{0,3})([^\n]+)$", r"\1\n\2", t, flags=re.M
    ),
    "crlf_indent": lambda t: "\r\n".join("  " + ln + "\u3000" for ln in t.split("\n")),
}


def as_extracted(text: str) -> Extracted:
    return Extracted(
        format="text",
        blocks=[Paragraph(ln) for ln in text.splitlines() if ln.strip()],
        text=text,
    )


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_seed_variant_keeps_all_six_sections(path, variant):
    original = path.read_text(encoding="utf-8")
    text = VARIANTS[variant](original)
    assert text != original
    record = parse(as_extracted(text))
    assert [k for k in SECTION_KEYS if not record["sections"][k]["present"]] == []
    assert record["year"] is not None
    assert "parse_error" not in record
