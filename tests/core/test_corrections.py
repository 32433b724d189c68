"""Staff corrections of parsed cells and section boundaries (reports/corrections.py).

Real database, real parser, real audit and search: a correction is stored with who / when /
old → new, the version's record becomes the corrected one while the parser's record is kept, the
report is re-audited at once, corrections are re-applied on a re-parse and flagged when the
parser's reading changed; only staff whose scope covers the report may correct.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import Finding
from reports import correction_services, corrections, pipeline
from reports.models import Correction, ParsedRecord, ReportVersion
from tests.audit.factories import report_text

pytestmark = pytest.mark.django_db

# 10 new, 10 answered, but 1 carried over to next year: table 三's column identity fails
# (T3-COL on NP and TOT) because of the CARRY_OUT row.
FAULTY = {"new": 10, "answered": 10, "carry_out": 1}


def active_rules(version: ReportVersion) -> set[tuple[str, str]]:
    return {
        (f.rule, f.target)
        for f in Finding.objects.filter(version=version, status__in=Finding.ACTIVE_STATUSES)
    }


@pytest.fixture
def faulty(upload, agency_a):
    return upload(agency_a, 2023, report_text(**FAULTY))


def fix_carry_out(version, user):
    return correction_services.correct_cells(
        version, user, {"t3.CARRY_OUT.NP": "0", "t3.CARRY_OUT.TOT": "0"}, comment="原文为 0"
    )


def test_a_correction_is_stored_applied_and_the_report_reaudited(faulty, clerk):
    assert ("T3-COL", "NP") in active_rules(faulty)
    made = fix_carry_out(faulty, clerk)

    assert [(c.target, c.old_value, c.new_value, c.parsed_value) for c in made] == [
        ("t3.CARRY_OUT.NP", 1, 0, 1),
        ("t3.CARRY_OUT.TOT", 1, 0, 1),
    ]
    row = made[0]
    assert row.created_by == clerk and row.version == faulty and row.created_at is not None
    assert row.comment == "原文为 0" and row.status == Correction.Status.ACTIVE
    assert row.text_sha256 == corrections.text_digest(faulty.extracted_text)

    faulty.refresh_from_db()
    assert faulty.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 0
    assert faulty.record["corrected"]["t3.CARRY_OUT.NP"] == {"from": 1, "to": 0}
    # The parser's own reading is kept beside the corrected record.
    kept = ParsedRecord.objects.get(version=faulty)
    assert kept.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 1
    # Re-audited at once: the column identity holds now; the stored findings are resolved.
    assert not {r for r in active_rules(faulty) if r[0] == "T3-COL"}
    assert not [f for f in faulty.record["findings"] if f["rule"] == "T3-COL"]
    assert Finding.objects.filter(version=faulty, rule="T3-COL", status="resolved").count() == 2
    # Re-indexed at once: the search document's figures are the corrected ones.
    from search.backends import get_search_backend

    assert get_search_backend().get(faulty.report_id).figures["t3_carry_out"] == 0


def test_a_correction_can_make_a_finding_appear(upload, agency_a, clerk):
    version = upload(agency_a, 2023, report_text(new=10, answered=10))
    assert not {r for r in active_rules(version) if r[0].startswith("T3-")}
    correction_services.correct_cell(version, clerk, "t3.R1.NP", "9")
    # R1 no longer adds up to its total, and NP's results no longer add up to 办结.
    assert active_rules(version) == {("T3-ROW", "R1"), ("T3-SUM", "NP")}


def test_unchanged_values_store_nothing(faulty, clerk):
    assert correction_services.correct_cell(faulty, clerk, "t3.CARRY_OUT.NP", "1") is None
    assert correction_services.correct_cell(faulty, clerk, "t3.CARRY_OUT.BIZ", "0") is None
    assert not Correction.objects.exists()
    assert not ParsedRecord.objects.exists()


def test_a_blank_cell_and_bad_values(faulty, clerk):
    made = correction_services.correct_cell(faulty, clerk, "t3.CARRY_OUT.BIZ", "空白")
    assert made.new_value is None
    faulty.refresh_from_db()
    table = faulty.record["tables"]["t3"]
    assert table["cells"]["CARRY_OUT"]["BIZ"] is None and "CARRY_OUT.BIZ" in table["blank"]
    for target, raw, message in (
        ("t3.R1.NP", "-3", "不能为负数"),
        ("t3.R1.NP", "2.5", "应为整数"),
        ("t3.R1.NP", "十", "不是数字"),
        ("t3.R9.NP", "1", "没有这个单元格"),
    ):
        with pytest.raises(corrections.CorrectionError, match=message):
            correction_services.correct_cell(faulty, clerk, target, raw)
    # Decimals where table 二 holds 万元.
    assert (
        correction_services.correct_cell(faulty, clerk, "t2.FEE.AMOUNT", "1.25").new_value == 1.25
    )


def test_corrections_survive_a_reparse(faulty, clerk):
    fix_carry_out(faulty, clerk)
    assert pipeline.version_process(faulty.pk, force=True) in ("audited", "indexed")
    faulty.refresh_from_db()
    assert faulty.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 0
    assert not {r for r in active_rules(faulty) if r[0] == "T3-COL"}
    assert set(Correction.objects.values_list("status", flat=True)) == {"active"}
    assert (
        ParsedRecord.objects.get(version=faulty).record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"]
        == 1
    )


def test_a_correction_is_flagged_when_the_parser_now_reads_the_cell_differently(faulty, clerk):
    made = fix_carry_out(faulty, clerk)[0]
    # As if the parser that the clerk corrected had read 7 there; the installed one reads 1.
    Correction.objects.filter(pk=made.pk).update(parsed_value=7)
    pipeline.version_process(faulty.pk, force=True)

    made.refresh_from_db()
    assert made.status == Correction.Status.REVIEW
    assert "现读作 1" in made.review_note and "更正时读作 7" in made.review_note
    faulty.refresh_from_db()
    # Still applied: a person read that same text.
    assert faulty.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 0

    confirmed = correction_services.confirm(faulty, made, clerk)
    assert confirmed.parsed_value == 1 and confirmed.new_value == 0
    pipeline.version_process(faulty.pk, force=True)
    assert {c.status for c in corrections.effective_corrections(faulty)} == {"active"}
    assert corrections.effective_corrections(faulty)[-1].pk == confirmed.pk


def test_a_correction_of_another_text_is_not_applied(faulty, clerk):
    made = fix_carry_out(faulty, clerk)
    Correction.objects.filter(pk__in=[c.pk for c in made]).update(text_sha256="0" * 64)
    pipeline.version_process(faulty.pk, force=True)
    faulty.refresh_from_db()
    assert faulty.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 1
    assert set(Correction.objects.values_list("status", flat=True)) == {"stale"}
    assert not ParsedRecord.objects.filter(version=faulty).exists()


def test_a_section_boundary_correction(faulty, clerk):
    made = correction_services.correct_section(faulty, clerk, "s5", heading=None, comment="误判")
    assert made.old_value == {"present": True, "title": "五、存在的主要问题及改进情况"}
    assert made.new_value == {"present": False}
    faulty.refresh_from_db()
    sections = faulty.record["sections"]
    assert sections["s5"] == {"present": False}
    # The text under the false heading went to the section before it.
    assert "信息公开平台栏目设置有待优化" in sections["s4"]["text"]
    assert "s5" not in faulty.record["heading_order"]

    again = correction_services.correct_section(
        faulty, clerk, "s5", heading="五、存在的主要问题及改进情况"
    )
    assert again.old_value == {"present": False}
    faulty.refresh_from_db()
    assert faulty.record["sections"]["s5"]["title"] == "五、存在的主要问题及改进情况"
    assert "信息公开平台栏目设置有待优化" not in faulty.record["sections"]["s4"]["text"]
    # Sending back the heading it has changes nothing.
    assert (
        correction_services.correct_section(
            faulty, clerk, "s5", heading="五、存在的主要问题及改进情况"
        )
        is None
    )
    with pytest.raises(corrections.CorrectionError, match="原文中找不到"):
        correction_services.correct_section(faulty, clerk, "s5", heading="五、没有这样的标题")


def test_a_table_the_parser_missed_can_be_typed_in(faulty, clerk):
    record = dict(faulty.record)
    record["tables"] = {**record["tables"], "t4": {"present": False}}
    ReportVersion.objects.filter(pk=faulty.pk).update(record=record)
    faulty.refresh_from_db()
    correction_services.correct_cell(faulty, clerk, "t4.REV.KEEP", "2")
    faulty.refresh_from_db()
    t4 = faulty.record["tables"]["t4"]
    assert t4["present"] and not t4["empty"]
    assert t4["cells"]["REV"] == {"KEEP": 2, "CORR": None, "OTHER": None, "PEND": None, "TOT": None}


def test_who_may_correct(faulty, clerk, other_agency_clerk, auditor, other_auditor, admin_user):
    from django.contrib.auth import get_user_model

    public = get_user_model().objects.create_user("someone", password="x")
    for user in (other_agency_clerk, other_auditor, public):
        assert not corrections.can_correct(user, faulty.report)
        with pytest.raises(PermissionDenied):
            correction_services.correct_cell(faulty, user, "t3.CARRY_OUT.NP", "0")
    assert not Correction.objects.exists()
    for user in (clerk, auditor, admin_user):
        assert corrections.can_correct(user, faulty.report)
    assert (
        correction_services.correct_cell(faulty, auditor, "t3.CARRY_OUT.NP", "0").created_by
        == auditor
    )


# ---- the admin page ----------------------------------------------------------------------------


def page_url(version):
    return reverse(
        "admin:gxnb_portal_report_corrections",
        kwargs={"object_id": version.report_id, "version_id": version.pk},
    )


def test_the_page_marks_unread_and_plausibility_cells_with_their_source(client, faulty, clerk):
    record = faulty.record
    t3 = record["tables"]["t3"]
    t3["cells"]["R2"]["NP"] = None
    t3["decided_by"] = {"R1.BIZ": "plausibility", "R1.NP": "identity"}
    t3["row_source"] = {"R1": "（一）予以公开 1000000010"}
    ReportVersion.objects.filter(pk=faulty.pk).update(record=record)
    client.force_login(clerk)
    body = client.get(page_url(faulty)).content.decode()
    assert 'data-cell="t3.R2.NP"' in body
    cell = body.split('data-cell="t3.R2.NP"', 1)[1].split("</td>", 1)[0]
    assert "未读出" in cell
    cell = body.split('data-cell="t3.R1.BIZ"', 1)[1].split("</td>", 1)[0]
    assert "推断" in cell and "按合理性推断" in cell and "（一）予以公开 1000000010" in cell
    assert "原文：（一）予以公开 1000000010" in body
    assert "由表内勾稽关系确定" in body
    # The extracted text is shown beside the tables.
    assert "五、存在的主要问题及改进情况</li>" in body


def test_an_older_record_without_decided_by_still_renders(client, faulty, clerk):
    client.force_login(clerk)
    response = client.get(page_url(faulty))
    assert response.status_code == 200
    assert "推断</span>" not in response.content.decode().split("标记：")[1].split("</p>")[1]


def test_the_page_saves_a_correction_and_shows_the_history(client, faulty, clerk, auditor):
    # A clerk reads what a reviewer confirmed (audit.selectors.findings_visible_to).
    from audit.models import Finding
    from audit.workflow import finding_confirm

    for finding in Finding.objects.filter(version=faulty, rule="T3-COL"):
        finding_confirm(user=auditor, finding=finding, comment="属实")
    client.force_login(clerk)
    body = client.get(page_url(faulty)).content.decode()
    assert "T3-COL" in body.split('id="gx-findings"')[1].split("</ul>")[0]
    form = {"action": "cells", "comment": "核对原文", "cell:t3.CARRY_OUT.NP": "0"}
    form["cell:t3.CARRY_OUT.TOT"] = "0"
    form["cell:t3.CARRY_OUT.BIZ"] = "0"  # unchanged: not a correction
    response = client.post(page_url(faulty), form, follow=True)
    body = response.content.decode()
    assert "已保存 2 处更正" in body
    findings = body.split('id="gx-findings"')[1].split("</ul>")[0]
    assert "T3-COL" not in findings
    history = body.split('id="gx-history"')[1].split("</table>")[0]
    assert "clerk_a" in history and "1 → 0" in history and "核对原文" in history
    assert "表三 · 四、结转下年度" in history
    assert 'id="gx-parsed"' in body  # the parser's own record stays visible
    assert Correction.objects.count() == 2


def test_another_agencys_clerk_cannot_open_or_post(client, faulty, other_agency_clerk):
    client.force_login(other_agency_clerk)
    assert client.get(page_url(faulty)).status_code == 404
    response = client.post(page_url(faulty), {"action": "cells", "cell:t3.CARRY_OUT.NP": "0"})
    assert response.status_code == 404
    assert not Correction.objects.exists()


def test_the_public_cannot_post(client, faulty):
    response = client.post(page_url(faulty), {"action": "cells", "cell:t3.CARRY_OUT.NP": "0"})
    assert response.status_code == 302 and "/login/" in response.url
    assert not Correction.objects.exists()


def test_the_report_page_links_to_the_correction_page(client, faulty, clerk):
    client.force_login(clerk)
    body = client.get(reverse("admin:gxnb_portal_report_change", args=[faulty.report_id]))
    assert page_url(faulty) in body.content.decode()


def test_a_new_upload_with_the_same_text_keeps_the_corrections(faulty, upload, agency_a, clerk):
    fix_carry_out(faulty, clerk)
    # Other bytes (a byte-order mark), the same extracted text: a new version, same corrections.
    second = upload(agency_a, 2023, "\ufeff" + report_text(**FAULTY))
    assert second.pk != faulty.pk
    assert second.extracted_text == faulty.extracted_text
    assert second.record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"] == 0
    assert (
        ParsedRecord.objects.get(version=second).record["tables"]["t3"]["cells"]["CARRY_OUT"]["NP"]
        == 1
    )
    assert not {r for r in active_rules(second) if r[0] == "T3-COL"}


def test_the_list_of_corrections_is_scoped_and_links_to_the_page(
    client, faulty, upload, agency_b, clerk, other_agency_clerk
):
    fix_carry_out(faulty, clerk)
    theirs = upload(agency_b, 2023, report_text(agency="青川市生态环境局", **FAULTY))
    correction_services.correct_cell(theirs, other_agency_clerk, "t3.CARRY_OUT.NP", "0")
    client.force_login(clerk)
    body = client.get(reverse("admin:gxnb_portal_correction_changelist")).content.decode()
    assert page_url(faulty) in body and "1 → 0" in body
    assert "青川市生态环境局" not in body and page_url(theirs) not in body
    flagged = Correction.objects.filter(version=faulty).first()
    url = reverse("admin:gxnb_portal_correction_change", args=[flagged.pk])
    assert client.get(url).status_code == 200  # read only
    client.force_login(other_agency_clerk)
    assert client.get(url).status_code == 302  # outside their scope
