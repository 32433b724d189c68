"""HTML → blocks: the article body of a saved government web page, with its tables as grids.

One pass over the DOM (iterative: pages nest 10,000 levels deep and must not hit Python's
recursion limit) turns the page into a flat list of paragraphs and tables, each tagged with the
block element it came from and whether it sits in page chrome (nav, header, footer, share
buttons, breadcrumbs, link lists). The article container is then chosen by arithmetic on that
list: the deepest element holding the report's section headings (一、总体情况 … 六、其他需要
报告的事项), or, for pages without them, the element with the most paragraph text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.textnorm import matchable

from .blocks import Block, Extracted, ExtractionError, Paragraph, Table
from .common import DATE_RE, build, clean_inline, iso_date, labelled_date, rectangular
from .text import decode

# Elements that start a new paragraph.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Never text: dropped before the walk.
_INVISIBLE_TAGS = frozenset(
    "script style noscript template iframe object embed svg math select button textarea canvas "
    "audio video map".split()
)
# One selector pass finds them, the hidden elements and the styles that may hide (every cell of a
# CMS table has a style: reading each one's attributes into Python would cost more than the walk).
_HIDING = ("[hidden]", "[aria-hidden=true]", '[style*="none" i]', '[style*="hidden" i]')
_INVISIBLE_OR_HIDING = ", ".join((*sorted(_INVISIBLE_TAGS), *_HIDING))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Page chrome by element name and by class/id words (English and the pinyin initials Chinese
# CMSs use: dqwz 当前位置, xgwz 相关文章, fx 分享, yqlj 友情链接, wzdh 网站导航, bqxx 版权信息).
_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside", "menu"))
_CHROME_WORD = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navi|menu|submenu|header|head|top|topbar|footer|foot|bottom|"
    r"breadcrumbs?|crumbs?|position|location|dqwz|weizhi|share|bdshare|fenxiang|fx|related|"
    r"xgwz|xgxx|xgxw|sidebar|aside|comment|print|toolbar|login|search|"
    r"copyright|banner|ads?|links?|friendlink|yqlj|wzdh|bqxx|qrcode|ewm|erweima|skip|"
    r"pagination|pager|fontsize|zihao)(?:[-_\s]|$)",
    re.IGNORECASE,
)
# Lines of chrome that survive inside article containers.
_CHROME_LINE = re.compile(
    r"^(?:当前位置|您现在的位置|您当前的位置|分享到|【?打印(?:本页|此页)?】?|【?关闭(?:窗口|本页)?】?|"
    r"字号[:：]|字体[:：]|扫一扫|【?收藏】?|浏览次数|访问量)"
)
# The article's own metadata bar (发布日期：… 来源：… 浏览次数：…) — read for ``meta``, not text.
_META_LINE = re.compile(
    r"^(?:发布日期|发布时间|发文日期|日期|时间|来源|信息来源|浏览次数|阅读次数|点击数|作者|索引号|文号)\s*[:：]"
)
_SECTION_HEADING = re.compile(
    r"^([一二三四五六七])[、.,:]?\s*(?:总体情况|主动公开|收到和处理|.{0,14}行政复议|.{0,12}存在的?主要问题|"
    r"其他需要报告)"
)
_TITLE_WORDS = re.compile(r"报告|年报|報告|年報")
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_META_DATE_NAMES = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "articlepubdate",
    "article:published_time",
    "dc.date",
    "dc.date.issued",
    "publish_date",
    "releasedate",
)
_URL_DATE = (
    re.compile(r"[/_]t((?:19|20)\d\d)(\d\d)(\d\d)_"),
    re.compile(r"/((?:19|20)\d\d)-?(\d\d)-?(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)/"),
)
_MAX_COLSPAN = 100
_MAX_ROWSPAN = 1000
_LAYOUT_CELL_CHARS = 400
# Below this many layout tables, a table that holds another table is walked as layout without
# reading its cells: each level's cell text holds the whole subtree, so data tables nested
# thousands deep would cost O(n²). (Real pages nest a handful; the innermost is still read.)
_MAX_TABLE_NESTING = 32


@dataclass(slots=True)
class _Entry:
    block: Block
    element: int  # index of the innermost block element it came from
    chrome: bool
    link_ratio: float


class _Walk:
    """The flat list of entries plus the block-element tree (parent, subtree end, tag, chrome)."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.parent: list[int] = []
        self.end: list[int] = []  # element i's descendants are i+1 .. end[i]-1
        self.tag: list[str] = []
        self.chrome: list[bool] = []
        self.titleish: list[bool] = []
        self._chars: list[int] | None = None

    def chars(self) -> list[int]:
        """Characters of each entry (tables summed over their cells), counted once: choosing
        the container asks about the same entries several times."""
        if self._chars is None:
            self._chars = [_entry_chars(e) for e in self.entries]
        return self._chars

    def contains(self, outer: int, inner: int) -> bool:
        return outer <= inner < self.end[outer]

    def ancestors(self, idx: int) -> list[int]:
        path = []
        while idx >= 0:
            path.append(idx)
            idx = self.parent[idx]
        path.reverse()
        return path


# Deeper than any real page (they nest a few dozen levels); lexbor builds deep trees in
# quadratic time, so a hostile page of nested tags is refused before parsing.
MAX_NESTING = 40_000
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")


def _too_deep(html: str) -> bool:
    if html.count("<") <= MAX_NESTING:
        return False  # cannot nest deeper than it has tags
    depth = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.groups()
        if self_closing or name.lower() in _VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_NESTING:
                return True
    return False


def read_html(data: bytes) -> Extracted:
    declared = _declared_charset(data)
    text, codec, warnings = decode(data, declared)
    return parse_html(text, encoding=codec, warnings=warnings)


def parse_html(
    html: str, *, encoding: str | None = None, warnings: list[str] | None = None
) -> Extracted:
    """Blocks and metadata of an HTML document given as text."""
    warnings = list(warnings or [])
    if _too_deep(html):
        raise ExtractionError(
            f"网页标签嵌套超过 {MAX_NESTING:,} 层，远超任何真实报告，无法安全解析；"
            "请另存为 PDF、Word 或纯文本后再上传。原始文件已保存。",
            code="too_deep",
        )
    try:
        tree = LexborHTMLParser(html)
    except Exception as exc:  # selectolax raises bare errors on allocation failures
        raise ExtractionError("网页无法解析", code="html") from exc
    meta = _head_meta(tree, html)
    for node in tree.css(_INVISIBLE_OR_HIDING):
        if node.tag in _INVISIBLE_TAGS:
            node.decompose()
            continue
        attrs = node.attributes
        if (
            "hidden" in attrs
            or attrs.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(attrs.get("style") or "")
        ):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        raise ExtractionError("网页没有正文内容", code="empty")
    walk = _walk(root)
    container = _choose_container(walk)
    blocks = _select(walk, container)
    title_para = _title_paragraph(walk, container)
    if (
        title_para is not None
        and container >= 0
        and not walk.contains(container, title_para.element)
    ):
        blocks.insert(0, title_para.block)
    page_title = meta.pop("_page_title", None)
    if title_para is not None:
        meta["title"] = title_para.block.text  # type: ignore[union-attr]
    elif "title" not in meta and page_title:
        meta["title"] = _strip_site_name(page_title)
    _published(walk, meta)
    if not blocks:
        warnings.append("网页中没有找到正文内容")
    return build("html", blocks, encoding=encoding, meta=meta, warnings=warnings)


_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|－|—|\s-\s)\s*")


def _strip_site_name(title: str) -> str:
    """``某区2022年政府信息公开工作年度报告_某区人民政府门户网站`` → the report's part."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    for part in parts:
        if _TITLE_WORDS.search(part):
            return part
    return title


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", errors="ignore") if m else None


# ---- head metadata --------------------------------------------------------------------------


def _head_meta(tree: LexborHTMLParser, html: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    title = tree.css_first("title")
    if title is not None:
        page_title = clean_inline(title.text())
        if page_title:
            meta["_page_title"] = page_title
    published: str | None = None
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if not name or not content:
            continue
        if name in ("articletitle", "og:title") and "title" not in meta:
            meta["title"] = clean_inline(content)
        elif name == "og:url" and "source_url" not in meta:
            meta["source_url"] = content
        elif name in _META_DATE_NAMES and published is None:
            m = DATE_RE.search(content)
            if m:
                published = iso_date(*m.groups())
    if published:
        meta["published"] = published
        meta["published_source"] = "metadata"
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None and (href := (canonical.attributes.get("href") or "").strip()):
        meta["source_url"] = href
    if "source_url" not in meta:
        m = _SAVED_FROM.search(html[:4096])
        if m:
            meta["source_url"] = m.group(1)
    if "source_url" not in meta:
        base = tree.css_first("base[href]")
        if base is not None and (href := (base.attributes.get("href") or "").strip()):
            if re.search(r"\.s?html?$|\d{6,}", href):
                meta["source_url"] = href
    return meta


def _published(walk: _Walk, meta: dict[str, str]) -> None:
    """Publication date from labelled metadata in the page, else from the page's own URL."""
    if "published" in meta:
        return

    def texts() -> Iterator[str]:
        for entry in walk.entries:
            block = entry.block
            if isinstance(block, Paragraph):
                if len(block.text) <= 400:  # longer: a body paragraph, not a metadata line
                    yield block.text
            else:
                yield from (" | ".join(r) for r in block.rows)

    found = labelled_date(texts())
    if found:
        meta["published"] = found
        meta["published_source"] = "metadata"
        return
    url = meta.get("source_url")
    if url:
        for pattern in _URL_DATE:
            m = pattern.search(url)
            if m:
                day = m.group(3) if m.lastindex == 3 else "1"
                iso = iso_date(m.group(1), m.group(2), day)
                if iso:
                    meta["published"] = iso if m.lastindex == 3 else iso[:7]
                    meta["published_source"] = "url"
                    return


# ---- the walk -------------------------------------------------------------------------------


def _is_chrome(node: LexborNode, tag: str) -> bool:
    if tag in _CHROME_TAGS:
        return True
    attrs = node.attributes
    words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(words.strip()) and bool(_CHROME_WORD.search(words))


def _walk(root: LexborNode) -> _Walk:
    """Entries and block tree of the page, in document order.

    A depth-first walk by ``child``/``next`` that never enters a data table (``_table`` reads
    it) or anything else it skips. An element is left lazily, when the next node arrives (or at
    the end of the page), which is when its text is flushed.
    """
    walk = _Walk()
    # Frames of open elements: (block index or -1, is link, is <pre>, is a layout table); None
    # for text nodes.
    Frame = tuple[int, bool, bool, bool] | None
    buf: list[str] = []
    link_chars = 0
    total_chars = 0
    cur_block = -1
    cur_chrome = False
    in_link = 0
    pre_depth = 0  # open <pre> elements: their line breaks are paragraph breaks
    table_depth = 0  # open layout tables
    pending: list[Frame] = []  # frames of elements whose subtree has ended, innermost first

    def flush() -> None:
        nonlocal link_chars, total_chars
        if buf:
            # <pre> lines are kept as written (flattened tables like "规章 | 0 |" in them).
            text = (
                "".join(buf).replace("\xa0", " ").strip()
                if pre_depth
                else clean_inline("".join(buf))
            )
            if text:
                ratio = link_chars / total_chars if total_chars else 0.0
                walk.entries.append(_Entry(Paragraph(text), cur_block, cur_chrome, ratio))
            buf.clear()
        link_chars = total_chars = 0

    def open_block(tag: str, chrome: bool) -> int:
        idx = len(walk.parent)
        walk.parent.append(cur_block)
        walk.end.append(idx + 1)
        walk.tag.append(tag)
        walk.chrome.append(chrome)
        walk.titleish.append(False)
        return idx

    def leave_pending() -> None:
        nonlocal pre_depth, in_link, cur_block, cur_chrome, table_depth
        for frame in pending:
            if frame is None:
                continue
            bidx, is_link, is_pre, is_table = frame
            if is_pre:
                pre_depth -= 1
            if is_table:
                table_depth -= 1
            if is_link:
                in_link -= 1
            if bidx >= 0:
                flush()
                walk.end[bidx] = len(walk.parent)
                cur_block = walk.parent[bidx]
                cur_chrome = walk.chrome[cur_block] if cur_block >= 0 else False
        pending.clear()

    def enter(node: LexborNode) -> tuple[Frame, bool]:
        """Handle one node; returns its frame and whether to walk its children."""
        nonlocal link_chars, total_chars, cur_block, cur_chrome, in_link, pre_depth, table_depth
        if pending:
            leave_pending()
        if node.is_text_node:
            text = node.text_content or ""
            if pre_depth and "\n" in text:
                *done, text = text.split("\n")
                for piece in done:
                    buf.append(piece)
                    total_chars += len(piece.strip())
                    flush()
            buf.append(text)
            n = len(text.strip())
            total_chars += n
            if in_link:
                link_chars += n
            return None, False
        if not node.is_element_node:
            return None, False
        tag = node.tag or ""
        if tag == "br":
            flush()
            return None, False
        if tag == "table" and not (table_depth >= _MAX_TABLE_NESTING and _has_nested_table(node)):
            flush()
            table, layout = _table(node)
            chrome = cur_chrome or _is_chrome(node, tag)
            if not layout:
                idx = open_block(tag, chrome)
                if table is not None:
                    walk.entries.append(_Entry(table, idx, chrome, 0.0))
                walk.end[idx] = len(walk.parent)
                return None, False
        if tag in BLOCK_TAGS:
            flush()
            chrome = cur_chrome or _is_chrome(node, tag)
            idx = open_block(tag, chrome)
            if tag in ("h1", "h2", "h3") or "title" in (node.attributes.get("class") or "").lower():
                walk.titleish[idx] = True
            cur_block = idx
            cur_chrome = chrome
            is_pre = tag == "pre"
            if is_pre:
                pre_depth += 1
            is_table = tag == "table"
            if is_table:
                table_depth += 1
            return (idx, False, is_pre, is_table), True
        if tag == "a":
            in_link += 1
            return (-1, True, False, False), True
        return None, True

    stack: list[tuple[Frame, LexborNode]] = []
    node: LexborNode | None = root
    while True:
        if node is None:
            if not stack:
                break
            frame, parent = stack.pop()
            pending.append(frame)
            node = parent.next if stack else None
            continue
        frame, descend = enter(node)
        child = node.child if descend else None
        if child is not None:
            stack.append((frame, node))
            node = child
        else:
            pending.append(frame)
            node = node.next if stack else None
    # The end of the page: what is still open ends here, its text flushed as it stands (an
    # unclosed <pre> keeps its last line as written).
    for frame in pending:
        if frame is not None and frame[0] >= 0:
            flush()
            walk.end[frame[0]] = len(walk.parent)
            cur_block = walk.parent[frame[0]]
    flush()
    return walk


# ---- tables ---------------------------------------------------------------------------------


def _rows(table: LexborNode) -> list[LexborNode]:
    """The table's own rows (not those of nested tables), in order."""
    rows: list[LexborNode] = []
    for child in table.iter(include_text=False):  # element children, iterated in C
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in child.iter(include_text=False) if row.tag == "tr")
    return rows


def _cells(row: LexborNode) -> list[LexborNode]:
    return [cell for cell in row.iter(include_text=False) if cell.tag in ("td", "th")]


def _span(value: str | None, limit: int) -> int:
    if not value:
        return 1
    value = value.strip().rstrip(";")
    if not value.isdigit():
        return 1
    return min(int(value), limit)


def _cell_text(cell: LexborNode) -> str:
    """A cell's text: inline pieces glued (``<span>报</span><span>告</span>`` → 报告), block
    boundaries and ``<br>`` as a space that ``clean_inline`` drops next to CJK, so
    ``本年新<br/>制作数量`` → 本年新制作数量 but two numbers in nested cells stay apart."""
    # Fast path, in C: when at most one of the cell's text nodes holds more than whitespace (the
    # common ``<td><p><span>12</span></p></td>``), block and <br> boundaries can only add
    # whitespace around it, which the clean-up strips. (U+0001 never survives decoding.)
    joined = cell.text(deep=True, separator="\x01", strip=False)
    if "\x01" not in joined:
        return clean_inline(joined)  # one text node (or none)
    solid = [p for p in joined.split("\x01") if p.strip().strip("\u200b\ufeff")]
    if len(solid) <= 1:
        return clean_inline(solid[0]) if solid else ""
    parts: list[str] = []
    for node in cell.traverse(include_text=True):
        if node.is_text_node:
            parts.append(node.text_content or "")
        elif node.tag == "br" or node.tag in BLOCK_TAGS:
            parts.append(" ")
    return clean_inline("".join(parts))


def _has_nested_table(table: LexborNode) -> bool:
    """Stops at the first nested table (``css()`` would collect all of them, and includes
    ``table`` itself)."""
    own = table.mem_id
    for node in table.traverse():
        if node.tag == "table" and node.mem_id != own:
            return True
    return False


def _table(node: LexborNode) -> tuple[Table | None, bool]:
    """(grid, is_layout). A layout table (page scaffolding: one column, or cells holding long
    text or other tables in a small grid) is walked like a ``div`` instead."""
    rows = _rows(node)
    if not rows:
        return None, True
    cells_by_row: list[list[tuple[LexborNode, int, int]]] = []
    width = 0
    row_cells = [_cells(row) for row in rows]
    # A data table (3+ rows, 3+ cells in a row): only the cells with a span attribute have their
    # attributes read, found in one selector pass in C. Small tables (and wrappers nested
    # thousands deep, where a pass over each subtree would cost O(n²)) read every cell's.
    spanned: set[int] | None = None
    if len(rows) > 2 and max(map(len, row_cells)) > 2:
        spanned = {n.mem_id for n in node.css("[colspan], [rowspan]")}
    for cells_of_row in row_cells:
        cells = []
        for cell in cells_of_row:
            if spanned is not None and cell.mem_id not in spanned:
                cells.append((cell, 1, 1))
                continue
            attrs = cell.attributes
            colspan = max(1, _span(attrs.get("colspan"), _MAX_COLSPAN))
            cells.append((cell, colspan, _span(attrs.get("rowspan"), _MAX_ROWSPAN)))
        cells_by_row.append(cells)
        width = max(width, sum(c[1] for c in cells))
    if width <= 1:
        return None, True
    # Decided before reading any cell text: a wrapper table nested 10,000 deep must cost O(n).
    if (len(rows) <= 2 or width <= 2) and _has_nested_table(node):
        return None, True
    texts = [[_cell_text(c[0]) for c in cells] for cells in cells_by_row]
    if any(len(t) > _LAYOUT_CELL_CHARS for row in texts for t in row):
        return None, True
    return _grid(cells_by_row, texts), False


def _grid(
    cells_by_row: list[list[tuple[LexborNode, int, int]]], texts: list[list[str]]
) -> Table | None:
    """Expand row/col spans into a full rectangle, the spanned text repeated in each cell."""
    n_rows = len(cells_by_row)
    grid: list[list[str | None]] = [[] for _ in range(n_rows)]
    for r, cells in enumerate(cells_by_row):
        row = grid[r]
        col = 0
        for (_, colspan, rowspan), text in zip(cells, texts[r], strict=True):
            while col < len(row) and row[col] is not None:
                col += 1
            if colspan == 1 and rowspan == 1:  # most cells: the free slot is this one
                if col == len(row):
                    row.append(text)
                else:
                    row[col] = text
                col += 1
                continue
            if rowspan == 0:  # HTML: rowspan=0 spans to the end of the table section
                rowspan = n_rows - r
            rowspan = min(rowspan, n_rows - r)
            for dr in range(rowspan):
                target = grid[r + dr]
                need = col + colspan
                if len(target) < need:
                    target.extend([None] * (need - len(target)))
                for dc in range(colspan):
                    if target[col + dc] is None:
                        target[col + dc] = text
            col += colspan
    return rectangular([[c or "" for c in row] for row in grid])


# ---- choosing the article -------------------------------------------------------------------


def _headings(walk: _Walk, *, allow_chrome: bool) -> list[tuple[str, int]]:
    found = []
    for entry in walk.entries:
        block = entry.block
        if not isinstance(block, Paragraph) or len(block.text) > 60 or entry.link_ratio > 0.5:
            continue
        if entry.chrome and not allow_chrome:
            continue
        m = _SECTION_HEADING.match(matchable(block.text).strip())
        if m:
            found.append((m.group(1), entry.element))
    return found


def _lca(walk: _Walk, elements: list[int]) -> int:
    path = walk.ancestors(elements[0])
    for idx in elements[1:]:
        other = walk.ancestors(idx)
        n = 0
        while n < len(path) and n < len(other) and path[n] == other[n]:
            n += 1
        path = path[:n]
    return path[-1] if path else -1


def _text_chars(walk: _Walk, container: int) -> tuple[int, int]:
    """(article-like chars, link chars) of non-chrome entries inside ``container``."""
    plain = links = 0
    for entry, n in zip(walk.entries, walk.chars(), strict=True):
        if container >= 0 and not walk.contains(container, entry.element):
            continue
        if entry.chrome and not (container >= 0 and walk.chrome[container]):
            continue
        links += int(n * entry.link_ratio)
        plain += n - int(n * entry.link_ratio)
    return plain, links


def _entry_chars(entry: _Entry) -> int:
    block = entry.block
    if isinstance(block, Paragraph):
        return len(block.text)
    return sum(map(len, chain.from_iterable(block.rows)))


def _choose_container(walk: _Walk) -> int:
    """Index of the article's block element (-1: the whole body)."""
    if not walk.parent:
        return -1
    headings = _headings(walk, allow_chrome=False)
    if len({h for h, _ in headings}) < 2:
        headings = _headings(walk, allow_chrome=True)
    if len({h for h, _ in headings}) >= 2:
        container = _lca(walk, [e for _, e in headings[:60]])
    else:
        container = _densest(walk)
    return _widen(walk, container)


_PARAGRAPH_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd pre blockquote caption figcaption address".split()
)


def _densest(walk: _Walk) -> int:
    """The container whose paragraphs and tables carry the most non-link text (readability
    style): a paragraph credits the container it sits in fully and that one's parent by half."""
    score = [0.0] * len(walk.parent)
    for entry in walk.entries:
        if entry.element < 0 or entry.link_ratio > 0.5:
            continue
        n = _entry_chars(entry) * (1.0 - entry.link_ratio)
        if entry.chrome:
            # A content wrapper can carry a chrome-like class ("main-top"); let it still win
            # when it holds far more text than anything else.
            n *= 0.3
        holder = entry.element
        if walk.tag[holder] in _PARAGRAPH_TAGS or walk.tag[holder] == "table":
            holder = walk.parent[holder]
        if holder < 0:
            continue
        score[holder] += n
        parent = walk.parent[holder]
        if parent >= 0:
            score[parent] += n * 0.5
    if not score or max(score) == 0:
        return -1
    return max(range(len(score)), key=score.__getitem__)


def _widen(walk: _Walk, container: int) -> int:
    """Climb from ``container`` while the parent adds only a little plain text and no links (an
    intro paragraph beside the sections' wrapper), never out of a chrome-marked container and
    never into ``body``."""
    if container < 0:
        return container
    inner, inner_links = _text_chars(walk, container)
    for _ in range(3):
        parent = walk.parent[container]
        if parent < 0 or walk.tag[parent] in ("body", "html") or walk.parent[parent] < 0:
            break
        if walk.chrome[parent] != walk.chrome[container]:
            break
        outer, links = _text_chars(walk, parent)
        if outer - inner > 0.3 * inner or links > inner_links:
            break
        container, inner = parent, outer
    return container


def _select(walk: _Walk, container: int) -> list[Block]:
    keep_chrome = container >= 0 and walk.chrome[container]
    blocks: list[Block] = []
    for entry in walk.entries:
        if container >= 0 and not walk.contains(container, entry.element):
            continue
        if entry.chrome and not keep_chrome:
            continue
        block = entry.block
        if isinstance(block, Paragraph):
            if entry.link_ratio > 0.8 and len(block.text) < 40:
                continue  # a stray link ("上一篇", "返回顶部")
            if len(block.text) < 30 and _CHROME_LINE.match(block.text):
                continue
            if len(block.text) < 120 and _META_LINE.match(block.text):
                continue
        elif _is_metadata_table(block):
            continue
        blocks.append(block)
    return blocks


def _is_metadata_table(table: Table) -> bool:
    """The 索引号/发布机构/发文日期 grid above an article (domain.md §5.2)."""
    if len(table.rows) > 8:
        return False
    cells = {c.strip(" :：") for row in table.rows for c in row}
    return "索引号" in cells and bool(
        cells & {"发布机构", "发文日期", "发布日期", "成文日期", "分类", "文号"}
    )


def _title_paragraph(walk: _Walk, container: int) -> _Entry | None:
    """The page's headline for the report (an h1–h3 or ``.title`` that names a 报告), preferring
    one inside or just before the article."""
    best: _Entry | None = None
    for entry in walk.entries:
        block = entry.block
        if (
            not isinstance(block, Paragraph)
            or entry.element < 0
            or not walk.titleish[entry.element]
        ):
            continue
        if not (6 <= len(block.text) <= 80) or not _TITLE_WORDS.search(block.text):
            continue
        if container >= 0 and entry.element > walk.end[container]:
            break
        best = entry
        if container < 0 or walk.contains(container, entry.element):
            break
    return best
