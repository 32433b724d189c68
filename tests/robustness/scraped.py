"""Scraped-page text: the whole report on one line, as a page
scraper saves a CMS page — every ``<td>``'s text joined without a separator.

From the base's PDF-text rendering (labels, then each row's numbers), the body's lines are run
together: table 三's rows become ``label + digits`` (``（一）予以公开210000021``), a row's digits
run into the next row's item number (``00000002.其他法律行政法规禁止公开``), table 四's headings
run together before one run of fifteen numbers' digits straight into ``五、存在的主要问题…``.
``spaces`` keeps a space between lines and, inside some rows, between some cells (``230
000023``) — the stray spaces of real copies. The title and date lines stay as the scraper's
metadata block.
"""

from __future__ import annotations

from . import render as R
from .corpus import Doc


def render(doc: Doc, *, spaces: bool) -> str:
    style = R.TextStyle(tables="pdf", glue="partial" if spaces else "full", seed=3)
    lines = R.render_text(doc, style).splitlines()
    keep = int(bool(doc.title)) + int(bool(doc.published))
    head, body = lines[:keep], [line.strip() for line in lines[keep:] if line.strip()]
    return "\n".join([*head, (" " if spaces else "").join(body)]) + "\n"
