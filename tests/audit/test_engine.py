from __future__ import annotations

import copy
import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.engine import run_rules
from audit.rules import Rule, Severity, all_rules
from audit.rules.base import Context
from reader.record import empty_record
from tests.audit.factories import fact, good_record, section, set_cell


def _faulty_record():
    record = good_record(year=2023, level="dept")
    set_cell(record, "t3", "CARRY_OUT", "NP", 133)  # T3-COL errors on NP and TOT
    set_cell(record, "t3", "CARRY_OUT", "TOT", 139)
    record["sections"]["s5"] = section("暂无。")  # S5-VACUOUS warning
    record["period"] = {"statement": None, "year": None}  # PERIOD-MISSING info
    record["text"] += "\n京ICP备20013709号"  # TEXT-BOILERPLATE info
    record["prose"] = [fact("R1", 400)]  # NARR-T3 warning
    return record


def test_findings_are_sorted_by_severity_rule_and_target():
    out = run_rules(_faulty_record())
    keys = [
        ({"error": 0, "warning": 1, "info": 2}[f["severity"]], f["rule"], f["target"] or "")
        for f in out
    ]
    assert keys == sorted(keys)
    assert [f["rule"] for f in out] == [
        "T3-COL",
        "T3-COL",
        "NARR-T3",
        "S5-VACUOUS",
        "PERIOD-MISSING",
        "TEXT-BOILERPLATE",
    ]
    assert [f["target"] for f in out[:2]] == ["NP", "TOT"]


def test_findings_have_the_record_md_shape():
    for finding in run_rules(_faulty_record()):
        assert set(finding) == {"rule", "target", "severity", "message", "evidence"}
        assert isinstance(finding["evidence"], dict) and finding["evidence"]
        assert finding["severity"] in ("error", "warning", "info")


def test_rules_never_modify_the_record():
    record = _faulty_record()
    previous = good_record(year=2022)
    before, before_previous = copy.deepcopy(record), copy.deepcopy(previous)
    run_rules(record, previous=previous, metadata={"published": "2024-03-01"})
    assert record == before
    assert previous == before_previous


def test_silenced_rules_are_not_run(settings):
    settings.AUDIT_SILENCED_RULES = ["T3-COL", "PERIOD-MISSING"]
    rules = {f["rule"] for f in run_rules(_faulty_record())}
    assert "T3-COL" not in rules
    assert "PERIOD-MISSING" not in rules
    assert "S5-VACUOUS" in rules


def test_a_failing_rule_is_logged_and_the_others_still_report(monkeypatch, caplog):
    from audit.rules import registry

    class Broken(Rule):
        id = "TEST-BROKEN"
        severity = Severity.ERROR

        def check(self, record, context):
            raise RuntimeError("bug")

    monkeypatch.setattr(registry, "_INSTANCES", [Broken(), *registry._INSTANCES])
    with caplog.at_level(logging.ERROR, logger="audit.engine"):
        out = run_rules(_faulty_record())
    assert "T3-COL" in {f["rule"] for f in out}
    assert "TEST-BROKEN" in caplog.text


def test_metadata_overrides_what_the_parser_read():
    record = good_record(year=2023, level="gov")
    context = Context(
        record=record, metadata={"year": 2022, "level": "dept", "published": "2023-02-01"}
    )
    assert context.year == 2022
    assert context.level == "dept"
    assert context.published[0].isoformat() == "2023-02-01"
    assert context.published[1] == "argument"


# ---- no rule crashes on odd records -----------------------------------------------------------

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**7),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.text(max_size=5),
)


@st.composite
def _odd_records(draw):
    record = good_record(year=draw(st.sampled_from([2017, 2019, 2021, 2024])))
    record["year"] = draw(st.sampled_from([record["year"], None, "2020", True]))
    for key in ("t2", "t3", "t4"):
        table = record["tables"][key]
        for cols in table["cells"].values():
            for col in list(cols):
                if draw(st.integers(0, 9)) == 0:
                    cols[col] = draw(_values)
        if draw(st.booleans()):
            table["blank"] = draw(st.lists(st.text(max_size=8), max_size=3))
    record["prose"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "key": st.sampled_from(
                        ["NEW", "RECEIVED", "R3", "R6", "REV", "LIT", "T2.NORM.ISSUED", "T2.X", "?"]
                    ),
                    "value": _values,
                    "flags": st.one_of(st.none(), st.just(["includes_carry_in"])),
                }
            ),
            max_size=6,
        )
    )
    record["fee"] = {
        k: draw(_values)
        for k in ("statement", "notices_count", "notices_amount", "collected_amount")
    }
    record["level"] = draw(st.sampled_from([None, "gov", "dept", "x"]))
    record["published"] = draw(st.sampled_from([None, "2024-13-01", "2024-02-01", "garbage"]))
    record["heading_order"] = draw(st.lists(st.sampled_from(["s1", "s2", "s3", "s9"]), max_size=8))
    record["text"] = draw(st.text(max_size=200))
    return record


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=_odd_records(), previous=st.one_of(st.none(), _odd_records()))
def test_no_rule_raises_on_odd_records(record, previous):
    context = Context(record=record, previous=previous)
    for rule in all_rules():
        list(rule.check(record, context))  # called directly: a crash fails here


def test_empty_record_gives_only_structural_findings():
    out = run_rules(empty_record())
    assert {f["rule"] for f in out} <= {"SEC-MISSING", "PERIOD-MISSING"}


def test_unknown_silenced_rule_id_is_a_system_check_warning(settings):
    from audit.checks import check_silenced_rules

    settings.AUDIT_SILENCED_RULES = ["T3-COL", "T3-CLO"]
    [warning] = check_silenced_rules()
    assert warning.id == "audit.W001"
    assert "T3-CLO" in warning.msg
    settings.AUDIT_SILENCED_RULES = "T3-COL"
    assert [e.id for e in check_silenced_rules()] == ["audit.E001"]
    settings.AUDIT_SILENCED_RULES = ["T3-COL"]
    assert check_silenced_rules() == []
