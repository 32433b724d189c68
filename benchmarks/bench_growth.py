"""Growth benchmark (not a test): how the reader's cost grows with hostile input.

Usage::

    .venv/bin/python benchmarks/bench_growth.py [--max-bytes 10000000] [--shapes a b …]
                                                [--timeout 120]

Each *shape* is a kind of input built to make a reader or parser step search, backtrack or
compare pairs: thousands of heading-like lines, one endless line, many tables, deep nesting,
long digit runs, pinyin brackets, fee sentences… Each is grown from 10 KB to ``--max-bytes``
(half-decade steps) and read with ``reader.parse.read_report`` — what ``audit_file`` and the
upload pipeline do. Every reading runs in a fresh child process (so one shape's caches do not
help the next) under a CPU-time limit (``--timeout``); the time reported is the child's CPU
time for ``read_report`` alone, not wall time, since the machine is shared.

The growth exponent is the least-squares slope of log(time) against log(size) over the sizes
from 100 KB up (below that, fixed costs such as compiling regexes flatten the curve and would
flatter the fit). Linear is 1.0; the target is ≤ 1.2 for every shape. A shape whose reading
runs out of CPU time is reported as ``TIMEOUT`` and fails the run.

``tests/parse/test_growth.py`` reads the same shapes (``SHAPES``) at 1 MB under a time bound.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Sentences as reports print them: section one's prose, with numbers, fees and reviews.
_PROSE = (
    "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1234条，"
    "收到政府信息公开申请56件，其中当面申请3件，网络申请40件，信函申请13件。"
    "全年未收取信息处理费，因政府信息公开被申请行政复议2件，被提起行政诉讼1件。"
)


def _repeat(unit: str, size: int, sep: str = "") -> str:
    piece = unit + sep
    n = max(1, size // len(piece.encode("utf-8")))
    return piece * n


def _text(unit: str, sep: str = "") -> Callable[[int], tuple[bytes, str]]:
    def make(size: int) -> tuple[bytes, str]:
        return _repeat(unit, size, sep).encode("utf-8"), "report.txt"

    return make


def _html(head: str, unit: str, tail: str) -> Callable[[int], tuple[bytes, str]]:
    def make(size: int) -> tuple[bytes, str]:
        body = _repeat(unit, size)
        return f"<html><body>{head}{body}{tail}</body></html>".encode(), "report.html"

    return make


def _nested(open_tag: str, close_tag: str, inner: str) -> Callable[[int], tuple[bytes, str]]:
    def make(size: int) -> tuple[bytes, str]:
        n = max(1, size // len((open_tag + close_tag).encode()))
        page = f"<html><body>{open_tag * n}{inner}{close_tag * n}</body></html>"
        return page.encode(), "report.html"

    return make


def _docx(unit: str) -> Callable[[int], tuple[bytes, str]]:
    """A Word file of many paragraphs (and a table every ten), written by hand: python-docx is
    far too slow to build a 10 MB body."""
    para = f"<w:p><w:r><w:t>{unit}</w:t></w:r></w:p>"
    table = (
        "<w:tbl>"
        + "<w:tr><w:tc><w:p><w:r><w:t>本年新收政府信息公开申请数量</w:t></w:r></w:p></w:tc>"
        + "<w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr>"
        + "</w:tbl>"
    )

    def make(size: int) -> tuple[bytes, str]:
        body = _repeat(para * 9 + table, size)
        document = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>",
            )
            z.writestr(
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/officeDocument" Target="word/document.xml"/>'
                "</Relationships>",
            )
            z.writestr("word/document.xml", document)
        return buf.getvalue(), "report.docx"

    return make


# name → builder(size in bytes) → (file bytes, file name). Sizes are approximate (whole units).
SHAPES: dict[str, Callable[[int], tuple[bytes, str]]] = {
    # The two: heading-like lines (quadratic sequence search) and one endless line.
    "heading_lines": _text("一、总体情况 公开", "\n"),
    "heading_single_line": _text("一、总体情况 公开 "),
    # All six headings over and over: every section key has thousands of candidates.
    "six_headings_cycle": _text(
        "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    ),
    "headings_glued_in_prose": _text(_PROSE + "一、总体情况" + _PROSE + "二、主动公开政府信息情况"),
    "prose_lines": _text(_PROSE, "\n"),
    "prose_single_line": _text(_PROSE),
    "short_ordinal_lines": _text("三、", "\n"),
    # Tables: many small ones, in HTML and as Markdown-like text.
    "many_tables_html": _html(
        "",
        "<table><tr><td>本年新收政府信息公开申请数量</td><td>12</td><td>3</td></tr>"
        "<tr><td>行政复议</td><td>维持</td><td>1</td></tr></table>",
        "",
    ),
    "one_long_table_html": _html(
        "<table>",
        "<tr><td>一、本年新收政府信息公开申请数量</td><td>12</td><td>0</td></tr>",
        "</table>",
    ),
    "pipe_table_lines": _text("| 本年新收政府信息公开申请数量 | 12 | 3 | 0 | 0 | 1 | 16 |", "\n"),
    # Nesting: past html.MAX_NESTING the page is refused; below it the tree is read.
    "deep_div_nesting": _nested("<div>", "</div>", "一、总体情况"),
    "deep_table_nesting": _nested("<table><tr><td>", "</td></tr></table>", "一、总体情况"),
    "many_inline_tags": _html("<p>", "<span><b>公开</b></span>", "</p>"),
    # Numbers: endless digit runs, spaced digits (glued-digit and column readers).
    "digit_run_single_line": _text("1234567890"),
    "digit_run_lines": _text("1234567890" * 8, "\n"),
    "spaced_digits": _text("1 2 3 4 5 6 7 8 9 0 ", ""),
    "digit_rows": _text("本年新收 12 3 0 0 1 16 0", "\n"),
    # Pinyin readings in brackets (stripped before matching) and fee sentences (fee reader).
    "pinyin_brackets": _text("复(fù)议(yì)诉(sù)讼(sòng)"),
    "pinyin_bracket_lines": _text("一、总(zǒng)体(tǐ)情(qíng)况(kuàng)", "\n"),
    "fee_sentences": _text("本年度收取信息处理费0元，"),
    "fee_sentence_lines": _text("本机关收取信息处理费100元。", "\n"),
    "brackets_unclosed": _text("（"),
    "docx_paragraphs": _docx(_PROSE),
    # Found while looking for more: line breaks as tags, a line of bare cell separators,
    # metadata dates, Traditional script (the OpenCC conversion).
    "br_tags_html": _html("<p>", "<br>公开", "</p>"),
    "pipes_single_line": _text("|"),
    "date_labels": _text("发布日期：2023-01-15 "),
    "traditional_prose": _text("政府資訊公開申請情況，本機關收到申請12件。", "\n"),
}

SIZES = [10_000, 31_623, 100_000, 316_228, 1_000_000, 3_162_278, 10_000_000]
FIT_FROM = 100_000


def read_once(shape: str, size: int) -> dict:
    """Build one input and read it; CPU seconds of ``read_report`` alone."""
    from reader.extract import ExtractionError
    from reader.parse import read_report

    data, name = SHAPES[shape](size)
    start = time.process_time()
    outcome = "record"
    try:
        record = read_report(data, name)
        if record.get("parse_error"):
            outcome = "parse_error"
    except ExtractionError as exc:
        outcome = f"refused:{exc.code}"
    cpu = time.process_time() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # ``size`` is what the shape was grown to (for a Word file, its uncompressed text).
    return {"size": size, "bytes": len(data), "cpu": cpu, "outcome": outcome, "peak_mb": peak_mb}


def _child(shape: str, size: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", shape, str(size), "--timeout", str(timeout)]
    try:
        # The CPU limit decides; the wall-clock one only guards against a stuck child on a
        # machine shared with other work.
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * 8 + 60)
    except subprocess.TimeoutExpired:
        return {"size": size, "bytes": None, "cpu": math.inf, "outcome": "TIMEOUT"}
    if proc.returncode != 0:
        return {"size": size, "bytes": None, "cpu": math.inf, "outcome": "TIMEOUT"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def slope(points: list[tuple[int, float]]) -> float:
    xs = [math.log(b) for b, _ in points]
    ys = [math.log(max(t, 1e-4)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def measure(shape: str, sizes: list[int], timeout: float) -> dict:
    points: list[dict] = []
    for size in sizes:
        point = _child(shape, size, timeout)
        points.append(point)
        if point["outcome"] == "TIMEOUT":
            break
    fit = [(p["size"], p["cpu"]) for p in points if p["size"] >= FIT_FROM and p["cpu"] != math.inf]
    timed_out = any(p["outcome"] == "TIMEOUT" for p in points)
    exponent = slope(fit) if len(fit) >= 2 else float("nan")
    return {"shape": shape, "points": points, "exponent": exponent, "timed_out": timed_out}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--max-bytes", type=int, default=10_000_000)
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES))
    parser.add_argument("--timeout", type=float, default=120.0, help="CPU seconds per reading")
    parser.add_argument("--limit", type=float, default=1.2, help="highest acceptable exponent")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        cpu = int(args.timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        print(json.dumps(read_once(args.child[0], int(args.child[1]))))
        return 0

    sizes = [s for s in SIZES if s <= args.max_bytes]
    print(
        f"sizes: {', '.join(_human(s) for s in sizes)}; fit from {_human(FIT_FROM)}; "
        f"CPU limit {args.timeout:.0f} s per reading; load average {os.getloadavg()[0]:.2f}"
    )
    header = f"{'shape':26} {'exp':>5}  " + " ".join(f"{_human(s):>8}" for s in sizes) + "  outcome"
    print(header)
    results = []
    failed = False
    for shape in args.shapes:
        result = measure(shape, sizes, args.timeout)
        results.append(result)
        cells = " ".join(f"{_seconds(p['cpu']):>8}" for p in result["points"])
        bad = result["timed_out"] or not (result["exponent"] <= args.limit)
        failed |= bad
        outcomes = sorted({p["outcome"] for p in result["points"]})
        print(
            f"{shape:26} {result['exponent']:5.2f}  {cells}  {','.join(outcomes)}{'  FAIL' if bad else ''}",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 1 if failed else 0


def _seconds(cpu: float) -> str:
    return "TIMEOUT" if cpu == math.inf else f"{cpu:.3f}"


def _human(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}MB".replace(".0MB", "MB")
    return f"{n / 1000:.0f}KB"


if __name__ == "__main__":
    sys.exit(main())
