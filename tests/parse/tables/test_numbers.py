"""Reading one cell: numbers, units, signs, and the placeholders that are never zero."""

from __future__ import annotations

import pytest

from reader.parse.numbers import is_placeholder, read_number, to_wanyuan, unit_in_header


@pytest.mark.parametrize(
    "text", ["", " ", "/", "／", "-", "—", "——", "–", "－", "空", "无", "&nbsp;", "\xa0", "\u3000"]
)
def test_placeholders_are_blank_never_zero(text: str) -> None:
    assert is_placeholder(text)
    assert read_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("2111", 2111),
        ("2,111", 2111),
        ("1,074,931", 1074931),
        ("２１１１", 2111),
        (" 14 ", 14),
        ("12件", 12),
        ("-3", -3),
        ("5098.4139", 5098.4139),
        ("74708.228万元", 74708.228),
    ],
)
def test_numbers(text: str, value: float) -> None:
    num = read_number(text)
    assert num is not None and num.value == value


@pytest.mark.parametrize("text", ["约20", "20余", "1.2万", "第3页", "2,11", "3-", "1.属于国家秘密"])
def test_text_is_not_a_number(text: str) -> None:
    assert read_number(text) is None


def test_only_bare_integers_may_be_glued_runs() -> None:
    assert read_number("21116300062180").plain is True
    assert read_number("2,111").plain is False
    assert read_number("5098.4139").plain is False
    assert read_number("-3").plain is False


def test_amount_in_yuan_is_converted_to_wanyuan() -> None:
    assert to_wanyuan(read_number("747082280元")) == 74708.228
    assert to_wanyuan(read_number("74708.228万元")) == 74708.228
    assert to_wanyuan(read_number("747082280"), header_unit="元") == 74708.228
    assert to_wanyuan(read_number("5098.4139"), header_unit="万元") == 5098.4139


def test_unit_in_header() -> None:
    assert unit_in_header("本年收费金额（单位：万元）") == "万元"
    assert unit_in_header("采购总金额(元)") == "元"
    assert unit_in_header("采购总金额") is None


def test_traditional_units_are_read_as_simplified() -> None:
    num = read_number("74708.228萬元")
    assert num is not None and num.value == 74708.228 and num.unit == "万元"
    assert unit_in_header("本年收費金額（單位：萬元）") == "万元"
    assert unit_in_header("採購總金額（元）") == "元"
