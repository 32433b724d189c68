"""HTML pages: article finding, paragraphs, table grids, metadata, hostile pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.extract import ExtractionError, Paragraph, Table, extract

DATA = Path(__file__).parent / "data"


def _html(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def _tables(result) -> list[Table]:
    return [b for b in result.blocks if isinstance(b, Table)]


def test_government_page_yields_only_the_article() -> None:
    result = extract((DATA / "gov_page.html").read_bytes(), "page.html")
    text = result.text
    assert result.format == "html"
    assert text.startswith("某某区人民政府2022年政府信息公开工作年度报告\n本报告依据")
    assert "六、其他需要报告的事项\n本年度未收取信息处理费。" in text
    assert text.endswith("本年度未收取信息处理费。")
    for chrome in (
        "首页",
        "当前位置",
        "信息公开目录",
        "分享到",
        "打印本页",
        "相关文章",
        "ICP备",
        "发布日期",
        "分享到微信",
    ):
        assert chrome not in text, chrome
    # The table of contents in the side bar must not pull the sections out of order.
    assert text.count("一、总体情况") == 1


def test_government_page_metadata() -> None:
    result = extract((DATA / "gov_page.html").read_bytes())
    assert result.meta["title"] == "某某区人民政府2022年政府信息公开工作年度报告"
    assert result.meta["published"] == "2023-01-30"
    assert result.meta["published_source"] == "metadata"
    assert result.meta["source_url"].endswith("/202301/t20230130_123456.html")


def test_inline_tags_do_not_split_words_and_blocks_split_paragraphs() -> None:
    body = "<div><p><span>报</span>\n<span>告</span>正文</p><p>第二段<br>第三段</p>English <b>words</b> here</div>"
    result = extract(_html(body))
    assert result.blocks == [
        Paragraph("报告正文"),
        Paragraph("第二段"),
        Paragraph("第三段"),
        Paragraph("English words here"),
    ]


def test_rowspan_and_colspan_expand_to_a_full_grid() -> None:
    body = """<table>
      <tr><td rowspan="2">信息内容</td><td colspan="2">本年</td><td rowspan="2">总数</td></tr>
      <tr><td>新<br/>制作</td><td>新公开</td></tr>
      <tr><td>规章</td><td>&nbsp;</td><td>1</td><td>3</td></tr>
      <tr><td rowspan="2">许可</td><td colspan="3">处理决定数量</td></tr>
      <tr><td>5</td><td>6</td></tr>
    </table>"""
    (table,) = _tables(extract(_html(body)))
    assert table.rows == (
        ("信息内容", "本年", "本年", "总数"),
        ("信息内容", "新制作", "新公开", "总数"),
        ("规章", "", "1", "3"),
        ("许可", "处理决定数量", "处理决定数量", "处理决定数量"),
        ("许可", "5", "6", ""),
    )


def test_hostile_spans_are_clamped() -> None:
    body = '<table><tr><td colspan="999999">a</td><td rowspan="-3">b</td></tr><tr><td>1</td><td>2</td></tr></table>'
    (table,) = _tables(extract(_html(body)))
    assert len(table.rows) == 2
    assert len(table.rows[0]) <= 101
    assert table.rows[1][:2] == ("1", "2")


def test_nested_table_text_stays_in_its_cell() -> None:
    body = """<table>
      <tr><td>项目</td><td>数量</td><td>备注</td></tr>
      <tr><td>规章</td><td><table><tr><td>1</td></tr><tr><td>2</td></tr></table></td><td>x</td></tr>
      <tr><td>文件</td><td>3</td><td>y</td></tr>
    </table>"""
    (table,) = _tables(extract(_html(body)))
    assert table.rows == (("项目", "数量", "备注"), ("规章", "1 2", "x"), ("文件", "3", "y"))


def test_layout_table_around_the_article_is_walked_not_gridded() -> None:
    article = "<p>一、总体情况</p><p>" + "正文内容。" * 100 + "</p><p>二、主动公开政府信息情况</p>"
    data_table = "<table><tr><td>规章</td><td>1</td></tr><tr><td>文件</td><td>2</td></tr></table>"
    body = f"<table><tr><td><a href='/'>首页</a></td><td>{article}{data_table}</td></tr></table>"
    result = extract(_html(body))
    assert result.blocks[0] == Paragraph("一、总体情况")
    assert _tables(result) == [Table(rows=(("规章", "1"), ("文件", "2")))]


def test_page_without_headings_picks_the_densest_container() -> None:
    nav = "<div>" + "".join(f"<a href='/{i}'>栏目{i}</a>" for i in range(30)) + "</div>"
    article = (
        "<div><p>" + "这是正文第一段。" * 20 + "</p><p>" + "这是正文第二段。" * 20 + "</p></div>"
    )
    result = extract(_html(nav + article + "<div><p>版权所有</p></div>"))
    assert result.text.startswith("这是正文第一段。")
    assert "栏目" not in result.text
    assert "版权所有" not in result.text


def test_published_date_from_url_when_no_metadata() -> None:
    head = '<link rel="canonical" href="http://www.x.gov.cn/zfxxgknb/202301/t20230130_999.html">'
    result = extract(_html("<p>一、总体情况</p><p>二、主动公开政府信息情况</p>", head))
    assert result.meta["published"] == "2023-01-30"
    assert result.meta["published_source"] == "url"


def test_published_date_prefers_publication_over_signing_date() -> None:
    body = (
        "<table><tr><td>索引号</td><td>001/2023-01</td><td>成文日期</td><td>2023-01-20</td></tr>"
        "<tr><td>发布机构</td><td>区政府办</td><td>发布日期</td><td>2023年1月30日</td></tr></table>"
        "<div><p>一、总体情况</p><p>二、主动公开政府信息情况</p></div>"
    )
    result = extract(_html(body))
    assert result.meta["published"] == "2023-01-30"
    assert "索引号" not in result.text


def test_gbk_page_declared_and_undeclared() -> None:
    body = "<p>一、总体情况</p><p>主动公开政府信息</p>"
    declared = f'<html><head><meta charset="gbk"></head><body>{body}</body></html>'.encode("gbk")
    undeclared = f"<html><body>{body}</body></html>".encode("gb18030")
    for data in (declared, undeclared):
        result = extract(data, "page.html")
        assert result.encoding == "gb18030"
        assert result.text == "一、总体情况\n主动公开政府信息"


def test_page_lying_about_its_charset_is_sniffed() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>报告正文：总体情况</p></body></html>'
    result = extract(page.encode("utf-8"))
    assert result.text == "报告正文：总体情况"


def test_broken_html_is_read() -> None:
    page = b"<html><body><p>one <b>bold <i>x</p><table><tr><td>1<td>2<tr><td>3</table><div>tail"
    result = extract(page)
    assert _tables(result) == [Table(rows=(("1", "2"), ("3", "")))]


def test_ten_thousand_levels_of_nesting_do_not_recurse() -> None:
    body = (
        "<div>" * 10_000 + "<p>一、总体情况</p><p>二、主动公开政府信息情况</p>" + "</div>" * 10_000
    )
    result = extract(_html(body))
    assert result.text == "一、总体情况\n二、主动公开政府信息情况"


def test_ten_thousand_nested_tables_do_not_crash() -> None:
    body = "<table><tr><td>a</td><td>" * 10_000 + "x" + "</td></tr></table>" * 10_000
    result = extract(_html(body))
    assert "x" in result.text


def test_data_tables_nested_thousands_deep_are_read_as_layout_past_a_depth() -> None:
    # Each level's cell text holds the whole subtree: past a nesting depth the tables are walked
    # as layout (linear), so the innermost text is still there and nothing is read O(n²) times.
    level = "<table><tr><td>a</td><td>b</td><td>"
    rest = "</td></tr><tr><td>1</td><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td><td>6</td></tr></table>"
    result = extract(_html(level * 2_000 + "innermost" + rest * 2_000))
    assert "innermost" in result.text


def test_thirty_megabyte_page_is_read_in_reasonable_time() -> None:
    row = "<tr><td>规章</td><td>1</td><td>2</td></tr>"
    chunk = (
        "<div class='content'><p>一、总体情况</p><p>"
        + "全年主动公开政府信息。" * 30
        + "</p><table>"
        + row * 20
        + "</table></div>"
    )
    page = (
        "<html><body>" + chunk * (30 * 1024 * 1024 // len(chunk.encode())) + "</body></html>"
    ).encode()
    assert len(page) > 29 * 1024 * 1024
    started = time.perf_counter()
    result = extract(page, "huge.html")
    assert time.perf_counter() - started < 60
    assert result.format == "html"
    assert result.text.startswith("一、总体情况")


def test_page_with_no_text_gives_a_warning_not_a_crash() -> None:
    result = extract(b"<html><body><script>var a=1;</script><img src='x.png'></body></html>")
    assert result.blocks == []
    assert result.warnings


def test_frameset_without_body_does_not_crash() -> None:
    try:
        result = extract(b"<html><frameset><frame src='a.html'></frameset></html>")
    except ExtractionError as err:
        assert err.message
    else:
        assert result.blocks == []


@pytest.mark.parametrize("hidden", ['style="display:none"', "hidden", 'style="visibility: hidden"'])
def test_hidden_elements_are_dropped(hidden: str) -> None:
    result = extract(
        _html(f"<p>一、总体情况</p><div {hidden}><p>隐藏的重复内容</p></div><p>正文</p>")
    )
    assert "隐藏" not in result.text


def test_preformatted_report_keeps_its_lines() -> None:
    body = "<pre>一、总体情况\n全年公开 12 条。\n\n二、主动公开政府信息情况\n规章 | 0 |</pre>"
    result = extract(_html(body))
    assert result.blocks == [
        Paragraph("一、总体情况"),
        Paragraph("全年公开 12 条。"),
        Paragraph("二、主动公开政府信息情况"),
        Paragraph("规章 | 0 |"),
    ]


def test_article_in_a_wrapper_with_a_chrome_like_class_is_still_found() -> None:
    nav = (
        "<div class='left'>"
        + "".join(f"<p><a href='/{i}'>栏目{i}</a></p>" for i in range(20))
        + "</div>"
    )
    article = (
        "<div class='right'><div class='bottom-box'><p>" + "这是正文。" * 60 + "</p></div></div>"
    )
    result = extract(_html(nav + article))
    assert result.text.startswith("这是正文。")
    assert "栏目" not in result.text


def test_long_section_five_heading_variant_counts_as_a_heading() -> None:
    side = "<div class='nav'><p>一、总体情况</p><p>二、主动公开政府信息情况</p></div>"
    article = "<div id='art'><p>一、总体情况</p><p>正文</p><p>五、政府信息公开工作存在的主要问题及改进情况</p><p>问题</p></div>"
    result = extract(
        _html(side + article + "<div><p>页脚文字很多很多很多很多很多很多很多很多</p></div>")
    )
    assert result.text == "一、总体情况\n正文\n五、政府信息公开工作存在的主要问题及改进情况\n问题"


def test_intro_paragraph_beside_the_sections_wrapper_is_kept() -> None:
    sections = "".join(
        f"<p>{h}</p><p>{'内容' * 30}</p>"
        for h in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
    )
    body = (
        "<ul class='menu'><li><a href='/'>首页</a></li></ul>"
        f"<div class='article'><p>本报告依据条例编制。</p><div class='sections'>{sections}</div></div>"
        "<div class='footer'>版权所有</div>"
    )
    result = extract(_html(body))
    assert result.text.startswith("本报告依据条例编制。\n一、总体情况")
    assert "首页" not in result.text and "版权所有" not in result.text


def test_page_title_loses_the_site_name() -> None:
    head = "<title>某区2022年政府信息公开工作年度报告_某区人民政府门户网站</title>"
    result = extract(_html("<p>正文</p>", head))
    assert result.meta["title"] == "某区2022年政府信息公开工作年度报告"


def test_big5_page_declared_is_read() -> None:
    page = '<html><head><meta charset="big5"></head><body><p>一、總體情況</p><p>本機關主動公開</p></body></html>'
    result = extract(page.encode("big5"))
    assert result.encoding == "cp950"
    assert result.text == "一、總體情況\n本機關主動公開"
