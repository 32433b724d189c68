"""The robustness corpus: known reports, and what parsing and auditing each must give.

A :class:`Doc` is one report as structured content (title, sections with their printed
headings and paragraphs, tables with their printed cells) plus its **truth**: which sections
are present/empty, table 三 as the record must hold it, and the findings (rule, target) an
audit must raise (``findings``) or may raise (``optional``). Variant families
(``families.py``) change a Doc and its truth together, then a renderer (``render.py``) turns
it into file bytes the way a real publishing chain does.

Sources of truth (nothing from ``../shared`` is copied into the repo; it is read at run time):

- the seeds with full tables (002: 2021 layout, 004: 2019 layout): paragraphs from the seed
  text, table cells and findings from ``expected.json``;
- the seeds whose tables were lost (000, 001, 003): used as raw text only
  (``Doc.raw_text``), for the text-level families;
- the demo generator (:func:`demo.generate.build_demo`): clean reports and reports
  with one injected fault, whose expected findings the generator lists.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reader.record import SECTION_KEYS, SECTION_TITLES, TABLE_SECTION

CellValue = int | float | str | None
Cells = dict[str, dict[str, CellValue]]
FindingKey = tuple[str, str | None]

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "fixtures" / "seeds"

# Seeds whose tables survive (they can be re-rendered in any format), with what the seed text
# itself does not say: the publishing agency (a title line is printed where a format has one).
FULL_SEEDS: dict[str, tuple[str, str]] = {
    "002_da4cd97813954aae.txt": ("seed002", "北京市丰台区人民政府"),
    "004_806d6c890c9d0d8d.txt": ("seed004", "重庆市北碚区人民政府"),
}
RAW_SEEDS: dict[str, str] = {
    "000_855a33d65c0ebe31.txt": "seed000",
    "001_821e3546fb6fcf9b.txt": "seed001",
    "003_fc9aab34a1e880b5.txt": "seed003",
}

# Demo reports used as bases: clean ones of both levels and one of each fault whose expected
# findings do not need a previous year's report or a publication date (the measured chain is
# ``audit_file PATH`` without arguments).
DEMO_FAULTS: tuple[str, ...] = (
    "T3-COL",
    "T3-ROW",
    "NARR-T3",
    "FEE-MISSING",
    "S5-VACUOUS",
    "TABLE-BLANK-CELLS",
    "TABLE-EMPTY",
)
DEMO_CLEAN = {"gov": 2, "dept": 2}


@dataclass(slots=True)
class TableSpec:
    """One printed table: its layout and cells as printed (``str`` = placeholder, ``None`` =
    empty cell)."""

    key: str  # "t2" | "t3" | "t4"
    layout: str  # "2021" | "2019" (t4 has one layout; "2021" by convention)
    cells: Cells


@dataclass(slots=True)
class Section:
    heading: str | None  # the printed heading line; None = the heading is not printed
    paras: list[str] = field(default_factory=list)
    table: TableSpec | None = None


@dataclass(slots=True)
class Truth:
    """What the record and the audit must say about a Doc."""

    sections: dict[str, tuple[bool, bool]]  # key -> (present, empty)
    t3: Cells | None  # table 三 as the record must hold it (None for blanks), or None if no
    # table 三 with numbers is expected
    t2: Cells | None = None
    t4: Cells | None = None
    findings: set[FindingKey] = field(default_factory=set)
    optional: set[FindingKey] = field(default_factory=set)


@dataclass(slots=True)
class Doc:
    """A report as content. ``raw_text`` docs (tables lost at the source) have no structure:
    only text-level families apply to them."""

    base: str  # "seed002", "demo-459901-office-2023", …
    year: int
    agency: str
    level: str
    title: str
    published: dt.date | None
    intro: list[str]
    sections: dict[str, Section]
    tail: list[str]  # lines after section 六 (signature, attachments, website chrome)
    truth: Truth
    raw_text: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def structured(self) -> bool:
        return self.raw_text is None

    def copy(self) -> Doc:
        return copy.deepcopy(self)

    def table(self, key: str) -> TableSpec | None:
        section = self.sections.get(TABLE_SECTION[key])
        return section.table if section else None


def as_read(value: CellValue) -> int | float | None:
    """How a printed cell must appear in the record: numbers as numbers, anything else null."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def read_cells(cells: Cells) -> Cells:
    return {row: {col: as_read(v) for col, v in cols.items()} for row, cols in cells.items()}


def section_truth(sections: dict[str, Section]) -> dict[str, tuple[bool, bool]]:
    """Presence/emptiness as the record must report it.

    A section whose heading is not printed but whose table is there counts as present: the
    content is in the report (a heading lost in copying, or merged into a table caption).
    """
    out: dict[str, tuple[bool, bool]] = {}
    for key in SECTION_KEYS:
        sec = sections.get(key)
        if sec is None:
            out[key] = (False, False)
            continue
        has_table = sec.table is not None
        if sec.heading is None and not has_table:
            out[key] = (False, False)
            continue
        out[key] = (True, not any(p.strip() for p in sec.paras) and not has_table)
    return out


# ---- seeds ---------------------------------------------------------------------------------------


@cache
def _expected() -> dict:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))["reports"]


def _is_table_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.endswith("|") or set(stripped) <= {"|", " "}


def _findings(items: list) -> set[FindingKey]:
    return {(rule, target) for rule, target in items}


def seed_doc(name: str) -> Doc:
    """A seed with full tables as a structured Doc: its paragraphs, expected.json's cells."""
    base, agency = FULL_SEEDS[name]
    exp = _expected()[name]
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    titles = {v: k for k, v in SECTION_TITLES.items()}
    current: str | None = None
    intro: list[str] = []
    paras: dict[str, list[str]] = {k: [] for k in SECTION_KEYS}
    headings: dict[str, str] = {}
    for line in lines:
        stripped = line.strip()
        key = titles.get(stripped)
        if key and key not in headings and (current is None or key > current):
            current, headings[key] = key, stripped
            continue
        if not stripped or _is_table_line(stripped):
            continue
        (paras[current] if current else intro).append(stripped)
    # Website chrome after section 六 (丰台's page footer) stays at the end of the text.
    tail: list[str] = []
    s6 = paras["s6"]
    for i, para in enumerate(s6):
        if para.startswith(("附件", "主办")):
            tail, paras["s6"] = s6[i:], s6[:i]
            break
    tables = exp["tables"]
    sections: dict[str, Section] = {}
    for key in SECTION_KEYS:
        sections[key] = Section(heading=headings[key], paras=paras[key])
    for tkey, skey in TABLE_SECTION.items():
        tab = tables[tkey]
        if tab.get("cells"):
            layout = tab.get("layout") or "2021"
            sections[skey].table = TableSpec(tkey, layout, copy.deepcopy(tab["cells"]))
    truth = Truth(
        sections=section_truth(sections),
        t3=read_cells(tables["t3"]["cells"]),
        t2=read_cells(tables["t2"]["cells"]),
        t4=read_cells(tables["t4"]["cells"]),
        findings=_findings(exp["findings"]),
        optional=_findings(exp.get("optional", [])),
    )
    year = exp["year"]
    return Doc(
        base=base,
        year=year,
        agency=agency,
        level=exp["level"],
        title=f"{agency}{year}年政府信息公开工作年度报告",
        published=None,
        intro=intro,
        sections=sections,
        tail=tail,
        truth=truth,
    )


def raw_seed_doc(name: str) -> Doc:
    """A seed whose tables were lost at the source: the text as is, expected.json's truth."""
    exp = _expected()[name]
    truth = Truth(
        sections={k: (v["present"], bool(v.get("empty"))) for k, v in exp["sections"].items()},
        t3=None,
        findings=_findings(exp["findings"]),
        optional=_findings(exp.get("optional", [])),
    )
    return Doc(
        base=RAW_SEEDS[name],
        year=exp["year"],
        agency="",
        level=exp["level"],
        title="",
        published=None,
        intro=[],
        sections={},
        tail=[],
        truth=truth,
        raw_text=(SEEDS / name).read_text(encoding="utf-8"),
    )


# ---- demo ----------------------------------------------------------------------------------------


def _demo_doc(report) -> Doc:  # report: demo.generate.DemoReport
    data = report.data
    sections: dict[str, Section] = {}
    for key in SECTION_KEYS:
        sections[key] = Section(heading=data.heading(key), paras=list(data.sections.get(key, [])))
    for tkey, skey in TABLE_SECTION.items():
        cells = data.table_for(skey)
        if cells is not None:
            sections[skey].table = TableSpec(tkey, "2021", copy.deepcopy(cells))
    tail: list[str] = []
    if data.signature and data.published:
        d = data.published
        tail = [data.agency, f"{d.year}年{d.month}月{d.day}日"]
    truth = Truth(
        sections=section_truth(sections),
        t3=read_cells(data.t3) if data.t3 else None,
        t2=read_cells(data.t2) if data.t2 else None,
        t4=read_cells(data.t4) if data.t4 else None,
        findings={(d.rule, d.target or None) for d in report.defects},
    )
    return Doc(
        base=f"demo-{report.agency.area}-{report.agency.slug}-{report.year}"
        + (f"-{report.fault}" if report.fault else ""),
        year=report.year,
        agency=data.agency,
        level=data.level,
        title=data.title,
        published=data.published,
        intro=list(data.intro),
        sections=sections,
        tail=tail,
        truth=truth,
    )


@cache
def _demo_reports() -> tuple:
    from demo.generate import build_demo

    return tuple(build_demo(2024))


def demo_docs() -> list[Doc]:
    """Demo bases: a few clean reports of each level and one report per usable fault."""
    picked = []
    want = dict(DEMO_CLEAN)
    faults = set(DEMO_FAULTS)
    for report in _demo_reports():
        if report.fault is None:
            level = report.agency.level
            # Reports without applications say little about table 三: prefer busy ones.
            busy = report.data.t3 and int(report.data.t3["NEW"]["TOT"] or 0) > 0
            if want.get(level, 0) > 0 and busy:
                want[level] -= 1
                picked.append(report)
        elif report.fault in faults:
            faults.discard(report.fault)
            picked.append(report)
    return [_demo_doc(r) for r in picked]


def seed_docs() -> list[Doc]:
    if not SEEDS.is_dir():
        return []
    return [seed_doc(n) for n in FULL_SEEDS] + [raw_seed_doc(n) for n in RAW_SEEDS]


def base_docs(*, seeds: bool = True, demo: bool = True) -> list[Doc]:
    return (seed_docs() if seeds else []) + (demo_docs() if demo else [])
