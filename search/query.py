"""The public query language, parsed once and handed to every backend as a small tree.

Supported: words (all must match), ``"exact phrases"`` (also “…” and 「…」), ``OR`` / ``|``
between words, ``-word`` / ``-"phrase"`` to exclude. Anything else a user types is read as
plain words: parsing never fails, so no query can turn into a server error.

Matching semantics (the same in every backend):

- a quoted term matches its tokens at consecutive positions (a phrase);
- an unquoted term matches when all its tokens occur (for Chinese: all of its character
  bigrams — the ``cjk`` analyzer's ``match`` with ``operator: and``); a two-character word is a
  single bigram, so both readings agree there;
- a term with a lone ideograph (``税``, ``2022年``) is matched on single characters instead,
  because bigrams cannot represent it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.analysis import analyse_query_term, bigrams, needs_unigrams, unigrams

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"'})
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_OR_WORDS = frozenset({"OR", "|", "｜"})


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase of the query, normalised like the documents."""

    raw: str
    text: str  # analysed (Simplified, folded) text
    phrase: bool
    field: str  # "bi" (bigram tokens) or "uni" (single characters)
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """AND of ``groups`` (each an OR of terms), minus any document matching ``excluded``."""

    raw: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def positive_terms(self) -> tuple[Term, ...]:
        return tuple(t for g in self.groups for t in g)


def make_term(raw: str, *, phrase: bool) -> Term | None:
    """A term from user text, or None when nothing in it can be searched (punctuation only)."""
    text = analyse_query_term(raw)
    field = "uni" if needs_unigrams(text) else "bi"
    tokens = tuple(unigrams(text) if field == "uni" else bigrams(text))
    if not tokens:
        return None
    # One token: phrase and word are the same query; say so, backends then need no positions.
    return Term(raw=raw, text=text, phrase=phrase and len(tokens) > 1, field=field, tokens=tokens)


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse what a user typed. Never raises."""
    raw = (raw or "")[:MAX_QUERY_CHARS]
    source = raw.translate(_QUOTES)
    if source.count('"') % 2:
        # An unbalanced quote is a typo, not syntax: read everything as plain words.
        source = source.replace('"', " ")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    count = 0
    for m in _TOKEN_RE.finditer(source):
        if count >= MAX_TERMS:
            break
        if m.group(3) is not None:
            word = m.group(3)
            if word in _OR_WORDS:
                join_next = bool(groups)
                continue
            negative = word.startswith("-") and len(word) > 1
            term = make_term(word[1:] if negative else word, phrase=False)
        else:
            negative = m.group(1) == "-"
            term = make_term(m.group(2), phrase=True)
        if term is None:
            continue
        count += 1
        if negative:
            excluded.append(term)
            join_next = False
        elif join_next and groups:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    return ParsedQuery(
        raw=raw,
        groups=tuple(tuple(g) for g in groups),
        excluded=tuple(excluded),
    )
