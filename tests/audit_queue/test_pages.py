"""The queue and the review page as rendered HTML (real pipeline, real templates)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import workflow
from audit.models import Finding, Review
from audit.selectors import QueueFilters, queue_page
from audit.views import finding_cells
from tests.audit.factories import report_text

from .conftest import FAULTY, FEE_ONLY, finding

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr data-row>(.*?)</tr>", html, flags=re.S)


@pytest.fixture
def three(upload, region_tree):
    """Region A: 财政局 2023 with three errors, 教育局 2023 with FEE-MISSING only, 教育局 2022 clean."""
    faulty = upload(region_tree["agency_a"], 2023, report_text(**FAULTY))
    fee = upload(region_tree["city_dept"], 2023, report_text(agency="云州市教育局", **FEE_ONLY))
    clean = upload(region_tree["city_dept"], 2022, report_text(2022, agency="云州市教育局"))
    return faulty, fee, clean


def test_queue_lists_reports_with_counts_and_worst_finding(client, auditor, three):
    _faulty, _fee, _clean = three
    client.force_login(auditor)
    html = client.get(reverse("audit:queue")).content.decode()
    rows = _rows(html)
    assert len(rows) == 2  # the clean report has nothing to decide
    first = rows[0]
    assert "云州市东城区财政局" in first and "2023" in first
    assert '<span class="sev sev-error">3</span>' in first
    assert "待审核" in first and "未分配" in first
    assert "FEE-MISSING" in rows[1]
    assert "共 2 份报告" in html


def test_queue_filters_by_rule_year_and_all(auditor, three):
    faulty, _fee, clean = three
    by_rule = queue_page(auditor, QueueFilters(rule="T3-COL"))
    assert [r.report.pk for r in by_rule.rows] == [faulty.report.pk]
    assert by_rule.rows[0].counts == {"error": 3, "warning": 0, "info": 0}
    assert queue_page(auditor, QueueFilters(year=2022)).rows == []
    everything = queue_page(auditor, QueueFilters(all=True, year=2022))
    assert [r.report.pk for r in everything.rows] == [clean.report.pk]


def test_queue_filters_by_status_assignee_and_overdue(auditor, three):
    faulty, fee, _clean = three
    workflow.review_assign(user=auditor, report=fee.report, assignee=auditor)
    mine = queue_page(auditor, QueueFilters(assignee="me"))
    assert [r.report.pk for r in mine.rows] == [fee.report.pk]
    unassigned = queue_page(auditor, QueueFilters(assignee="none"))
    assert [r.report.pk for r in unassigned.rows] == [faulty.report.pk]
    workflow.finding_confirm(user=auditor, finding=finding(faulty, "FEE-MISSING"))
    workflow.review_request_rectification(
        user=auditor,
        report=faulty.report,
        due_date=timezone.localdate() + dt.timedelta(days=2),
        message="请整改",
    )
    rect = queue_page(auditor, QueueFilters(status="rectifying"))
    assert [r.report.pk for r in rect.rows] == [faulty.report.pk]
    assert rect.rows[0].deadline == "soon"
    assert queue_page(auditor, QueueFilters(overdue=True)).rows == []
    Review.objects.filter(report=faulty.report).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    late = queue_page(auditor, QueueFilters(overdue=True))
    assert [r.report.pk for r in late.rows] == [faulty.report.pk]
    assert late.rows[0].deadline_label == "已逾期 1 天"


def test_queue_filters_by_severity_region_and_level(auditor, three, upload, region_tree):
    faulty, _fee, _clean = three
    assert {r.report.pk for r in queue_page(auditor, QueueFilters(region="450902")).rows} == {
        faulty.report.pk
    }
    assert {r.report.pk for r in queue_page(auditor, QueueFilters(level="gov")).rows} == set()
    assert len(queue_page(auditor, QueueFilters(severity="error")).rows) == 2
    assert queue_page(auditor, QueueFilters(severity="warning")).rows == []


def test_queue_sorts_and_pages(auditor, three):
    faulty, fee, _clean = three
    by_agency = queue_page(auditor, QueueFilters(sort="agency"))
    assert [r.report.agency.name for r in by_agency.rows] == ["云州市东城区财政局", "云州市教育局"]
    first = queue_page(auditor, QueueFilters(sort="total"), page_size=1)
    second = queue_page(auditor, QueueFilters(sort="total", page=2), page_size=1)
    assert first.rows[0].report.pk == faulty.report.pk
    assert second.rows[0].report.pk == fee.report.pk
    assert first.page.paginator.num_pages == 2


def test_filters_survive_the_url():
    filters = QueueFilters(
        severity="error",
        rule="T3-COL",
        region="450902",
        level="dept",
        year=2023,
        status="rectifying",
        assignee="me",
        overdue=True,
        q="财政",
        sort="due",
        page=3,
    )
    assert QueueFilters.from_query(dict(parse_qsl(filters.query_string()))) == filters
    assert QueueFilters().query_string() == ""


def test_bad_filter_values_are_ignored():
    filters = QueueFilters.from_query(
        {"severity": "fatal", "year": "abc", "sort": "drop table", "page": "-1", "region": "x"}
    )
    assert filters == QueueFilters()


def test_clerk_queue_counts_only_confirmed_findings(client, clerk, auditor, three):
    faulty, _fee, _clean = three
    client.force_login(clerk)
    assert _rows(client.get(reverse("audit:queue")).content.decode()) == []
    workflow.finding_confirm(user=auditor, finding=finding(faulty, "FEE-MISSING"))
    rows = _rows(client.get(reverse("audit:queue")).content.decode())
    assert len(rows) == 1
    assert '<span class="sev sev-error">1</span>' in rows[0]


def test_review_page_highlights_the_cells_a_finding_involves(client, auditor, three):
    faulty, _fee, _clean = three
    t3 = finding(faulty, "T3-COL", "NP")
    cells = finding_cells(t3)
    assert "t3.NEW.NP" in cells and "t3.CARRY_OUT.NP" in cells
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[faulty.report.pk])).content.decode()
    for ref in cells:
        td = re.search(rf'<td id="cell-{re.escape(ref)}" class="([^"]*)"([^>]*)>', html)
        assert td is not None, ref
        assert "hl hl-0" in td.group(1)
        assert str(t3.pk) in td.group(2)
    plain = re.search(r'<td id="cell-t3\.R3_1\.NP" class="([^"]*)"', html)
    assert "hl" not in plain.group(1)
    # Findings grouped by severity, each with its evidence and actions.
    assert "错误（3）" in html
    assert f'id="finding-{t3.pk}"' in html
    assert "快捷键" in html


def test_blank_and_ambiguous_cells_are_marked(client, auditor, faulty_a):
    record = faulty_a.record
    record["tables"]["t3"]["cells"]["R2"]["NP"] = None
    record["tables"]["t3"]["blank"] = ["R2.NP"]
    record["tables"]["t3"]["ambiguous"] = ["R1.BIZ"]
    faulty_a.save(update_fields=["record"])
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[faulty_a.report.pk])).content.decode()
    assert re.search(r'id="cell-t3\.R2\.NP" class="num[^"]*blank-cell', html)
    assert re.search(r'id="cell-t3\.R1\.BIZ" class="num[^"]*ambiguous', html)


def test_report_text_is_escaped(client, auditor, upload, agency_a):
    text = report_text(**FAULTY).replace(
        "依申请公开工作规范有序。",
        "依申请公开工作规范有序。<img src=x onerror=alert(1)><script>alert(2)</script>",
    )
    version = upload(agency_a, 2023, text)
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[version.report.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(2)" not in html
    assert "<img src=x" not in html


def test_history_shows_every_decision_with_before_and_after(client, auditor, faulty_a):
    fee = finding(faulty_a, "FEE-MISSING")
    workflow.finding_confirm(user=auditor, finding=fee)
    workflow.finding_comment(user=auditor, finding=fee, text="请核实附件")
    workflow.review_assign(user=auditor, report=faulty_a.report, assignee=auditor)
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[faulty_a.report.pk])).content.decode()
    history = html.split('id="history-title"')[1]
    assert "问题状态：待审核 → 已确认" in history
    assert "审核状态：待审核 → 审核中" in history
    assert "承办人：（无） → auditor_a" in history
    assert "请核实附件" in history
    assert history.count("auditor_a") >= 3


def test_finding_form_errors_come_back_as_messages(client, auditor, faulty_a):
    client.force_login(auditor)
    fee = finding(faulty_a, "FEE-MISSING")
    response = client.post(
        reverse("audit:finding_action", args=[fee.pk, "dismiss"]), {"comment": ""}, follow=True
    )
    assert "认定误报必须填写理由。" in response.content.decode()
    fee.refresh_from_db()
    assert fee.status == Finding.Status.OPEN


def test_bulk_assign_from_the_queue(client, auditor, three):
    faulty, fee, _clean = three
    client.force_login(auditor)
    response = client.post(
        reverse("audit:bulk"),
        {
            "report": [faulty.report.pk, fee.report.pk],
            "action": "assign",
            "assignee": auditor.pk,
            "next": "/audit/?year=2023",
        },
    )
    assert response["Location"] == "/audit/?year=2023"
    assert set(Review.objects.filter(assignee=auditor).values_list("report_id", flat=True)) == {
        faulty.report.pk,
        fee.report.pk,
    }


def test_bulk_redirect_stays_on_the_site(client, auditor, three):
    client.force_login(auditor)
    response = client.post(
        reverse("audit:bulk"),
        {"report": [three[0].report.pk], "action": "pass_info", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("audit:queue")


def test_queue_counts_only_the_current_version(auditor, upload, agency_a):
    upload(agency_a, 2023, report_text(**FAULTY))
    upload(agency_a, 2023, report_text(**FEE_ONLY))
    (row,) = queue_page(auditor, QueueFilters()).rows
    assert row.counts == {"error": 1, "warning": 0, "info": 0}
    assert row.worst.rule == "FEE-MISSING"
    assert queue_page(auditor, QueueFilters(rule="T3-COL")).rows == []


def test_dismissed_findings_leave_the_queue_counts(auditor, faulty_a):
    workflow.finding_dismiss(
        user=auditor, finding=finding(faulty_a, "FEE-MISSING"), reason="附件已说明"
    )
    (row,) = queue_page(auditor, QueueFilters()).rows
    assert row.total == 2 and row.worst.rule == "T3-COL"
    assert queue_page(auditor, QueueFilters(rule="FEE-MISSING")).rows == []


def test_clerk_history_shows_only_confirmed_findings_and_report_decisions(
    client, clerk, auditor, faulty_a, upload, agency_a
):
    fee = finding(faulty_a, "FEE-MISSING")
    t3 = finding(faulty_a, "T3-COL", "NP")
    workflow.finding_confirm(user=auditor, finding=fee, comment="须说明收费")
    workflow.finding_comment(user=auditor, finding=t3, text="内部讨论：疑似转载错位")
    workflow.finding_dismiss(user=auditor, finding=t3, reason="内部判断为误报")
    workflow.review_request_rectification(
        user=auditor,
        report=faulty_a.report,
        due_date=timezone.localdate() + dt.timedelta(days=5),
        message="请补充信息处理费情况",
    )
    upload(agency_a, 2023, report_text(new=10, answered=10, carry_out=1))  # fee fixed
    client.force_login(clerk)
    html = client.get(reverse("audit:report", args=[faulty_a.report.pk])).content.decode()
    history = html.split('id="history-title"')[1]
    assert "须说明收费" in history and "请补充信息处理费情况" in history
    assert "内部讨论" not in history and "内部判断为误报" not in history
    assert "上传更正版本" in history or "重新打开" in history
    # The fixed FEE-MISSING is listed as resolved; the dismissed T3-COL is not shown to a clerk.
    resolved = html.split("已在更正版本中解决")[1].split("</ul>")[0]
    assert "FEE-MISSING" in resolved and "T3-COL" not in resolved


def test_quoted_passages_are_marked_and_still_escaped(auditor, faulty_a):
    from audit.views import marked_text

    fee = finding(faulty_a, "FEE-MISSING")
    t3 = finding(faulty_a, "T3-COL", "NP")
    html = marked_text(
        "正文<b>粗体</b>。全年收到申请 5 件。\n\n<script>博彩</script>娱乐城",
        {"收到申请 5 件": [t3], "<script>博彩</script>娱乐城": [fee, t3]},
    )
    assert "&lt;b&gt;粗体&lt;/b&gt;" in html
    assert (
        f'<mark class="q hl-0" data-findings="{t3.pk}" title="涉及：T3-COL">收到申请 5 件</mark>'
        in html
    )
    assert "&lt;script&gt;博彩&lt;/script&gt;娱乐城</mark>" in html
    assert "<script>" not in html
    assert html.count("<p>") == 2


def test_review_page_marks_the_quotes_of_a_finding(client, auditor, upload, agency_a):
    text = report_text(new=10, answered=10).replace(
        "依申请公开工作规范有序。", "依申请公开工作规范有序。全年共收到政府信息公开申请12件。"
    )
    version = upload(agency_a, 2023, text)
    narr = Finding.objects.get(version=version, rule="NARR-T3")
    assert narr.evidence["quotes"]
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[version.report.pk])).content.decode()
    marked = re.findall(r'<mark class="q[^"]*" data-findings="(\d+)"[^>]*>(.*?)</mark>', html)
    assert (str(narr.pk), narr.evidence["quotes"][0]) in marked


def test_history_includes_decisions_taken_in_the_django_admin(client, auditor, faulty_a):

    fee = finding(faulty_a, "FEE-MISSING")
    t3 = finding(faulty_a, "T3-COL", "NP")
    workflow.finding_review(finding=fee, user=auditor, status="confirmed", comment="后台确认")
    workflow.finding_dismiss(user=auditor, finding=t3, reason="工作台认定误报")
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[faulty_a.report.pk])).content.decode()
    history = html.split('id="history-title"')[1]
    assert "后台确认" in history and "问题人工审核" in history
    # The workspace's own decision is listed once, not again as its FindingEvent.
    assert history.count("工作台认定误报") == 1


def test_review_page_sets_the_tables_text_dump_apart_from_the_prose(
    client, auditor, upload, agency_a
):
    # A scraped page: table cells came out as "| 0 |" lines inside the sections' text — section
    # 二 holds table 二 as such lines, and section 一 gets a stray dump after its prose.
    dump = "\n".join(["申请人情况 | 自然人 | 商业企业 |", "| 0 | 0 |", "| 0 |", "| 12 |"])
    text = report_text(**FAULTY).replace(
        "依申请公开工作规范有序。", "依申请公开工作规范有序。\n" + dump + "\n"
    )
    version = upload(agency_a, 2023, text)
    client.force_login(auditor)
    html = client.get(reverse("audit:report", args=[version.report.pk])).content.decode()

    def section(key: str) -> str:
        part = html[html.index(f'id="{key}"') :]
        return part[: part.index("</section>")]

    first = section("s1")
    body = first[first.index('<div class="body">') :]
    body = body[: body.index("</div>")]
    assert "依申请公开工作规范有序。" in body
    assert "| 0 |" not in body and "申请人情况 | 自然人" not in body
    # Kept, escaped, behind 原文.
    raw = first[first.index('<details class="raw-text">') :]
    assert "<summary>原文" in raw and "| 0 | 0 |" in raw and "| 12 |" in raw

    second = section("s2")
    assert "<table" in second  # table 二, read
    shown = second[: second.index("<table")]
    assert "| 0 |" not in shown and "信息内容 | 本年制发件数" not in shown
    assert "信息内容 | 本年制发件数" in second[second.index('<details class="raw-text">') :]
