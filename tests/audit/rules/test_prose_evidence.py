"""What a prose-vs-table finding shows the reviewer: both numbers and both places."""

from __future__ import annotations

from tests.audit.factories import fact, findings
from tests.audit.rules.test_prose_corpus import corpus_record


def _with(*facts):
    record = corpus_record()
    record["prose"] = list(facts)
    return record


def test_combined_categories_are_compared_with_the_sum_of_their_rows():
    quote = "予以公开及部分公开42件"
    [finding] = findings(_with(fact("R1+R2", 42, quote) | {"parts": ["R1", "R2"]}), "NARR-T3")
    assert finding["target"] == "R1"
    assert finding["severity"] == "warning"
    assert finding["evidence"]["cells"] == {"t3.R1.TOT": 40, "t3.R2.TOT": 12}
    assert finding["evidence"]["expected"] == 52
    assert finding["evidence"]["actual"] == 42
    assert finding["evidence"]["quotes"] == [quote]
    assert "“（一）予以公开”" in finding["message"] and "之和（52）" in finding["message"]


def test_share_that_fits_no_base_names_every_base_it_tried():
    record = _with(fact("R1", 40, "予以公开40件，占45%") | {"share": 45.0})
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "R1"
    assert finding["evidence"]["bases"] == [118, 102, 124]
    assert finding["evidence"]["actual"] == 45
    assert "33.9%" in finding["message"]


def test_new_said_of_new_plus_carry_over_is_info_with_both_cells():
    [finding] = findings(_with(fact("NEW", 124, "新收申请124件")), "NARR-T3")
    assert finding["severity"] == "info"
    assert finding["evidence"]["cells"] == {"t3.NEW.TOT": 118, "t3.CARRY_IN.TOT": 6}
    assert finding["evidence"]["quotes"] == ["新收申请124件"]


def test_received_equal_to_new_plus_carry_over_gives_nothing():
    assert findings(_with(fact("RECEIVED", 124)), "NARR-T3") == []


def test_wrong_applicant_count_joins_the_intake_finding():
    record = _with(
        fact("RECEIVED", 130, "收到申请130件，自然人100件"),
        fact("PARTY.NP", 100, "收到申请130件，自然人100件"),
    )
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "NEW"
    assert finding["evidence"]["prose"] == {"RECEIVED": 130, "PARTY.NP": 100}
    assert finding["evidence"]["cells"]["t3.NEW.NP"] == 110
    assert "自然人申请 100 件" in finding["message"]


def test_handled_figure_may_be_the_handled_total():
    assert findings(_with(fact("HANDLED", 102)), "NARR-T3") == []
    [finding] = findings(_with(fact("HANDLED", 150)), "NARR-T3")
    assert finding["evidence"]["cells"]["t3.R7.TOT"] == 102


def test_claim_all_kept_against_corrected_and_pending_cases():
    quote = "行政复议5件，均获维持"
    record = _with(
        fact("REV", 5, quote),
        fact("REV.CORR", 0, quote, flags=["claim", "all_kept"]),
        fact("REV.PEND", 0, quote, flags=["claim", "all_kept"]),
    )
    [finding] = findings(record, "NARR-T4")
    assert finding["target"] == "REV"
    assert finding["evidence"]["cells"] == {"t4.REV.CORR": 1, "t4.REV.PEND": 1}
    assert finding["evidence"]["quotes"] == [quote]
    assert "均获维持" in finding["message"] and "“结果纠正”为 1 件" in finding["message"]


def test_litigation_outcome_sums_both_lawsuit_groups():
    record = _with(fact("LIT.KEEP", 3), fact("LIT.PEND", 0, flags=["claim", "all_closed"]))
    assert findings(record, "NARR-T4") == []
    [finding] = findings(_with(fact("LIT.KEEP", 4)), "NARR-T4")
    assert finding["target"] == "LIT"
    assert finding["evidence"]["cells"] == {"t4.LD.KEEP": 2, "t4.LR.KEEP": 1}


def test_finding_on_a_cell_decided_by_plausibility_says_so():
    record = _with(fact("R1", 45, "予以公开45件"))
    record["tables"]["t3"]["decided_by"] = {"R1.TOT": "plausibility", "R1.NP": "identity"}
    [finding] = findings(record, "NARR-T3")
    assert "R1.TOT的数字由数字粘连的几种读法中按合理性推定" in finding["message"]
    record["tables"]["t3"]["decided_by"] = {"R1.TOT": "prose"}
    [finding] = findings(record, "NARR-T3")
    assert "合理性" not in finding["message"]


def test_table_four_finding_on_a_plausibility_cell_says_so():
    record = _with(fact("REV", 6, "行政复议6件"))
    record["tables"]["t4"]["decided_by"] = {"REV.TOT": "plausibility"}
    [finding] = findings(record, "NARR-T4")
    assert "REV.TOT的数字" in finding["message"]
