"""Property-based tests: any bytes or any text through extraction and parsing.

The contract (record.md): ``read_report(bytes)`` returns a record or raises
``ExtractionError`` — never another exception, never a hang, and the same input always gives the
same record. Two guards in the code could hide bugs behind that contract: ``extract`` wraps reader
crashes into ``ExtractionError(code="corrupt")`` and ``parse`` stores a crash under
``parse_error``. For input the readers own outright (text and HTML — no third-party parser has a
legitimate reason to fail on it) the tests also assert neither guard fired, so a real bug fails
here instead of being silently swallowed.
"""

from __future__ import annotations

import io
import json
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.extract import ExtractionError, extract
from reader.parse import parse, read_report
from tests.shared import requires_shared, seed_paths

# A report is read in well under a second; 20 s on a loaded 2-core CI box is a hang.
TIME_BUDGET_S = 20

PROPS = settings(
    max_examples=100,
    deadline=None,  # the wall-clock budget below is the hang guard, not hypothesis' deadline
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # CI runs are reproducible; a failure prints its example
)


class Hang(BaseException):  # not Exception: a reader's catch-all must not swallow it
    pass


@contextmanager
def time_budget(seconds: int = TIME_BUDGET_S) -> Iterator[None]:
    """Raise ``Hang`` when the body runs longer than ``seconds`` (SIGALRM, main thread)."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no result within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_or_refuse(data: bytes, filename: str | None = None) -> dict | ExtractionError:
    """The record, or the ``ExtractionError`` — any other exception propagates and fails."""
    with time_budget():
        try:
            return read_report(data, filename)
        except ExtractionError as exc:
            return exc


def assert_contract(data: bytes, filename: str | None = None, *, own_reader: bool) -> None:
    first = read_or_refuse(data, filename)
    second = read_or_refuse(data, filename)
    if isinstance(first, ExtractionError):
        assert isinstance(second, ExtractionError) and second.code == first.code
        assert first.message and not first.message.isascii(), "staff get a Chinese message"
        if own_reader:
            assert first.code != "corrupt", "a reader crashed on text it owns"
        return
    assert "parse_error" not in first, first.get("parse_error")
    # Deterministic: byte-identical JSON for the same input.
    assert json.dumps(first, sort_keys=True, default=str) == json.dumps(
        second, sort_keys=True, default=str
    )


# ---- strategies -----------------------------------------------------------------------------

# Vocabulary of a real report, so random text reaches the section/table/prose code paths and
# not only the "no headings found" early exits.
REPORT_WORDS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "自然人",
    "商业企业",
    "（一）予以公开",
    "（三）不予公开",
    "总计",
    "规章",
    "行政规范性文件",
    "行政许可",
    "行政处罚",
    "维持",
    "纠正",
    "未经复议直接起诉",
    "收取信息处理费",
    "0",
    "12",
    "3.5",
    "-1",
    "１２",
    "万元",
    "件",
    "|",
    "\n",
    " ",
    "2023年",
    "本报告",
    "第五十条",
    "收费",
    "\t",
]

report_text = st.lists(
    st.one_of(st.sampled_from(REPORT_WORDS), st.text(max_size=8)), max_size=400
).map("".join)


@st.composite
def html_pages(draw: Callable[..., Any]) -> str:
    """Tag soup: tables with random spans, unclosed tags, scripts, entities, nested tables."""
    parts = ["<html><head><title>", draw(st.sampled_from(REPORT_WORDS)), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["p", "table", "raw", "h", "nest", "script"]))
        if kind == "p":
            parts.append(f"<p>{draw(report_text)}</p>")
        elif kind == "h":
            parts.append(f"<h2>{draw(st.sampled_from(REPORT_WORDS))}</h2>")
        elif kind == "raw":
            parts.append(draw(st.text(alphabet="<>/&;=\"' tdrpablex#0123456789", max_size=60)))
        elif kind == "script":
            parts.append(f"<script>{draw(st.text(max_size=30))}</script>")
        else:
            rows = []
            for _ in range(draw(st.integers(0, 6))):
                cells = []
                for _ in range(draw(st.integers(0, 6))):
                    span = draw(st.sampled_from(["", "1", "0", "2", "-3", "999999", "x", "1e9"]))
                    attr = draw(st.sampled_from(["colspan", "rowspan"]))
                    word = draw(st.sampled_from(REPORT_WORDS))
                    cells.append(f'<td {attr}="{span}">{word}</td>')
                rows.append("<tr>" + "".join(cells) + draw(st.sampled_from(["</tr>", ""])))
            table = "<table>" + "".join(rows) + "</table>"
            if kind == "nest":
                table = f"<table><tr><td>{table}</td></tr></table>"
            parts.append(table)
    return "".join(parts)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"])


def encode(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace") if codec != "big5" else text.encode(codec, "ignore")


def docx_bytes(body_xml: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body_xml}</w:body></w:document>",
        )
    return buf.getvalue()


docx_paragraphs = st.lists(
    st.one_of(
        report_text.map(
            lambda t: (
                "<w:p><w:r><w:t>"
                + t.replace("&", "&amp;").replace("<", "&lt;")
                + "</w:t></w:r></w:p>"
            )
        ),
        st.sampled_from(
            [
                '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="-5"/></w:tcPr>'
                "<w:p><w:r><w:t>总计</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                '<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr></w:tc></w:tr></w:tbl>',
                "<w:tbl><w:tr></w:tr></w:tbl>",
                "<w:p><w:pPr><w:numPr><w:ilvl w:val='99'/><w:numId w:val='7'/></w:numPr></w:pPr></w:p>",
                "<unclosed>",
            ]
        ),
    ),
    max_size=20,
).map("".join)


# ---- properties -----------------------------------------------------------------------------


@PROPS
@given(st.binary(max_size=4096))
@example(b"")
@example(b"%PDF-1.7\n" + b"\x00" * 64)
@example(b"PK\x03\x04" + b"word/" * 10)
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe" + "一、总体情况".encode("utf-16-le"))
def test_any_bytes_give_a_record_or_a_clear_error(data: bytes) -> None:
    assert_contract(data, "report.bin", own_reader=False)


@PROPS
@given(report_text, ENCODINGS)
def test_any_text_in_any_encoding_gives_a_record(text: str, codec: str) -> None:
    data = encode(text, codec)
    assert_contract(data, "report.txt", own_reader=True)


@PROPS
@given(html_pages(), ENCODINGS)
def test_any_html_tag_soup_gives_a_record(page: str, codec: str) -> None:
    assert_contract(encode(page, codec), "report.html", own_reader=True)


@PROPS
@given(docx_paragraphs)
def test_any_docx_body_gives_a_record_or_a_clear_error(body: str) -> None:
    assert_contract(docx_bytes(body), "report.docx", own_reader=False)


@st.composite
def word_documents(draw: Callable[..., Any]) -> bytes:
    """Valid Word files (python-docx writes them): paragraphs and tables with random text and
    random merged cells. The DOCX reader owns these: it must never fall back to "damaged"."""
    import docx

    document = docx.Document()
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            text = draw(report_text)
            # XML 1.0 cannot hold most control characters; python-docx refuses them.
            document.add_paragraph("".join(c for c in text if c in "\t\n" or c >= " "))
            continue
        rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 6))
        table = document.add_table(rows=rows, cols=cols)
        for r in range(rows):
            for c in range(cols):
                table.cell(r, c).text = draw(st.sampled_from(REPORT_WORDS)).strip() or "0"
        for _ in range(draw(st.integers(0, 3))):
            r1, c1 = draw(st.integers(0, rows - 1)), draw(st.integers(0, cols - 1))
            r2, c2 = draw(st.integers(r1, rows - 1)), draw(st.integers(c1, cols - 1))
            try:
                table.cell(r1, c1).merge(table.cell(r2, c2))
            except Exception:  # python-docx refuses some overlapping merges: not our input
                pass
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@PROPS
@given(word_documents())
def test_any_valid_word_file_gives_a_record(data: bytes) -> None:
    assert_contract(data, "report.docx", own_reader=True)


@st.composite
def pdf_documents(draw: Callable[..., Any]) -> bytes:
    """Valid PDFs with a text layer: lines of text and ruled grids (some borders left out, some
    tables running off the page), over one to three pages. The PDF reader owns these."""
    from tests.extract.pdfmaker import PdfMaker

    words = st.text(alphabet="0123456789 .-|abcXYZ", max_size=12)
    maker = PdfMaker()
    for _ in range(draw(st.integers(1, 3))):
        maker.new_page()
        top = 40.0
        for _ in range(draw(st.integers(0, 5))):
            if draw(st.booleans()):
                maker.text(draw(st.floats(20, 400)), top, draw(words) or "x")
                top += 20
                continue
            cols = draw(st.integers(1, 6))
            xs = [60.0 + 70 * i for i in range(cols + 1)]
            rows = [[draw(words) for _ in range(cols)] for _ in range(draw(st.integers(1, 8)))]
            skip = {(draw(st.integers(0, len(rows) - 1)), draw(st.integers(1, cols)))}
            top = maker.grid(xs, top, rows, skip_vertical=skip if draw(st.booleans()) else set())
            top += 15
            if top > 800:
                break
    return maker.save()


@PROPS
@given(pdf_documents())
def test_any_valid_pdf_with_text_gives_a_record_or_a_clear_error(data: bytes) -> None:
    assert_contract(data, "report.pdf", own_reader=True)


@PROPS
@given(st.binary(max_size=2048), st.sampled_from(["%PDF-1.4\n", "%PDF-2.0\r\n", "junk%PDF-1.3"]))
def test_anything_after_a_pdf_header_gives_a_record_or_a_clear_error(
    tail: bytes, header: str
) -> None:
    assert_contract(header.encode() + tail, "report.pdf", own_reader=False)


@st.composite
def mutated_seed(draw: Callable[..., Any]) -> str:
    """A real scraped report with lines dropped, duplicated, swapped and numbers replaced."""
    paths = seed_paths()
    lines = paths[draw(st.integers(0, len(paths) - 1))].read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "digits", "cut", "insert"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "digits":
            lines[i] = "".join(
                draw(st.sampled_from("0123456789-.９")) if c.isdigit() else c for c in lines[i]
            )
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            lines.insert(i, draw(report_text))
    return "\n".join(lines)


@requires_shared
@settings(PROPS, max_examples=50)
@given(mutated_seed())
def test_a_damaged_real_report_still_gives_a_record(text: str) -> None:
    assert_contract(text.encode("utf-8"), "report.txt", own_reader=True)


@requires_shared
def test_every_real_report_parses_identically_twice() -> None:
    for path in seed_paths():
        data = path.read_bytes()
        with time_budget():
            first, second = parse(extract(data, path.name)), parse(extract(data, path.name))
        assert first == second, path.name
        assert "parse_error" not in first


def test_time_budget_stops_a_hang() -> None:
    """The guard itself works: otherwise the properties above could not catch a hang."""
    with pytest.raises(Hang), time_budget(1):
        while True:
            pass
