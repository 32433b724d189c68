"""Small documents written for the search tests (the suite runs without ../shared too)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from search.backends.base import SearchDocument

PINGGU = SearchDocument(
    id=1,
    title="北京市平谷区人民政府2022年政府信息公开工作年度报告",
    agency="北京市平谷区人民政府",
    region="北京市平谷区",
    region_code="110117",
    level="gov",
    year=2022,
    published=dt.date(2023, 3, 20),
    url="/reports/1/",
    sections={
        "s1": "一、总体情况\n2022年,平谷区深化政务公开,优化政府门户网站栏目设置,清理行政规范性文件90件。",
        "s2": "二、主动公开政府信息情况\n主动公开政策文件36份。",
        "s6": "六、其他需要报告的事项\n发出收费通知的件数和总金额以及实际收取的总金额均为0。",
    },
    figures={"t3_new": 296.0, "t3_r7": 294.0, "t4_rev": 3.0},
)

# Traditional, Taiwan phrasing, pinyin noise — how mirror sites publish.
QIAOKOU = SearchDocument(
    id=2,
    title="武漢市礄口區人民政府2022年政府信息公開工作年度報告",
    agency="武汉市硚口区人民政府",
    region="湖北省武汉市硚口区",
    region_code="420104",
    level="gov",
    year=2022,
    published=dt.date(2023, 3, 28),
    url="/reports/2/",
    sections={
        "s1": "一、總體情況\n2022年礄口區政府入口網站蟬聯“2022年度中國政務網站領先獎”。"
        "持續最佳化政務公開專區,集中公開行政規範性檔案。",
        "s5": "五、存在的主要問題及改進情況\n政務公開工作的重(zhòng)視程度有待提高,“徵收涉稅平台”上線。",
    },
    figures={"t3_new": 236.0, "t3_r7": 227.0, "t4_rev": 25.0},
)

# A report whose text contains markup: it must be shown as text.
AUDIT = SearchDocument(
    id=3,
    title="北京市丰台区审计局2023年政府信息公开工作年度报告",
    agency="北京市丰台区审计局",
    region="北京市丰台区",
    region_code="110106",
    level="dept",
    year=2023,
    published=dt.date(2024, 1, 25),
    url="/reports/3/",
    sections={
        "s1": "一、总体情况\n本局主页曾被植入<script>alert('x')</script>代码,已整改。",
        "s4": "四、政府信息公开行政复议、行政诉讼情况\n本年度行政复议2件,行政诉讼1件。",
    },
    figures={"t3_new": 1500.0, "t3_r7": 1400.0, "t4_rev": 2.0},
)

# Has 政务, 务公 and 公开, but never the phrase 政务公开.
BEIBEI = SearchDocument(
    id=4,
    title="重庆市北碚区人民政府2020年政府信息公开工作年度报告",
    agency="重庆市北碚区人民政府",
    region="重庆市北碚区",
    region_code="500109",
    level="gov",
    year=2020,
    published=dt.date(2021, 3, 30),
    url="/reports/4/",
    sections={
        "s1": "一、总体情况\n推进政务服务标准化,做好村务公开和依申请公开工作,落实减税。",
        "s3": "三、收到和处理政府信息公开申请情况\n全区共收到依申请公开68件。",
    },
    figures={"t3_new": 50.0, "t3_r7": 46.0, "t4_rev": 5.0},
)

GUANGZHOU = SearchDocument(
    id=5,
    title="广州市某区人民政府办公室2021年政府信息公开工作年度报告",
    agency="广州市某区人民政府办公室",
    region="广东省广州市某区",
    region_code="440100",
    level="dept",
    year=2021,
    published=None,
    url="/reports/5/",
    sections={
        "s1": "一、总体情况\n积极打造政府门户网站为政务公开第一平台,做好常态化疫情防控信息公开。",
        "s6": "六、其他需要报告的事项\n本年度无收取信息处理费。",
    },
    figures={"t3_new": None, "t3_r7": None},
)

DOCS: tuple[SearchDocument, ...] = (PINGGU, QIAOKOU, AUDIT, BEIBEI, GUANGZHOU)


# ---- the seeds (../shared), split into sections without the parser --------------------------

SEED_META = {
    "000": ("北京市平谷区人民政府", "北京市平谷区", "110117", "gov", 2022),
    "001": ("某区人民政府办公室", "广东省广州市某区", "440100", "dept", 2021),
    "002": ("北京市丰台区人民政府", "北京市丰台区", "110106", "gov", 2023),
    "003": ("武汉市硚口区人民政府", "湖北省武汉市硚口区", "420104", "gov", 2022),
    "004": ("重庆市北碚区人民政府", "重庆市北碚区", "500109", "gov", 2020),
}

_HEADING = re.compile(
    r"^\s*([一二三四五六七])、.{0,20}?(總體|总体|主動|主动|收到和|復|複|复|存在|其他需要)"
)


def split_sections(text: str) -> dict[str, str]:
    """Body text by section (s0 for the preamble), cut at the six headings."""
    from search.analysis import normalise

    sections: dict[str, list[str]] = {"s0": []}
    current = "s0"
    seen = 0
    for line in text.splitlines(keepends=True):
        m = _HEADING.match(normalise(line)[:40])
        if m and "|" not in line and seen < 6:
            seen += 1
            current = f"s{seen}"
            sections[current] = []
        sections[current].append(line)
    return {k: "".join(v) for k, v in sections.items() if "".join(v).strip()}


def seed_document(path: Path, doc_id: int) -> SearchDocument:
    agency, region, code, level, year = SEED_META[path.name[:3]]
    return SearchDocument(
        id=doc_id,
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        region=region,
        region_code=code,
        level=level,
        year=year,
        url=f"/reports/{doc_id}/",
        sections=split_sections(path.read_text(encoding="utf-8")),
    )
