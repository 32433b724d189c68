"""DOCX: order of paragraphs and tables, merged cells, broken files."""

from __future__ import annotations

import io

import docx
import pytest

from reader.extract import ExtractionError, Paragraph, Table, extract


def _save(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _report() -> bytes:
    d = docx.Document()
    d.add_heading("某某局2023年政府信息公开工作年度报告", level=1)
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph("本年度")
    p.add_run("主动公开").bold = True
    p.add_run("信息 120 条。")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    t.cell(1, 0).text = "信息内容"
    t.cell(1, 1).text = "本年制发件数"
    t.cell(1, 2).text = "本年废止件数"
    t.cell(1, 3).text = "现行有效件数"
    merged = t.cell(2, 0).merge(t.cell(3, 0))
    merged.text = "规章"
    for c, v in ((1, "0"), (2, "1"), (3, "5")):
        t.cell(2, c).text = v
    for c, v in ((1, "2"), (2, ""), (3, "7")):
        t.cell(3, c).text = v
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    d.add_paragraph("第一行\n第二行")
    return _save(d)


def test_paragraphs_and_tables_come_in_document_order() -> None:
    result = extract(_report(), "report.docx")
    assert result.format == "docx"
    kinds = [type(b).__name__ for b in result.blocks]
    assert kinds == ["Paragraph"] * 4 + ["Table"] + ["Paragraph"] * 3
    assert result.blocks[2] == Paragraph("本年度主动公开信息120条。")
    assert result.blocks[-2:] == [Paragraph("第一行"), Paragraph("第二行")]


def test_merged_cells_expand_to_the_full_grid() -> None:
    (table,) = [b for b in extract(_report()).blocks if isinstance(b, Table)]
    assert table.rows == (
        ("第二十条第（一）项",) * 4,
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "0", "1", "5"),
        ("规章", "2", "", "7"),
    )


def test_text_renders_tables_with_pipes() -> None:
    text = extract(_report()).text
    assert "规章 | 2 |  | 7" in text
    assert (
        text.index("二、主动公开") < text.index("信息内容 | 本年制发件数") < text.index("三、收到")
    )


def test_multi_paragraph_cell_is_joined_without_stray_space() -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    cell = t.cell(0, 1)
    cell.text = "本年新"
    cell.add_paragraph("制作数量")
    t.cell(1, 0).text = "规章"
    t.cell(1, 1).text = "3"
    (table,) = [b for b in extract(_save(d)).blocks if isinstance(b, Table)]
    assert table.rows[0][1] == "本年新制作数量"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_docx_is_a_clear_error(cut: float) -> None:
    data = _report()
    with pytest.raises(ExtractionError) as err:
        extract(data[: int(len(data) * cut)], "report.docx")
    assert "Word" in err.value.message


def test_docx_with_garbage_document_xml_is_a_clear_error() -> None:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(_report()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = (
                b"<w:document><unclosed" if item.filename == "word/document.xml" else src.read(item)
            )
            out.writestr(item, data)
    with pytest.raises(ExtractionError, match="Word"):
        extract(buf.getvalue())


def _numbered_document() -> bytes:
    """Headings numbered by Word itself (一、/（一）), not typed."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='%1、'/></w:lvl>"
            "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='（%2）'/></w:lvl></w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )

    def numbered(text: str, level: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='90'/></w:numPr>"
            )
        )

    numbered("总体情况", 0)
    numbered("主动公开情况", 1)
    numbered("依申请公开情况", 1)
    numbered("主动公开政府信息情况", 0)
    numbered("第一小节", 1)
    return _save(d)


def test_automatic_numbering_is_rendered_into_the_text() -> None:
    result = extract(_numbered_document())
    assert [b.text for b in result.blocks] == [
        "一、总体情况",
        "（一）主动公开情况",
        "（二）依申请公开情况",
        "二、主动公开政府信息情况",
        "（一）第一小节",
    ]


def test_text_box_is_read_once() -> None:
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("正文")
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    p._p.append(
        parse_xml(
            f'<mc:AlternateContent xmlns:mc="{mc}" xmlns:w="{w}">'
            "<mc:Choice Requires='wps'><w:r><w:t>文本框</w:t></w:r></mc:Choice>"
            "<mc:Fallback><w:r><w:t>文本框</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        )
    )
    assert extract(_save(d)).text == "正文文本框"


def test_zip_bomb_docx_is_refused_before_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from reader.extract import docx as docx_module

    monkeypatch.setattr(docx_module, "_MAX_PACKAGE", 8 * 1024 * 1024)

    src = zipfile.ZipFile(io.BytesIO(_report()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("word/media/huge.bin", b"\0" * (9 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(ExtractionError, match="过大"):
        extract(data, "bomb.docx")
