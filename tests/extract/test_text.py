"""Plain-text reports: encodings, line handling, format told by content."""

from __future__ import annotations

import codecs

import opencc
import pytest

from reader.extract import Paragraph, extract
from tests.shared import requires_shared, seed_paths

REPORT = (
    "某某区2022年政府信息公开工作年度报告\r\n"
    "一、总体情况\r\n"
    "\r\n"
    "2022年，全区主动公开政府信息1234条。\r"
    "三、收到和处理政府信息公开申请情况\n"
    "（三）不予公开 |\n"
    "1.属于国家秘密 |\n"
    "14 |\n"
    "   \n"
    "六、其他需要报告的事项\n"
)
LINES = [
    "某某区2022年政府信息公开工作年度报告",
    "一、总体情况",
    "2022年，全区主动公开政府信息1234条。",
    "三、收到和处理政府信息公开申请情况",
    "（三）不予公开 |",
    "1.属于国家秘密 |",
    "14 |",
    "六、其他需要报告的事项",
]


def test_one_paragraph_per_non_empty_line_with_endings_normalised() -> None:
    result = extract(REPORT.encode("utf-8"), "report.txt")
    assert result.format == "text"
    assert result.blocks == [Paragraph(line) for line in LINES]
    assert result.text == "\n".join(LINES)
    assert result.warnings == []


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
        (REPORT.encode("utf-16"), "utf-16"),
        (REPORT.encode("utf-16-le"), "utf-16-le"),
        (REPORT.encode("gb18030"), "gb18030"),
        (REPORT.encode("gbk"), "gb18030"),
    ],
)
def test_every_encoding_gives_the_same_text(data: bytes, encoding: str) -> None:
    result = extract(data, "report.txt")
    assert result.text == "\n".join(LINES)
    assert result.encoding == encoding


def test_big5_traditional_report_decodes_like_its_utf8() -> None:
    traditional = opencc.OpenCC("s2t").convert(REPORT)
    from_big5 = extract(traditional.encode("big5"))
    from_utf8 = extract(traditional.encode("utf-8"))
    assert from_big5.encoding == "cp950"
    assert from_big5.text == from_utf8.text
    assert "總體情況" in from_big5.text


def test_traditional_text_in_gbk_is_read_as_gbk_not_big5() -> None:
    traditional = opencc.OpenCC("s2t").convert(REPORT)
    result = extract(traditional.encode("gbk"))
    assert result.encoding == "gb18030"
    assert "總體情況" in result.text


def test_bad_bytes_are_replaced_and_reported() -> None:
    data = REPORT.encode("utf-8")
    damaged = data[:40] + b"\xff\xfe\xff" + data[40:]
    result = extract(damaged)
    assert result.encoding == "utf-8"
    assert "\ufffd" in result.text
    assert any("无法解码" in w for w in result.warnings)
    assert "六、其他需要报告的事项" in result.text


def test_truncated_utf8_character_at_end_does_not_switch_codec() -> None:
    data = REPORT.encode("utf-8") + "报".encode()[:2]
    result = extract(data)
    assert result.encoding == "utf-8"
    assert result.text.startswith("某某区2022年")


@requires_shared
def test_seeds_read_identically_in_every_encoding_they_fit() -> None:
    for path in seed_paths():
        text = path.read_text(encoding="utf-8")
        base = extract(path.read_bytes(), path.name)
        assert base.format == "text"
        assert base.text == "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
        for codec in ("utf-8-sig", "utf-16", "gb18030", "big5"):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue  # simplified characters Big5 lacks
            assert extract(data).text == base.text, (path.name, codec)


BODY = "\n".join(
    ["某某区人民政府2023年政府信息公开工作年度报告", "一、总体情况"]
    + [f"第{i}段：本机关扎实推进政务公开工作。" for i in range(100)]
    + ["六、其他需要报告的事项", "本年度未收取信息处理费。"]
)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # The page's metadata block above the report (a web page saved as text).
        (
            "索引号：11110000/2024-00012 | 发布机构：某某区人民政府 | 发布日期：2024-01-20\n"
            + BODY,
            "2024-01-20",
        ),
        ("来源：某某区人民政府 发布时间：2024/1/20 浏览次数：123\n" + BODY, "2024-01-20"),
        # The best label wins: 发布日期 over 成文日期.
        ("成文日期：2024-01-10\n发布日期：2024-01-22\n" + BODY, "2024-01-22"),
        # Below the report.
        (BODY + "\n發佈日期：2024年1月25日\n主办：某某区人民政府办公室", "2024-01-25"),
        # No labelled date: nothing is guessed.
        ("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n" + BODY, None),
    ],
)
def test_a_saved_page_keeps_its_publication_date(text, published) -> None:
    extracted = extract(text.encode("utf-8"), "report.txt")
    assert extracted.meta.get("published") == published
    assert extracted.meta.get("published_source") == ("metadata" if published else None)


def test_a_labelled_date_in_the_middle_of_the_report_is_not_its_publication_date() -> None:
    lines = BODY.split("\n")
    lines.insert(50, "时间：2023-05-12")
    assert "published" not in extract("\n".join(lines).encode("utf-8"), "report.txt").meta
