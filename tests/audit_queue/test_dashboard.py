"""The dashboard's numbers (the SVG draws exactly these)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit import dashboard, workflow
from tests.audit.factories import report_text

from .conftest import FAULTY, finding

pytestmark = pytest.mark.django_db


def _chart(d, title):
    return {b.label: (b.value, b.note) for b in next(c for c in d.charts if c.title == title).bars}


@pytest.fixture
def region_a(upload, region_tree, auditor):
    faulty = upload(
        region_tree["agency_a"], 2023, report_text(**FAULTY), published=dt.date(2024, 2, 20)
    )
    clean = upload(
        region_tree["city_gov"],
        2023,
        report_text(agency="云州市人民政府"),
        published=dt.date(2024, 3, 1),
    )
    workflow.finding_confirm(user=auditor, finding=finding(faulty, "FEE-MISSING"))
    return faulty, clean


def test_expected_received_late(auditor, region_a):
    d = dashboard.build(auditor, year=2023)
    assert (d.expected, d.received, d.late) == (4, 2, 1)  # the department published after 1-31
    assert _chart(d, "报告报送情况") == {"应报送": (4, ""), "已收到": (2, ""), "逾期发布": (1, "")}


def test_compliance_by_level_rules_and_agencies(auditor, region_a):
    d = dashboard.build(auditor, year=2023)
    assert _chart(d, "合规率（按机关类别）") == {"政府": (100.0, "1/1"), "部门": (0.0, "0/1")}
    # Warnings count too: the department published late, the government omits 第五十条第四项.
    # Bars are named by the rules' Chinese titles, the code beside them.
    from audit.rules import get_rule

    assert _chart(d, "最常见的问题（规则）") == {
        get_rule("T3-COL").title: (2, "T3-COL"),
        get_rule("DATE-LATE").title: (1, "DATE-LATE"),
        get_rule("FEE-MISSING").title: (1, "FEE-MISSING"),
        get_rule("GOV-ART50-4").title: (1, "GOV-ART50-4"),
    }
    assert _chart(d, "错误最多的机关") == {"云州市东城区财政局": (3, "")}
    assert _chart(d, "整改进度（报告数）")["审核中"] == (1, "")
    assert _chart(d, "整改进度（报告数）")["待审核"] == (1, "")


def test_region_filter_narrows_everything(auditor, region_a):
    d = dashboard.build(auditor, year=2023, region="450902")
    assert (d.expected, d.received) == (2, 1)


def test_dashboard_page_shows_numbers_beside_the_bars(client, auditor, region_a):
    client.force_login(auditor)
    html = client.get(reverse("audit:dashboard"), {"year": 2023}).content.decode()
    assert "<svg" in html and "<script" not in html.split("</head>")[1]
    assert "T3-COL" in html and ">2个<" in html
    assert "0.0%（0/1）" in html
