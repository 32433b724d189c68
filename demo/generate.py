"""Generate the demo region: 14 agencies of the fictional 望川市, three years of reports each.

:func:`build_demo` makes the reports in memory (:class:`DemoReport`: the data, the file format,
the injected defects); :func:`generate_demo` writes them with a ``manifest.csv`` and a
``defects.csv``. Both are deterministic for a seed.

Defects are planned first (which report gets which fault), then every agency's years are
generated in order so that cross-year figures chain: 上年结转 is last year's printed 结转下年度
and 现行有效 continues from last year. Each defective report carries exactly one injected fault;
``defects.csv`` lists every finding that fault should produce, including the ones that follow
from it arithmetically (a wrong row total also breaks the 总计 column's sum).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from demo import prose
from demo.model import Cells, ReportData
from demo.numbers import AgencyState, Fee, make_fee, make_t2, make_t3, make_t4
from demo.region import AGENCIES, YEARS, Agency
from demo.render import render_docx, render_html, render_text
from reader.record import (
    SECTION_KEYS,
    T3_COL_LABELS,
    T3_PARTY_COLS,
    T3_RESULT_ROWS_2021,
    T3_ROWS_2021,
)

MANIFEST_COLUMNS = (
    "path",
    "agency",
    "region",
    "region_code",
    "parent",
    "level",
    "year",
    "published",
    "source_url",
)
DEFECT_COLUMNS = ("path", "rule", "target", "note")

# How many reports get each fault. Every other report is clean.
DEFECT_PLAN: dict[str, int] = {
    "TABLE-EMPTY": 1,
    "TABLE-BLANK-CELLS": 2,
    "T3-COL": 2,
    "T3-ROW": 1,
    "FEE-MISSING": 2,
    "X-CARRY": 2,
    "DATE-LATE": 2,
    "S5-VACUOUS": 1,
    "NARR-T3": 2,
    "X-COPY": 1,
}

FORMATS = ("html", "html-gb18030", "txt", "docx")
EXTENSIONS = {"html": ".html", "html-gb18030": ".htm", "txt": ".txt", "docx": ".docx"}
GB_AREA = "459902"  # 澜溪区's website runs an old CMS that serves GB18030 pages

# Accepted variants of section headings (domain.md §2.1), used now and then.
HEADING_VARIANTS: dict[str, tuple[str, ...]] = {
    "s4": ("四、政府信息公开行政复议和行政诉讼情况", "四、政府信息公开行政复议及行政诉讼情况"),
    "s5": ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题和改进情况"),
}


@dataclass(frozen=True, slots=True)
class Defect:
    """A finding the audit should report for this file (``target`` empty when none)."""

    rule: str
    target: str
    note: str


@dataclass(slots=True)
class DemoReport:
    agency: Agency
    year: int
    data: ReportData
    fmt: str  # one of FORMATS
    path: str  # relative to the manifest
    fault: str | None  # the injected fault (a rule ID) or None for a clean report
    defects: list[Defect] = field(default_factory=list)
    true_t3: Cells = field(default_factory=dict)  # table 三 before any fault was injected
    style_seed: int = 0
    avoid: dict[str, int] = field(default_factory=dict)
    picks: dict[str, int] = field(default_factory=dict)
    numberless: bool = False
    table_style: str = "cell"
    halfwidth: bool = False  # text copies: ASCII brackets and punctuation

    @property
    def clean(self) -> bool:
        return self.fault is None


# ---- planning ----------------------------------------------------------------------------------


def _plan_faults(rng: random.Random, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Assign each fault to distinct reports, respecting what each fault needs."""
    plan: dict[tuple[int, int], str] = {}

    def candidates(rule: str) -> list[tuple[int, int]]:
        out = []
        for key in keys:
            a, year = key
            if key in plan:
                continue
            prev = plan.get((a, year - 1))
            if rule in ("X-CARRY", "X-COPY") and year == YEARS[0]:
                continue
            if rule == "X-CARRY" and prev == "TABLE-EMPTY":
                continue
            if rule == "X-COPY" and prev in ("S5-VACUOUS", "X-COPY"):
                continue
            if rule == "S5-VACUOUS" and plan.get((a, year + 1)) == "X-COPY":
                continue
            if rule == "TABLE-EMPTY" and plan.get((a, year + 1)) == "X-CARRY":
                continue
            if rule == "DATE-LATE" and AGENCIES[a].level != "dept":
                continue
            out.append(key)
        return out

    # The rules with the most constraints first.
    for rule in ("X-COPY", "X-CARRY", "DATE-LATE", *DEFECT_PLAN):
        already = sum(1 for r in plan.values() if r == rule)
        for _ in range(DEFECT_PLAN[rule] - already):
            plan[rng.choice(candidates(rule))] = rule
    return plan


def _plan_formats(rng: random.Random, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    formats = {key: "html-gb18030" if AGENCIES[key[0]].area == GB_AREA else "html" for key in keys}
    # The GB site's own government report always stays a GB18030 page, so every seed has some.
    movable = [
        k for k in keys if not (AGENCIES[k[0]].area == GB_AREA and AGENCIES[k[0]].level == "gov")
    ]
    rng.shuffle(movable)
    for key in movable[:10]:
        formats[key] = "txt"
    for key in movable[10:19]:
        formats[key] = "docx"
    return formats


def _published(rng: random.Random, agency: Agency, year: int, late: bool) -> dt.date:
    if late:
        day = dt.date(year + 1, 2, 3) + dt.timedelta(days=rng.randint(0, 40))
    elif agency.level == "gov":
        day = dt.date(year + 1, 1, 20) + dt.timedelta(days=rng.randint(0, 66))
    else:
        day = dt.date(year + 1, 1, 5) + dt.timedelta(days=rng.randint(0, 25))
    # Offices publish on working days; step back from a weekend (never past a deadline).
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


# ---- fault injection ---------------------------------------------------------------------------


def _with_tot(cells: Cells, row: str, col: str, delta: int) -> None:
    cells[row][col] = int(cells[row][col]) + delta  # type: ignore[arg-type]
    cells[row]["TOT"] = int(cells[row]["TOT"]) + delta  # type: ignore[arg-type]


def _inject_table(
    rng: random.Random, fault: str | None, t3: Cells
) -> tuple[Cells | None, list[Defect]]:
    """The table 三 as printed, and the findings the injected fault should produce."""
    printed = copy.deepcopy(t3)
    if fault == "TABLE-EMPTY":
        # A skeleton whose values were lost (image table, broken paste): no number at all.
        return {row: dict.fromkeys(cols) for row, cols in printed.items()}, [
            Defect("TABLE-EMPTY", "t3", "表三只有表头和行列标题，没有任何数字")
        ]
    if fault == "TABLE-BLANK-CELLS":
        blanked = []
        for row in T3_ROWS_2021:
            for col in ("SCI", "NGO"):
                if printed[row][col] == 0:
                    printed[row][col] = "/"
                    blanked.append(f"{row}.{col}")
        return printed, [
            Defect(
                "TABLE-BLANK-CELLS",
                "t3",
                f"表三“科研机构”“社会公益组织”两列的零值填为“/”，共{len(blanked)}格",
            )
        ]
    if fault == "T3-COL":
        delta = rng.choice((1, 2, 3, 10))
        _with_tot(printed, "NEW", "NP", delta)
        return printed, [
            Defect(
                "T3-COL",
                "NP",
                f"“自然人”列本年新收多填{delta}件，第一项加第二项不再等于第三项加第四项",
            ),
            Defect("T3-COL", "TOT", "“总计”列随之不平衡"),
        ]
    if fault == "T3-ROW":
        rows = [r for r in T3_RESULT_ROWS_2021 if int(printed[r]["TOT"]) >= 2]  # type: ignore[arg-type]
        row = max(rows, key=lambda r: int(printed[r]["TOT"]))  # type: ignore[arg-type]
        delta = rng.choice((-1, 1, 10))
        printed[row]["TOT"] = int(printed[row]["TOT"]) + delta  # type: ignore[arg-type]
        return printed, [
            Defect("T3-ROW", row, f"该行“总计”与各申请人类别之和相差{delta}"),
            Defect("T3-SUM", "TOT", "“总计”列的（七）总计因此不等于各办理结果之和"),
        ]
    if fault == "X-CARRY":
        col = max(T3_PARTY_COLS, key=lambda c: int(printed["NEW"][c]))  # type: ignore[arg-type]
        delta = min(int(printed["NEW"][col]), rng.randint(1, 4))  # type: ignore[arg-type]
        # Carry-over mistyped, the intake adjusted so that the table itself still balances.
        _with_tot(printed, "CARRY_IN", col, delta)
        _with_tot(printed, "NEW", col, -delta)
        return printed, [
            Defect(
                "X-CARRY",
                col,
                f"“{T3_COL_LABELS[col]}”列上年结转比上一年度报告的结转下年度多{delta}件",
            ),
            Defect("X-CARRY", "TOT", "“总计”列上年结转随之不符"),
        ]
    return printed, []


def _needs_applications(fault: str | None) -> bool:
    return fault in ("T3-COL", "T3-ROW", "X-CARRY", "NARR-T3", "TABLE-EMPTY")


# ---- building ----------------------------------------------------------------------------------


def build_demo(seed: int = 2024) -> list[DemoReport]:
    """All demo reports, in memory, agency by agency and year by year."""
    rng = random.Random(seed)
    keys = [(a, year) for a in range(len(AGENCIES)) for year in YEARS]
    faults = _plan_faults(rng, keys)
    formats = _plan_formats(rng, keys)
    copied_next = {(a, year - 1) for (a, year), rule in faults.items() if rule == "X-COPY"}
    reports: list[DemoReport] = []
    for a, agency in enumerate(AGENCIES):
        state = AgencyState()
        previous: DemoReport | None = None
        for year in YEARS:
            fault = faults.get((a, year))
            # Each report draws from its own generator so that changing one report's text
            # never shifts the numbers of the others.
            local = random.Random(f"{seed}:{agency.area}:{agency.slug}:{year}")
            report = _build_one(
                local,
                agency,
                year,
                fault=fault,
                fmt=formats[(a, year)],
                state=state,
                previous=previous,
                numberless=(a, year) in copied_next,
            )
            reports.append(report)
            previous = report
    return reports


def _build_one(
    rng: random.Random,
    agency: Agency,
    year: int,
    *,
    fault: str | None,
    fmt: str,
    state: AgencyState,
    previous: DemoReport | None,
    numberless: bool,
) -> DemoReport:
    # A small department sometimes has a year without a single application.
    zero = (
        agency.kind in ("finance", "health", "office")
        and not _needs_applications(fault)
        and rng.random() < 0.3
    )
    fee = Fee() if fault == "FEE-MISSING" else make_fee(rng, agency.kind, year)
    if zero:
        fee = Fee()
    t2 = make_t2(rng, agency.kind, state)
    true_t3 = make_t3(rng, agency.kind, state, fee, zero=zero)
    t4 = make_t4(rng, agency.kind)
    printed, defects = _inject_table(rng, fault, true_t3)

    facts = prose.Facts(t2=t2, t3=printed, t4=t4, fee=fee)
    if fault == "TABLE-EMPTY":
        facts = prose.Facts(t2=t2, t3=None, t4=t4, fee=fee, hidden_t3=true_t3)
    if fault == "NARR-T3":
        real = int(true_t3["NEW"]["TOT"])  # type: ignore[arg-type]
        stated = real + rng.choice((-1, 1)) * rng.choice((1, 2, 5, 10))
        facts.stated_new = stated if stated >= 0 else real + 3
        defects.append(
            Defect("NARR-T3", "NEW", f"正文称新收申请{facts.stated_new}件，表三为{real}件")
        )

    if fault == "X-COPY" and previous is not None:
        style_seed, avoid = previous.style_seed, previous.avoid
        numberless = True
        defects += [
            Defect("X-COPY", "s1", f"“总体情况”照搬{year - 1}年报告，仅改动年份"),
            Defect("X-COPY", "s5", f"“存在的主要问题及改进情况”照搬{year - 1}年报告，仅改动年份"),
        ]
    else:
        style_seed = rng.randrange(2**32)
        avoid = previous.picks if previous is not None else {}
    writer = prose.Writer(random.Random(style_seed), avoid=dict(avoid), numberless=numberless)
    intro = prose.write_intro(agency, year, writer)
    sections: dict[str, list[str]] = {key: [] for key in SECTION_KEYS}
    sections["s1"] = prose.write_s1(agency, year, facts, writer)
    sections["s5"] = prose.write_s5(agency, year, writer)
    sections["s6"] = prose.write_s6(agency, year, fee, writer, with_fee=fault != "FEE-MISSING")
    if fault == "FEE-MISSING":
        defects.append(Defect("FEE-MISSING", "s6", "“其他需要报告的事项”未说明信息处理费收取情况"))
    if fault == "S5-VACUOUS":
        sections["s5"] = [rng.choice(("无。", "暂无。", "无"))]
        defects.append(Defect("S5-VACUOUS", "s5", "“存在的主要问题及改进情况”只写了“无”"))
    t4_total = sum(int(t4[g]["TOT"]) for g in t4)  # type: ignore[arg-type]
    if t4_total == 0 and rng.random() < 0.5:
        sections["s4"] = [prose.no_cases_note(year, agency)]

    published = _published(rng, agency, year, late=fault == "DATE-LATE")
    if fault == "DATE-LATE":
        defects.append(
            Defect(
                "DATE-LATE", "", f"部门年报{published.isoformat()}才发布，晚于{year + 1}年1月31日"
            )
        )
    site = agency.region.site
    doc_id = rng.randint(1000000, 9999999)
    kind = "zfnb" if agency.level == "gov" else "bmnb"
    stamp = published.strftime("%Y%m%d")
    page = f"http://{site.host}/zwgk/zfxxgknb/{kind}/{stamp[:6]}/t{stamp}_{doc_id}.html"
    source_url = page
    if fmt == "docx":
        source_url = f"http://{site.host}/zwgk/zfxxgknb/{kind}/{stamp[:6]}/P0{stamp}{doc_id}.docx"
    headings = {}
    for key, variants in HEADING_VARIANTS.items():
        if rng.random() < 0.15:
            headings[key] = rng.choice(variants)

    data = ReportData(
        agency=agency.name,
        year=year,
        level=agency.level,
        intro=intro,
        sections=sections,
        t2=t2,
        t3=printed,
        t4=t4,
        published=published,
        source_url=source_url,
        site=site,
        index_no=f"{agency.area}-{agency.slug.upper()}/{year + 1}-{rng.randint(1, 400):05d}",
        signature=fmt in ("docx", "txt") or rng.random() < 0.3,
        headings=headings,
    )
    path = f"reports/{agency.area}/{agency.slug}/{year}{EXTENSIONS[fmt]}"
    return DemoReport(
        agency=agency,
        year=year,
        data=data,
        fmt=fmt,
        path=path,
        fault=fault,
        defects=defects,
        true_t3=true_t3,
        style_seed=style_seed,
        avoid=dict(avoid),
        picks=dict(writer.picks),
        numberless=numberless,
        table_style="row" if fmt == "txt" and rng.random() < 0.3 else "cell",
        halfwidth=fmt == "txt" and rng.random() < 0.5,
    )


# ---- writing -----------------------------------------------------------------------------------


def render_file(report: DemoReport) -> bytes:
    """The bytes of a demo report's file."""
    data = report.data
    if report.fmt == "html":
        return render_html(data).encode("utf-8")
    if report.fmt == "html-gb18030":
        # Old CMSs declare gb2312 and serve GBK/GB18030; every character used here is in GB2312.
        return render_html(data, charset="gb2312", template="legacy").encode("gb18030")
    if report.fmt == "txt":
        text = render_text(data, table_style=report.table_style, halfwidth=report.halfwidth)
        return text.encode("utf-8")
    return render_docx(data)


def generate_demo(out_dir: Path, *, seed: int = 2024) -> Path:
    """Write the demo region's reports under ``out_dir``; return the manifest CSV's path.

    ``manifest.csv`` (UTF-8 with BOM, so Excel opens it) lists every file; ``defects.csv``
    lists the findings each injected fault should produce. Paths are relative to the manifest.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    reports = build_demo(seed)
    manifest = out_dir / "manifest.csv"
    with (
        manifest.open("w", encoding="utf-8-sig", newline="") as mf,
        (out_dir / "defects.csv").open("w", encoding="utf-8-sig", newline="") as df,
    ):
        m = csv.writer(mf)
        d = csv.writer(df)
        m.writerow(MANIFEST_COLUMNS)
        d.writerow(DEFECT_COLUMNS)
        for report in reports:
            target = out_dir / report.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render_file(report))
            agency = report.agency
            m.writerow(
                (
                    report.path,
                    agency.name,
                    agency.region.name,
                    agency.area,
                    agency.parent,
                    agency.level,
                    report.year,
                    report.data.published.isoformat() if report.data.published else "",
                    report.data.source_url,
                )
            )
            for defect in report.defects:
                d.writerow((report.path, defect.rule, defect.target, defect.note))
    return manifest
