"""Parsing: extracted blocks → the report record (``reader/record.py``, ``record.md``).

``parse`` runs the steps in order — integrity marks, section split, tables
(``parse_tables``), metadata, fee statement, prose numbers — each written not to raise on odd
input. Values given as arguments (what staff entered) override what the text says.
"""

from __future__ import annotations

import logging
from typing import Any

from reader.extract.blocks import Block, Extracted, Paragraph
from reader.parse.fee import read_fee
from reader.parse.integrity import read_integrity
from reader.parse.meta import (
    classify_level,
    detect_script,
    find_agency,
    find_period,
    find_title,
    find_year_in_body,
    level_from_body,
    normalise_date,
)
from reader.parse.pagebreaks import strip_print_furniture
from reader.parse.prose import read_prose
from reader.parse.sections import SectionSplit, block_text, split_sections
from reader.parse.tables import parse_tables
from reader.parse.textutil import Sentence, looks_wrapped, sentences
from reader.record import SECTION_KEYS, TABLE_SECTION, Record, empty_record

__all__ = ["PARSER_VERSION", "parse", "read_report"]

# Bump whenever parsing output can change: stored records are re-parsed when it differs.
PARSER_VERSION = "12"

log = logging.getLogger(__name__)


def read_report(data: bytes, filename: str | None = None, **overrides: Any) -> Record:
    """Extract and parse one file. Raises ``ExtractionError`` when the file cannot be read.

    ``overrides``: ``source``, ``year``, ``agency``, ``level``, ``published`` (see :func:`parse`).
    """
    from reader.extract import extract

    extracted = extract(data, filename)
    overrides.setdefault("source", filename)
    return parse(extracted, **overrides)


def parse(
    extracted: Extracted,
    *,
    source: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    level: str | None = None,
    published: Any = None,
) -> Record:
    """The record for one extracted report. Never raises.

    Each step tolerates any text; should one still fail (a bug), the record keeps what the
    earlier steps found and says what failed under the internal key ``parse_error``.
    """
    record = empty_record()
    record["source"] = source
    try:
        _fill(record, extracted, year=year, agency=agency, level=level, published=published)
    except Exception as exc:  # last-resort guard: a partial record beats a failed upload
        log.exception("parse failed for %s", source)
        record["parse_error"] = f"{type(exc).__name__}: {exc}"
    return record


def _fill(
    record: Record,
    extracted: Extracted,
    *,
    year: int | None,
    agency: str | None,
    level: str | None,
    published: Any,
) -> None:
    text = extracted.text or "\n".join(block_text(b) for b in extracted.blocks)
    record["text"] = text
    record["integrity"] = read_integrity(text)
    record["script"] = detect_script(text)

    # A browser print's header/footer lines (URL, date, 1/5) would split table rows.
    split = split_sections(strip_print_furniture(extracted.blocks or _blocks_from_text(text)))
    record["sections"] = split.sections
    record["heading_order"] = split.heading_order
    record["heading_numbers"] = split.heading_numbers

    s1_text = split.sections["s1"].get("text", "") if split.sections["s1"]["present"] else ""
    s0_blocks = split.section_blocks["s0"] or split.blocks[:3]
    title = find_title(s0_blocks, extracted.meta.get("title"))
    record["title"] = title.text if title else None
    record["title_year"] = title.year if title else None
    sents = _sentences(split, join_lines=extracted.format == "pdf" or looks_wrapped(text))
    statement, period_year = find_period(sents)
    record["period"] = {"statement": statement, "year": period_year}

    body_year = find_year_in_body(s1_text or _s0_text(split))
    record["year"] = year or record["title_year"] or period_year or body_year
    # The 现将…/由…编制 sentences belong to the introduction before section 一.
    intro = _s0_text(split) if split.sections["s1"]["present"] else text[:3000]
    read_agency = find_agency(title, intro, s1_text)
    record["agency"] = agency or read_agency
    record["level"] = level or classify_level(record["agency"]) or level_from_body(s1_text)

    if published is not None:
        record["published"] = normalise_date(published)
        record["published_source"] = "argument" if record["published"] else None
    if record["published"] is None and extracted.meta.get("published"):
        record["published"] = normalise_date(extracted.meta["published"])
        if record["published"]:
            record["published_source"] = extracted.meta.get("published_source") or "metadata"

    record["fee"] = read_fee(sents)
    record["prose"] = read_prose(sents)
    # Tables last: the prose's counts are evidence for glued rows with several readings.
    _fill_tables(record, split)


def _fill_tables(record: Record, split: SectionSplit) -> None:
    tables = parse_tables(split.section_blocks, record.get("prose"))
    for key in TABLE_SECTION:
        if key in tables and isinstance(tables[key], dict):
            record["tables"][key] = tables[key]
    t2 = record["tables"]["t2"]
    record["format_version"] = (t2.get("layout") or "unknown") if t2.get("present") else "unknown"


def _s0_text(split: SectionSplit) -> str:
    return "\n".join(b.text for b in split.section_blocks["s0"] if isinstance(b, Paragraph))


def _sentences(split: SectionSplit, *, join_lines: bool) -> list[Sentence]:
    out: list[Sentence] = sentences(_s0_text(split), "s0", join_lines=join_lines)
    for key in SECTION_KEYS:
        sec = split.sections[key]
        if sec.get("present") and sec.get("text"):
            out.extend(sentences(sec["text"], key, join_lines=join_lines))
    return out


def _blocks_from_text(text: str) -> list[Block]:
    return [Paragraph(line) for line in text.splitlines() if line.strip()]
