"""The data of one demo report, before it is rendered to a file.

:class:`ReportData` is deliberately small and plain so that tests elsewhere can build one by
hand ("render this known table 三 to HTML and parse it back"). Table cells are keyed exactly as
in :mod:`reader.record` (``t3["NEW"]["NP"]``, ``t2["FEE"]["AMOUNT"]``, ``t4["REV"]["TOT"]``).

A cell value is rendered as follows: ``int``/``float`` → the number; ``None`` → an empty cell
(a table skeleton without values); ``str`` → printed verbatim (placeholders such as ``"/"``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reader.record import SECTION_KEYS, SECTION_TITLES

CellValue = int | float | str | None
Cells = dict[str, dict[str, CellValue]]


@dataclass(frozen=True, slots=True)
class Site:
    """The (fictional) website a report is published on; used for the HTML page chrome."""

    name: str  # "望川市人民政府"
    host: str  # "www.wangchuan.gov.cn"
    organizer: str  # 主办单位
    site_code: str  # 网站标识码
    icp: str  # "桂ICP备…号"
    police: str  # 公网安备
    column: str = "政府信息公开年报"


@dataclass(slots=True)
class ReportData:
    """One annual report's content.

    ``sections`` maps ``s1``…``s6`` to paragraphs; a paragraph that is a sub-heading
    (``（一）主动公开``) is simply a short paragraph. Tables 二/三/四 are printed at the end of
    sections 二/三/四 respectively; a table that is ``None`` is not printed at all.
    """

    agency: str
    year: int
    level: str = "dept"  # "gov" | "dept"
    intro: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    t2: Cells | None = None
    t3: Cells | None = None
    t4: Cells | None = None
    published: dt.date | None = None
    source_url: str = ""
    site: Site | None = None
    index_no: str = ""  # 索引号 in the page's metadata block
    signature: bool = False  # end with "{agency}\n{date}" like a signed document
    headings: dict[str, str] = field(default_factory=dict)  # overrides of SECTION_TITLES

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def heading(self, key: str) -> str:
        return self.headings.get(key) or SECTION_TITLES[key]

    def table_for(self, key: str) -> Cells | None:
        """The table printed in section ``key`` (``s2`` → t2, ``s3`` → t3, ``s4`` → t4)."""
        return {"s2": self.t2, "s3": self.t3, "s4": self.t4}.get(key)

    def section_text(self, key: str) -> str:
        return "\n".join(self.sections.get(key, []))

    def all_sections(self) -> tuple[str, ...]:
        return SECTION_KEYS
