"""``audit_file --corrections FILE`` applies staff corrections (docs/corrections.md) before the
rules run; without the flag the output is exactly what it was (record.md's contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.engine import run_rules
from reader.parse import read_report
from reader.record import public_view
from tests.audit.factories import report_text


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(report_text(new=10, answered=10, carry_out=1), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    call_command("audit_file", *args)
    return capsys.readouterr().out


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_without_the_flag_the_output_is_unchanged(report: Path, capsys) -> None:
    record = read_report(report.read_bytes(), report.name)
    record["source"] = str(report)
    record["findings"] = run_rules(record, previous=None, metadata={})
    expected = json.dumps(public_view(record), ensure_ascii=False) + "\n"
    assert run(capsys, str(report)) == expected


def test_cell_corrections_apply_before_the_rules(report: Path, tmp_path: Path, capsys) -> None:
    plain = json.loads(run(capsys, str(report)))
    assert {(f["rule"], f["target"]) for f in plain["findings"]} >= {("T3-COL", "NP")}
    fixes = write(
        tmp_path,
        [{"cell": "t3.CARRY_OUT.NP", "value": 0}, {"cell": "t3.CARRY_OUT.TOT", "value": "0"}],
    )
    line = json.loads(run(capsys, str(report), "--corrections", fixes))
    assert line["tables"]["t3"]["cells"]["CARRY_OUT"] == dict.fromkeys(
        ("NP", "BIZ", "SCI", "NGO", "LAW", "OTH", "TOT"), 0
    )
    assert not [f for f in line["findings"] if f["rule"] == "T3-COL"]
    # The contract's keys only: what was corrected is internal.
    assert list(line) == list(plain)
    assert list(line["tables"]["t3"]) == list(plain["tables"]["t3"])


def test_section_corrections(report: Path, tmp_path: Path, capsys) -> None:
    fixes = write(tmp_path, [{"section": "s5", "present": False}])
    line = json.loads(run(capsys, str(report), "--corrections", fixes))
    assert line["sections"]["s5"] == {"present": False}
    fixes = write(
        tmp_path,
        [{"section": "s4", "heading": "四、政府信息公开行政复议、行政诉讼情况", "end": "五、"}],
    )
    line = json.loads(run(capsys, str(report), "--corrections", fixes))
    assert line["sections"]["s4"]["title"] == "四、政府信息公开行政复议、行政诉讼情况"
    assert line["sections"]["s4"]["present"] and not line["sections"]["s4"]["empty"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cell": "t3.R1.NP", "value": 1}, "应为 JSON 数组"),
        ([{"cell": "t3.R1.XX", "value": 1}], "第 1 项：没有这个单元格"),
        ([{"cell": "t3.R1.NP"}], "缺少 value"),
        ([{"cell": "t3.R1.NP", "value": -1}], "不能为负数"),
        ([{"section": "s9"}], "没有这个部分"),
        ([{"value": 1}], "应有 cell 或 section"),
    ],
)
def test_a_bad_corrections_file_is_refused(report: Path, tmp_path: Path, data, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("audit_file", str(report), "--corrections", write(tmp_path, data))


def test_a_heading_not_in_the_text_is_refused(report: Path, tmp_path: Path) -> None:
    fixes = write(tmp_path, [{"section": "s5", "heading": "五、不存在的标题"}])
    with pytest.raises(CommandError, match="原文中找不到"):
        call_command("audit_file", str(report), "--corrections", fixes)


def test_an_unreadable_corrections_file(report: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        call_command("audit_file", str(report), "--corrections", str(bad))
    with pytest.raises(CommandError, match="无法读取"):
        call_command("audit_file", str(report), "--corrections", str(tmp_path / "none.json"))
