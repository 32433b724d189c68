"""通报 exports: CSV with a BOM and XLSX, Chinese headers, confirmed findings, safe cells."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit import workflow
from audit.exports import FINDING_HEADERS, REPORT_HEADERS, safe_cell
from audit.models import Finding

from .conftest import finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(faulty_a, auditor):
    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_confirm(user=auditor, finding=fee)
    return fee


def test_csv_has_a_bom_chinese_headers_and_the_confirmed_findings(client, auditor, confirmed):
    client.force_login(auditor)
    response = client.get(reverse("audit:export", args=["csv"]), {"year": 2023})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FINDING_HEADERS
    assert rows[0][:3] == ["机关", "行政区划", "类别"]
    # Only confirmed findings: the open T3-COL ones are not in the 通报.
    data = rows[1:]
    assert [(r[0], r[5], r[9]) for r in data] == [("云州市东城区财政局", "FEE-MISSING", "已确认")]
    assert data[0][7] == confirmed.message
    assert data[0][4] == "审核中"


def test_report_without_confirmed_findings_still_gets_a_row(client, auditor, faulty_a):
    client.force_login(auditor)
    body = client.get(reverse("audit:export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    assert len(rows) == 1 and rows[0][7] == "（无已确认问题）" and rows[0][5] == ""


def test_xlsx_opens_with_openpyxl_and_holds_the_rows(client, auditor, confirmed):
    client.force_login(auditor)
    response = client.get(reverse("audit:export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["已确认问题", "报告"]
    findings = list(book["已确认问题"].iter_rows(values_only=True))
    assert findings[0] == FINDING_HEADERS
    assert [(r[0], r[3], r[5]) for r in findings[1:]] == [
        ("云州市东城区财政局", 2023, "FEE-MISSING")
    ]
    reports = list(book["报告"].iter_rows(values_only=True))
    assert reports[0] == REPORT_HEADERS
    assert reports[1][0] == "云州市东城区财政局"
    assert reports[1][6:9] == (3, 0, 0)  # errors, warnings, infos standing


def test_export_filters_by_region_and_year(client, admin_user, faulty_a, faulty_b):
    client.force_login(admin_user)
    body = client.get(reverse("audit:export", args=["csv"]), {"region": "451000"}).content
    names = {r[0] for r in list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]}
    assert names == {"青川市生态环境局"}
    body = client.get(reverse("audit:export", args=["csv"]), {"year": 2022}).content
    assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) == 1


def test_formula_like_text_is_neutralised(client, auditor, confirmed):
    Finding.objects.filter(pk=confirmed.pk).update(message='=HYPERLINK("http://x","y")')
    client.force_login(auditor)
    book = load_workbook(io.BytesIO(client.get(reverse("audit:export", args=["xlsx"])).content))
    cell = book["已确认问题"].cell(row=2, column=8)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x","y")'
    assert safe_cell("-1") == "'-1" and safe_cell(-1) == -1 and safe_cell("正常") == "正常"


def test_bulk_export_of_ticked_reports(client, admin_user, faulty_a, faulty_b):
    client.force_login(admin_user)
    response = client.post(
        reverse("audit:bulk"), {"report": [faulty_b.report.pk], "action": "export_xlsx"}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert [r[0] for r in book["报告"].iter_rows(min_row=2, values_only=True)] == [
        "青川市生态环境局"
    ]


def test_unknown_export_format_is_404(client, auditor, faulty_a):
    client.force_login(auditor)
    assert client.get(reverse("audit:export", args=["pdf"])).status_code == 404
