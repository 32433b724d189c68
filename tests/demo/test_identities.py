"""The numbers and the prose of every report, checked on the generator's own data."""

from __future__ import annotations

import itertools
import re

from demo.generate import DemoReport
from reader.record import T3_COLS, T3_PARTY_COLS

from .checks import findings, narr_findings, similarity, t2_findings, t3_findings, t4_findings


def _by_agency(reports: list[DemoReport]) -> dict[str, list[DemoReport]]:
    out: dict[str, list[DemoReport]] = {}
    for report in reports:
        out.setdefault(report.agency.name, []).append(report)
    return out


def test_clean_reports_hold_every_table_identity(demo_reports: list[DemoReport]) -> None:
    clean = [r for r in demo_reports if r.clean]
    assert len(clean) >= 20
    for report in clean:
        data = report.data
        assert data.t2 and data.t3 and data.t4
        assert t3_findings(data.t3) | t4_findings(data.t4) | t2_findings(data.t2) == set()


def test_true_table_three_holds_identities_even_where_a_fault_was_printed(
    demo_reports: list[DemoReport],
) -> None:
    for report in demo_reports:
        assert t3_findings(report.true_t3) == set(), report.path


def test_carry_over_chains_from_last_years_printed_table(demo_reports: list[DemoReport]) -> None:
    for reports in _by_agency(demo_reports).values():
        for before, now in itertools.pairwise(reports):
            assert now.year == before.year + 1
            if now.fault == "X-CARRY":
                continue
            for col in T3_COLS:
                assert now.true_t3["CARRY_IN"][col] == before.true_t3["CARRY_OUT"][col]


def test_documents_in_force_continue_from_last_year(demo_reports: list[DemoReport]) -> None:
    for reports in _by_agency(demo_reports).values():
        for before, now in itertools.pairwise(reports):
            assert before.data.t2 and now.data.t2
            for row in ("REG", "NORM"):
                cells, last = now.data.t2[row], before.data.t2[row]
                assert cells["IN_FORCE"] == last["IN_FORCE"] + cells["ISSUED"] - cells["REPEALED"]  # type: ignore[operator]


def test_prose_application_figures_agree_with_table_three(demo_reports: list[DemoReport]) -> None:
    stated = 0
    for report in demo_reports:
        if report.fault == "NARR-T3":
            assert narr_findings(report) == {("NARR-T3", "NEW")}
            continue
        assert narr_findings(report) == set(), report.path
        stated += bool(re.search(r"申请\d+件", report.data.section_text("s1")))
    assert stated >= 20  # most reports do state their figures in the prose


def test_section_one_has_the_five_sub_headings_and_a_realistic_length(
    demo_reports: list[DemoReport],
) -> None:
    for report in demo_reports:
        s1 = report.data.sections["s1"]
        text = "".join(s1)
        assert 300 <= len(text) <= 1500, (report.path, len(text))
        for ordinal in ("（一）", "（二）", "（三）", "（四）", "（五）"):
            assert any(p.startswith(ordinal) for p in s1), (report.path, ordinal)


def test_government_reports_mention_assessment_evaluation_and_accountability(
    demo_reports: list[DemoReport],
) -> None:
    for report in demo_reports:
        if report.agency.level == "gov":
            s1 = report.data.section_text("s1")
            for word in ("工作考核", "社会评议", "责任追究"):
                assert word in s1, (report.path, word)


def test_every_report_states_its_statistics_period(demo_reports: list[DemoReport]) -> None:
    for report in demo_reports:
        intro = "".join(report.data.intro)
        assert f"{report.year}年1月1日" in intro and f"{report.year}年12月31日" in intro


def test_fee_statement_uses_the_official_wording_and_matches_table_three(
    demo_reports: list[DemoReport],
) -> None:
    charged = 0
    for report in demo_reports:
        s6 = report.data.section_text("s6")
        if report.fault == "FEE-MISSING":
            assert "收费通知" not in s6 and "信息处理费" not in s6
            continue
        unpaid = report.true_t3["R6_2"]["TOT"]
        match = re.search(r"共发出收费通知(\d+)件，总金额为(\d+)元；实际收取的总金额为(\d+)元", s6)
        if match:
            charged += 1
            notices, amount, collected = map(int, match.groups())
            assert notices > 0 and collected <= amount
            assert unpaid <= notices  # type: ignore[operator]
        else:
            assert "发出收费通知的件数和总金额以及实际收取的总金额均为0" in s6, report.path
            assert unpaid == 0
    assert charged >= 1


def test_applicants_are_mostly_individuals(demo_reports: list[DemoReport]) -> None:
    new_np = sum(int(r.true_t3["NEW"]["NP"]) for r in demo_reports)  # type: ignore[arg-type]
    new_all = sum(int(r.true_t3["NEW"]["TOT"]) for r in demo_reports)  # type: ignore[arg-type]
    assert 0.7 < new_np / new_all < 0.95
    assert all(
        int(r.true_t3["NEW"][c]) >= 0  # type: ignore[arg-type]
        for r in demo_reports
        for c in T3_PARTY_COLS
    )


def test_consecutive_clean_years_are_written_differently(demo_reports: list[DemoReport]) -> None:
    for reports in _by_agency(demo_reports).values():
        for before, now in itertools.pairwise(reports):
            if now.fault == "X-COPY":
                continue
            for key in ("s1", "s5"):
                a, b = before.data.section_text(key), now.data.section_text(key)
                if len(a) > 40 and len(b) > 40:
                    assert similarity(a, b) < 0.5, (now.path, key)


def test_clean_reports_have_nothing_to_find(demo_reports: list[DemoReport]) -> None:
    previous: DemoReport | None = None
    for report in demo_reports:
        prev = previous if previous and previous.agency == report.agency else None
        if report.clean:
            assert findings(report, prev) == set(), report.path
        previous = report
