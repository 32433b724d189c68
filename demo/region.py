"""The fictional region of the demo: 望川市 and three of its districts/counties.

Every name, code, domain and number here is invented. Region codes use prefecture 99 of
province 45, which no real prefecture uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.model import Site

CITY = "望川市"
CITY_CODE = "459900"


@dataclass(frozen=True, slots=True)
class Area:
    name: str  # "望川市澜溪区"
    short: str  # "澜溪区"
    code: str
    slug: str  # pinyin for URLs and file names
    kind: str  # "city" | "district" | "county"
    site: Site


def _site(name: str, slug: str, code: str) -> Site:
    return Site(
        name=f"{name}人民政府",
        host=f"www.{slug}.gov.cn",
        organizer=f"{name}人民政府办公室",
        site_code=f"{code}0001",
        icp=f"桂ICP备{int(code) % 100000:05d}{len(slug):03d}号",
        police=f"桂公网安备{code}02000{len(name):03d}号",
    )


AREAS: dict[str, Area] = {
    a.code: a
    for a in (
        Area(CITY, CITY, CITY_CODE, "wangchuan", "city", _site(CITY, "wangchuan", CITY_CODE)),
        Area(
            f"{CITY}澜溪区",
            "澜溪区",
            "459902",
            "lanxi",
            "district",
            _site("澜溪区", "lanxi.wangchuan", "459902"),
        ),
        Area(
            f"{CITY}青石区",
            "青石区",
            "459903",
            "qingshi",
            "district",
            _site("青石区", "qingshi.wangchuan", "459903"),
        ),
        Area(
            f"{CITY}云岭县",
            "云岭县",
            "459922",
            "yunling",
            "county",
            _site("云岭县", "yunling.wangchuan", "459922"),
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Agency:
    name: str  # the full name used in titles and the manifest
    short: str  # how the agency refers to itself in prose ("市教育局", "澜溪区")
    slug: str
    area: str  # region code
    level: str  # "gov" | "dept"
    kind: str  # key of PROFILES (numbers) and of the prose topic banks

    @property
    def region(self) -> Area:
        return AREAS[self.area]

    @property
    def parent(self) -> str:
        """The parent agency: the government of the same area for a department, the city
        government for a district/county government, nothing for the city government."""
        if self.level == "dept":
            return f"{self.region.name}人民政府"
        if self.area == CITY_CODE:
            return ""
        return f"{CITY}人民政府"


def _gov(code: str, kind: str) -> Agency:
    area = AREAS[code]
    return Agency(f"{area.name}人民政府", area.short, "zf", code, "gov", kind)


def _dept(code: str, unit: str, slug: str, kind: str) -> Agency:
    area = AREAS[code]
    prefix = "市" if code == CITY_CODE else area.short
    return Agency(f"{area.name}{unit}", f"{prefix}{unit}", slug, code, "dept", kind)


AGENCIES: tuple[Agency, ...] = (
    _gov(CITY_CODE, "gov_city"),
    _dept(CITY_CODE, "人民政府办公室", "zfb", "office"),
    _dept(CITY_CODE, "教育局", "jyj", "edu"),
    _dept(CITY_CODE, "生态环境局", "sthjj", "eco"),
    _dept(CITY_CODE, "市场监督管理局", "scjgj", "market"),
    _dept(CITY_CODE, "人力资源和社会保障局", "rsj", "hr"),
    _gov("459902", "gov_district"),
    _dept("459902", "财政局", "czj", "finance"),
    _dept("459902", "人力资源和社会保障局", "rsj", "hr"),
    _gov("459903", "gov_district"),
    _dept("459903", "卫生健康局", "wjj", "health"),
    _gov("459922", "gov_county"),
    _dept("459922", "自然资源局", "zrzyj", "natres"),
    _dept("459922", "教育局", "jyj", "edu"),
)

YEARS: tuple[int, ...] = (2022, 2023, 2024)
