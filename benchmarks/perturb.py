"""Reading under changed shapes: the real reports of ../shared re-shaped as copies of them would be.

    .venv/bin/python benchmarks/perturb.py

Each report with a known reading — the real scraped reports (``fixtures/real``, their
``expected.json``), the seeds with tables (``fixtures/seeds``) and the text of the three PDFs
(``fixtures/pdf``, measured against what the parser reads from the PDF itself) — is changed the
way another copy of the same page could differ: Traditional script, full-width digits, tabs or
ideographic spaces for spaces, CRLF, pipes dropped or turned into tabs, lines joined, text
hard-wrapped every ~80 or ~200 characters. For each it prints table 三 and table 四 cells read
right / read wrong / left unread. A wrong number is the failure that matters (an unread cell is
shown as unread; a wrong one misleads the auditor): the column to watch is 错.

Not a target: the shapes are the ones imagined here. Use it to catch a change that makes a
reading wrong where it was right or unread.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.extract import extract  # noqa: E402
from reader.parse import read_report  # noqa: E402

SHARED = REPO.parent / "shared" / "fixtures"


def _wrap(width: int, seed: int) -> Callable[[str], str]:
    def wrap(text: str) -> str:
        rng = random.Random(seed)
        out, i = [], 0
        while i < len(text):
            k = rng.randint(width // 2, width)
            out.append(text[i : i + k])
            i += k
        return "\n".join(out)

    return wrap


def _shapes() -> dict[str, Callable[[str], str]]:
    import opencc

    s2t, s2tw = opencc.OpenCC("s2t"), opencc.OpenCC("s2twp")
    full = {ord(str(i)): chr(0xFF10 + i) for i in range(10)}
    return {
        "原样": lambda s: s,
        "繁体": s2t.convert,
        "繁体（台湾用语）": s2tw.convert,
        "全角数字": lambda s: s.translate(full),
        "空格→制表符": lambda s: s.replace(" ", "\t"),
        "空格→全角空格": lambda s: s.replace(" ", "\u3000"),
        "去掉空格": lambda s: re.sub(r"[ \t\u3000]", "", s),
        "CRLF": lambda s: s.replace("\n", "\r\n"),
        "去掉竖线": lambda s: re.sub(r"\s*\|\s*", " ", s),
        "竖线→制表符": lambda s: re.sub(r"\s*\|\s*", "\t", s),
        "合成一行": lambda s: s.replace("\n", ""),
        "合成一行（空格）": lambda s: s.replace("\n", " "),
        "每约80字折行": _wrap(80, 1),
        "每约200字折行": _wrap(200, 2),
    }


def _score(truth: dict, record: dict, table: str) -> tuple[int, int, int]:
    right = wrong = unread = 0
    got = (record["tables"].get(table) or {}).get("cells") or {}
    for row, cols in truth.items():
        for col, want in cols.items():
            if want is None:
                continue
            value = (got.get(row) or {}).get(col)
            if value is None:
                unread += 1
            elif value == want:
                right += 1
            else:
                wrong += 1
    return right, wrong, unread


def _cases() -> list[tuple[str, str, dict[str, dict]]]:
    """(name, text, {table: truth cells})."""
    cases = []
    real = json.loads((SHARED / "real" / "expected.json").read_text(encoding="utf-8"))
    for want in real.values():
        text = (SHARED / "real" / want["file"]).read_text(encoding="utf-8")
        cases.append((want["file"], text, {t: want["tables"][t]["cells"] for t in ("t3", "t4")}))
    seeds = json.loads((SHARED / "seeds" / "expected.json").read_text(encoding="utf-8"))
    for name, want in seeds["reports"].items():
        tables = {
            t: want["tables"][t]["cells"] for t in ("t3", "t4") if "cells" in want["tables"][t]
        }
        if tables:
            cases.append((name, (SHARED / "seeds" / name).read_text(encoding="utf-8"), tables))
    for path in sorted((SHARED / "pdf").glob("*.pdf")):
        data = path.read_bytes()
        reference = read_report(data, path.name)
        tables = {t: reference["tables"][t]["cells"] for t in ("t3", "t4")}
        cases.append((f"{path.name}（文本）", extract(data, path.name).text, tables))
    return cases


def main() -> int:
    if not (SHARED / "real" / "expected.json").is_file():
        print("../shared/fixtures 不存在：本基准需要共享样本，跳过。")
        return 0
    shapes = _shapes()
    totals = {name: [0, 0, 0] for name in shapes}
    print("| 文件 | 形态 | 表三 对/错/未读 | 表四 对/错/未读 |")
    print("|---|---|---|---|")
    for name, text, tables in _cases():
        for shape, change in shapes.items():
            record = read_report(change(text).encode("utf-8"), "copy.txt")
            cells = {t: _score(truth, record, t) for t, truth in tables.items()}
            for right, wrong, unread in cells.values():
                totals[shape][0] += right
                totals[shape][1] += wrong
                totals[shape][2] += unread
            shown = ["/".join(map(str, cells[t])) if t in cells else "—" for t in ("t3", "t4")]
            print(f"| {name} | {shape} | {shown[0]} | {shown[1]} |")
    print()
    print("| 形态 | 对 | 错 | 未读 |")
    print("|---|---:|---:|---:|")
    for shape, (right, wrong, unread) in totals.items():
        print(f"| {shape} | {right} | {wrong} | {unread} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
