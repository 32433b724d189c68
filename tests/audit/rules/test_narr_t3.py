from __future__ import annotations

from tests.audit.factories import empty_table, fact, findings, good_record, targets


def _with(record, *facts):
    record["prose"] = list(facts)
    return record


# ---- against table 三 ----------------------------------------------------------------------


def test_prose_intake_different_from_new_applications_is_flagged():
    # Seed 004: 全区共收到…依申请公开68件, table 三 NEW.TOT = 50, CARRY_IN.TOT = 0.
    record = _with(good_record(year=2020), fact("RECEIVED", 68, "全区共收到政府信息依申请公开68件"))
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "NEW"
    assert finding["severity"] == "warning"
    assert finding["evidence"]["cells"] == {"t3.NEW.TOT": 50, "t3.CARRY_IN.TOT": 0}
    assert finding["evidence"]["actual"] == 68
    assert finding["evidence"]["quotes"] == ["全区共收到政府信息依申请公开68件"]


def test_received_equal_to_new_applications_is_fine():
    record = _with(good_record(), fact("RECEIVED", 2180))
    assert targets(record, "NARR-T3") == []


def test_received_equal_to_new_plus_carry_over_is_fine():
    record = _with(good_record(), fact("RECEIVED", 2306))
    assert targets(record, "NARR-T3") == []


def test_intake_including_the_carry_over_is_not_a_contradiction():
    record = _with(
        good_record(),
        fact("RECEIVED", 2306, "受理2306件，其中结转自上年度126件", flags=["includes_carry_in"]),
        fact("CARRY_IN", 126),
        fact("R7", 2161),
        fact("CARRY_OUT", 145),
    )
    assert targets(record, "NARR-T3") == []


def test_each_row_stated_in_prose_is_compared_with_its_total():
    record = _with(
        good_record(),
        fact("CARRY_IN", 120),
        fact("R7", 2161),
        fact("CARRY_OUT", 145),
        fact("R1", 440),
        fact("R2", 129),
    )
    assert targets(record, "NARR-T3") == ["CARRY_IN", "R1"]


def test_group_is_compared_with_the_sum_of_its_rows():
    # 不予公开 = R3_1…R3_8 = 14+1+0+9+12+28+27+4 = 95; 其他处理 = 23+51+86 = 160.
    record = _with(good_record(), fact("R3", 95), fact("R6", 150))
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "R6"
    assert finding["evidence"]["expected"] == 160
    assert set(finding["evidence"]["cells"]) == {"t3.R6_1.TOT", "t3.R6_2.TOT", "t3.R6_3.TOT"}


def test_2019_layout_other_handling_is_the_single_row():
    record = _with(good_record(year=2020), fact("R6", 9), fact("R4", 8))
    assert targets(record, "NARR-T3") == []


def test_blank_table_cell_is_not_compared():
    record = good_record()
    record["tables"]["t3"]["cells"]["R1"]["TOT"] = None
    _with(record, fact("R1", 500))
    assert targets(record, "NARR-T3") == []


def test_same_fact_stated_twice_gives_one_finding():
    record = _with(
        good_record(year=2020), fact("RECEIVED", 68, "收到68件"), fact("NEW", 68, "新收68件")
    )
    assert targets(record, "NARR-T3") == ["NEW"]


def test_one_reading_agreeing_with_the_table_settles_it():
    # 全区 vs 本机关: two intake figures, one matches the table.
    record = _with(good_record(), fact("RECEIVED", 2180), fact("RECEIVED", 3000))
    assert targets(record, "NARR-T3") == []


def test_intake_including_the_carry_over_does_not_cancel_a_wrong_new_figure():
    # 新收 2000 contradicts NEW.TOT 2180; the separate intake 2306 (含上年结转126) is right,
    # but it is another fact and says nothing about the 新收 figure.
    record = _with(
        good_record(),
        fact("NEW", 2000, "本机关共新收政府信息公开申请2000件"),
        fact(
            "RECEIVED",
            2306,
            "全年共受理政府信息公开申请2306件（含上年结转126件）",
            flags=["includes_carry_in"],
        ),
        fact("CARRY_IN", 126),
    )
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "NEW"
    assert finding["evidence"]["actual"] == 2000
    assert finding["evidence"]["prose"] == {"NEW": 2000}
    assert finding["evidence"]["quotes"] == ["本机关共新收政府信息公开申请2000件"]


def test_right_new_figure_does_not_cancel_a_wrong_intake():
    record = _with(
        good_record(),
        fact("NEW", 2180, "新收政府信息公开申请2180件"),
        fact("RECEIVED", 2500, "共收到政府信息公开申请2500件"),
    )
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "NEW"
    assert finding["evidence"]["prose"] == {"RECEIVED": 2500}


def test_wrong_new_and_wrong_intake_give_one_finding_with_both():
    record = _with(good_record(), fact("NEW", 2000), fact("RECEIVED", 2500))
    [finding] = findings(record, "NARR-T3")
    assert finding["evidence"]["prose"] == {"NEW": 2000, "RECEIVED": 2500}
    assert finding["evidence"]["actual"] == [2000, 2500]


# ---- without a usable table 三: the prose must balance ----------------------------------


def _no_table(year: int = 2022):
    record = good_record(year=year)
    record["tables"]["t3"] = empty_table("t3")
    return record


def test_prose_that_does_not_balance_is_flagged_once():
    # Seed 003: 新收236件，上年結轉7件；已辦結227件，結轉下年度9件 (stated twice).
    record = _with(
        _no_table(),
        fact("NEW", 236, "全区新收到依申请公开政府信息236件"),
        fact("CARRY_IN", 7),
        fact("CARRY_OUT", 9),
        fact("RECEIVED", 236, "全区共收到依申请公开政府信息236件", section="s3"),
        fact("CARRY_IN", 7, section="s3"),
        fact("R7", 227, section="s3"),
        fact("CARRY_OUT", 9, section="s3"),
    )
    [finding] = findings(record, "NARR-T3")
    assert finding["target"] == "balance"
    assert finding["evidence"]["expected"] == 243
    assert finding["evidence"]["actual"] == 236


def test_balanced_prose_including_the_carry_over_is_fine():
    # Seed 000: 受理296件，其中结转自上年度7件，已答复294件，结转下年度2件.
    record = _with(
        _no_table(),
        fact("RECEIVED", 296, flags=["includes_carry_in"]),
        fact("CARRY_IN", 7),
        fact("R7", 294),
        fact("CARRY_OUT", 2),
    )
    assert targets(record, "NARR-T3") == []


def test_plain_received_that_balances_with_the_carry_over_included_is_fine():
    record = _with(
        _no_table(),
        fact("RECEIVED", 296),
        fact("CARRY_IN", 7),
        fact("R7", 294),
        fact("CARRY_OUT", 2),
    )
    assert targets(record, "NARR-T3") == []


def test_prose_without_closing_figures_cannot_be_judged():
    record = _with(_no_table(), fact("RECEIVED", 70, "共收到政府信息公开案件70件"))
    assert targets(record, "NARR-T3") == []


def test_intake_without_a_stated_carry_over_is_not_judged():
    record = _with(_no_table(), fact("NEW", 70), fact("R7", 60), fact("CARRY_OUT", 3))
    assert targets(record, "NARR-T3") == []


def test_balance_is_used_when_table_three_is_absent():
    record = good_record()
    record["tables"]["t3"] = {"present": False}
    _with(record, fact("NEW", 10), fact("CARRY_IN", 1), fact("R7", 9), fact("CARRY_OUT", 1))
    assert targets(record, "NARR-T3") == ["balance"]


def test_prose_is_not_balanced_in_place_of_a_table_whose_numbers_could_not_be_read():
    # Table 三 is there, its glued digits unread (ambiguous, not blank): the prose does not
    # stand in for it. An empty skeleton (blank cells) still does, as in the tests above.
    record = good_record()
    tab = record["tables"]["t3"]
    for row in tab["cells"]:
        tab["cells"][row] = dict.fromkeys(tab["cells"][row])
    tab["ambiguous"] = [f"{r}.{c}" for r, cols in tab["cells"].items() for c in cols]
    tab.update(blank=[], empty=True, lost=True)
    _with(record, fact("NEW", 160), fact("CARRY_IN", 6), fact("R7", 153), fact("CARRY_OUT", 3))
    assert targets(record, "NARR-T3") == []
