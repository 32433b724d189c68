"""The extension point of the audit engine: :class:`Rule`, :class:`Finding`, :class:`Context`.

A rule is a small class with a stable ``id`` (``rules.md`` — a contract, never renamed or
reused), a default ``severity``, Chinese ``title`` / ``description`` for the catalogue and an
``example`` of its evidence. Its :meth:`Rule.check` reads the record (a plain dict, see
``reader/record.py``) and yields :class:`Finding` objects. Rules never modify the record:
the same record is shown to staff, indexed for search and audited again later.

Adding a rule (checklist):

1. Pick the topic module in ``audit/rules/`` (or add one and import it in ``__init__``).
2. Subclass :class:`Rule`, decorate it with ``@register``; fill ``id``, ``severity``,
   ``title``, ``description`` and ``example``.
3. Judge only what the record states with certainty: numbers read as numbers (``None`` is a
   blank, never 0), text matched on :attr:`Context.match_text` (no pinyin, folded width,
   Simplified). Prefer a missed warning to a false alarm; make every error certain.
4. Evidence names what a reviewer must look at: cell keys (``t3.R7.TOT``) with values, the
   expected and actual numbers, quoted sentences.
5. Add ``tests/audit/rules/test_<rule>.py`` (fires / does not fire, with the traps), bump
   ``RULESET_VERSION`` and regenerate ``docs/rules.md`` (``manage.py rules_catalogue``).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from reader.record import Record
from reader.textnorm import compact, matchable

from .cells import TableView


class Severity(enum.StrEnum):
    """How bad a finding is (``rules.md``): error breaks the Regulation, the format or the
    arithmetic; warning is very likely a problem a reviewer decides; info is worth knowing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, where (``target``), how bad, a Chinese message, the evidence."""

    rule: str
    target: str | None
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The shape of ``record["findings"]`` items (``record.md``)."""
        return {
            "rule": self.rule,
            "target": self.target,
            "severity": str(self.severity),
            "message": self.message,
            "evidence": self.evidence,
        }

    def sort_key(self) -> tuple[int, str, str]:
        return (self.severity.rank, self.rule, self.target or "")


@dataclass
class Context:
    """What rules share besides the record: last year's record and the caller's metadata.

    ``metadata`` holds values known outside the text (the database's report, or the
    ``audit_file`` arguments): ``year``, ``level``, ``published``, ``agency``. They win over
    what the parser read. Expensive derived values (the normalised text) are computed once
    here and shared by every rule.
    """

    record: Record
    previous: Record | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    _tables: dict[str, TableView] = field(default_factory=dict, repr=False)
    _previous_tables: dict[str, TableView] = field(default_factory=dict, repr=False)

    @cached_property
    def year(self) -> int | None:
        return _as_int(self.metadata.get("year")) or _as_int(self.record.get("year"))

    @cached_property
    def level(self) -> str | None:
        level = self.metadata.get("level") or self.record.get("level")
        return level if level in ("gov", "dept") else None

    @cached_property
    def published(self) -> tuple[dt.date | None, str | None]:
        """The publication date and where it came from (argument/metadata/url)."""
        value = self.metadata.get("published")
        if value:
            return _as_date(value), "argument"
        value = self.record.get("published")
        if value:
            return _as_date(value), self.record.get("published_source")
        return None, None

    @cached_property
    def text(self) -> str:
        text = self.record.get("text")
        return text if isinstance(text, str) else ""

    @cached_property
    def match_text(self) -> str:
        """The whole text for matching: no pinyin, folded width, Simplified."""
        return matchable(self.text)

    @cached_property
    def match_lines(self) -> str:
        """:attr:`match_text` with spaces and tabs removed inside lines (line breaks kept)."""
        return _LINE_SPACE.sub("", self.match_text)

    @cached_property
    def match_compact(self) -> str:
        """:attr:`match_text` without whitespace (PDF text breaks words across lines)."""
        return compact(self.match_text)

    def table(self, key: str) -> TableView:
        """This record's table ``t2``/``t3``/``t4``, read once per audit."""
        if key not in self._tables:
            self._tables[key] = TableView.of(self.record, key)
        return self._tables[key]

    def previous_table(self, key: str) -> TableView:
        """Last year's table (an absent table when there is no previous record)."""
        if key not in self._previous_tables:
            self._previous_tables[key] = TableView.of(self.previous or {}, key)
        return self._previous_tables[key]

    def section_text(self, key: str, record: Record | None = None) -> str:
        """A section's body text as the parser kept it (original script), or ``""``."""
        section = ((record or self.record).get("sections") or {}).get(key) or {}
        text = section.get("text")
        return text if isinstance(text, str) else ""

    @cached_property
    def previous_year(self) -> int | None:
        if not self.previous:
            return None
        return _as_int(self.previous.get("year"))

    @cached_property
    def has_consecutive_previous(self) -> bool:
        """True when last year's record is there and really is for year − 1."""
        return (
            self.previous is not None
            and self.year is not None
            and self.previous_year is not None
            and self.previous_year == self.year - 1
        )


_LINE_SPACE = re.compile(r"[ \t\u3000\xa0]+")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


class Rule:
    """Base class of every audit rule (register subclasses with ``@register``).

    Class attributes:

    - ``id``: the stable ID from ``rules.md`` (``T3-COL``); never renamed, never reused.
    - ``severity``: the default :class:`Severity`; a finding may override it (FEE-MISSING is an
      error from 2021 and a warning for 2019–2020).
    - ``title``: one line in Chinese for lists and the catalogue.
    - ``description``: what the rule checks and when it stays silent, in Chinese.
    - ``example``: an example ``evidence`` dict, shown in the catalogue.

    Subclasses implement :meth:`check` and build findings with :meth:`finding`.
    """

    id: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    example: ClassVar[dict[str, Any]] = {}

    def check(self, record: Record, context: Context) -> Iterable[Finding]:
        """Yield the findings for ``record``. Read only; never modify ``record``."""
        raise NotImplementedError

    def finding(
        self,
        *,
        target: str | None,
        message: str,
        evidence: dict[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            target=target,
            severity=severity or self.severity,
            message=message,
            evidence=evidence or {},
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"
