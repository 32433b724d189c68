from __future__ import annotations

from tests.audit.factories import fact, findings, good_record, targets


def test_prose_quantities_matching_table_two_are_fine():
    record = good_record()
    record["prose"] = [
        fact("T2.NORM.ISSUED", 27),
        fact("T2.LICENSE.DECISIONS", 92486),
        fact("T2.PUNISH.DECISIONS", 26196),
        fact("T2.COERCE.DECISIONS", 68),
        fact("T2.FEE.AMOUNT", 5098.41),  # rounded in the prose
    ]
    assert targets(record, "NARR-T2") == []


def test_prose_licence_count_differing_is_flagged_on_the_row():
    record = good_record()
    record["prose"] = [fact("T2.LICENSE.DECISIONS", 37824, "行政许可37824件")]
    [finding] = findings(record, "NARR-T2")
    assert finding["target"] == "LICENSE"
    assert finding["evidence"]["cells"] == {"t2.LICENSE.DECISIONS": 92486}
    assert finding["evidence"]["actual"] == 37824


def test_number_equal_to_another_cell_of_the_row_is_not_flagged():
    # "规范性文件228件" read as ISSUED while it is the IN_FORCE count.
    record = good_record()
    record["prose"] = [fact("T2.NORM.ISSUED", 228)]
    assert targets(record, "NARR-T2") == []


def test_fee_amount_far_from_the_table_is_flagged():
    record = good_record()
    record["prose"] = [fact("T2.FEE.AMOUNT", 8157.19)]
    assert targets(record, "NARR-T2") == ["FEE"]


def test_2019_layout_compares_issued_with_made_and_published():
    record = good_record(year=2020)
    record["prose"] = [fact("T2.NORM.ISSUED", 22, "制定区政府规范性文件22件")]
    [finding] = findings(record, "NARR-T2")
    assert finding["target"] == "NORM"
    assert finding["evidence"]["expected"] == 40


def test_2019_layout_has_no_repealed_count_and_no_fee_amount_to_compare():
    record = good_record(year=2020)
    record["prose"] = [fact("T2.NORM.REPEALED", 11), fact("T2.FEE.AMOUNT", 8157.19)]
    assert targets(record, "NARR-T2") == []


def test_blank_cell_is_not_compared():
    record = good_record()
    record["tables"]["t2"]["cells"]["PUNISH"]["DECISIONS"] = None
    record["prose"] = [fact("T2.PUNISH.DECISIONS", 6431)]
    assert targets(record, "NARR-T2") == []
