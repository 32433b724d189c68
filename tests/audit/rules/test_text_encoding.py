from __future__ import annotations

from tests.audit.factories import findings, good_record, targets


def test_pinyin_annotations_are_damage():
    record = good_record()
    record["integrity"] = {"pinyin": ["報(bào)告"], "mojibake": [], "replacement_chars": 0}
    [finding] = findings(record, "TEXT-ENCODING")
    assert finding["severity"] == "warning"
    assert finding["evidence"]["pinyin"] == ["報(bào)告"]


def test_mojibake_and_replacement_characters_are_damage():
    record = good_record()
    record["integrity"] = {"pinyin": [], "mojibake": ["?。ǘ┮郎暾堔k理方面"], "replacement_chars": 3}
    [finding] = findings(record, "TEXT-ENCODING")
    assert "乱码 1 处" in finding["message"]
    assert finding["evidence"]["replacement_chars"] == 3


def test_clean_traditional_text_is_not_damage():
    record = good_record()
    record["text"] = "2022年礄口區人民政府堅持以習近平新時代中國特色社會主義思想為指導。"
    record["integrity"] = {"pinyin": [], "mojibake": [], "replacement_chars": 0}
    assert targets(record, "TEXT-ENCODING") == []


def test_without_integrity_marks_the_text_itself_is_examined():
    record = good_record()
    del record["integrity"]
    record["text"] = "本年度報(bào)告依據(jù)條例編制。"
    assert targets(record, "TEXT-ENCODING") == [None]
