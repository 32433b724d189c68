"""Extraction throughput: files per second for ~10 KB text, ~10 KB HTML and the real PDFs.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--seconds N]``. Uses the fixtures in
../shared/ when present, otherwise synthetic inputs (and says so).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.extract import extract  # noqa: E402

SHARED = REPO.parent / "shared" / "fixtures"


def _text_input() -> tuple[str, bytes]:
    seed = SHARED / "seeds" / "002_da4cd97813954aae.txt"
    if seed.exists():
        return "text (seed 002)", seed.read_bytes()
    line = "2022年，全区主动公开政府信息1234条，受理政府信息公开申请296件。\n"
    return "text (synthetic)", (line * (10_000 // len(line.encode()))).encode()


def _html_input() -> tuple[str, bytes]:
    page = (REPO / "tests" / "extract" / "data" / "gov_page.html").read_text(encoding="utf-8")
    filler = "<p>" + "政府信息公开工作稳步推进，主动公开政府信息数量持续增加。" * 8 + "</p>\n"
    pad = filler * max(0, (10_000 - len(page.encode())) // len(filler.encode()))
    page = page.replace("<p>本年度未收取信息处理费。</p>", pad + "<p>本年度未收取信息处理费。</p>")
    return "html (gov page)", page.encode()


def _pdf_inputs() -> list[tuple[str, bytes]]:
    pdf_dir = SHARED / "pdf"
    if not pdf_dir.is_dir():
        return []
    return [(f"pdf ({p.stem})", p.read_bytes()) for p in sorted(pdf_dir.glob("*.pdf"))]


def _measure(data: bytes, seconds: float) -> tuple[float, float, float]:
    """(files/s wall clock, ms/file wall clock, files per CPU second). The CPU figure is the
    one to compare on a shared machine: other processes do not inflate it."""
    extract(data)  # warm caches (codec tables, OpenCC, CJK sets)
    n = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    while True:
        extract(data)
        n += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds and n >= 3:
            cpu = time.process_time() - cpu_started
            return n / elapsed, elapsed / n * 1000, n / cpu if cpu else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per input (default 2)")
    args = parser.parse_args()
    inputs = [_text_input(), _html_input(), *_pdf_inputs()]
    if not SHARED.is_dir():
        print("note: ../shared/ is absent; synthetic text only, no PDFs")
    print(f"{'input':<24} {'KB':>7} {'files/s':>9} {'ms/file':>9} {'files/cpu-s':>12}")
    for name, data in inputs:
        rate, ms, cpu_rate = _measure(data, args.seconds)
        print(f"{name:<24} {len(data) / 1024:>7.1f} {rate:>9.1f} {ms:>9.2f} {cpu_rate:>12.1f}")


if __name__ == "__main__":
    main()
