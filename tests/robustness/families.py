"""Variant families: one way the real world changes a report, with the truth changed to match.

A family is a function ``Doc -> Case | None`` (``None``: the family does not apply to that
base, e.g. blanks need a table with numbers). Families are grouped (``web``, ``pdf``,
``text``, ``script``, ``headings``, ``blanks``, ``adversarial``) and registered in
:data:`FAMILIES` in the order the scoreboard prints them.

Adding a family: write the function, decorate it with ``@family(name, group, description)``,
change ``doc.truth`` exactly as the variant changes what a correct parser and audit must say.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.record import T3_COLS, T3_PARTY_COLS, t3_result_rows

from . import render as R
from .corpus import Doc, Truth

# ---- cases and the registry --------------------------------------------------------------------


@dataclass(slots=True)
class Case:
    family: str
    group: str
    base: str
    filename: str
    data: bytes | None  # None for PDF cases until ``pdf.convert_many`` fills them in
    truth: Truth
    pdf_source: tuple[bytes, str] | None = None  # (docx/html bytes, suffix) to convert
    post: Callable[[bytes], bytes] | None = None  # applied to the PDF (e.g. to its text)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.family}/{self.base}"


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    group: str
    description: str
    build: Callable[[Doc], Case | None]


FAMILIES: dict[str, Family] = {}


def family(name: str, group: str, description: str):
    def wrap(fn: Callable[[Doc, str, str], Case | None]) -> Callable[[Doc], Case | None]:
        def build(doc: Doc) -> Case | None:
            return fn(doc.copy(), name, group)

        FAMILIES[name] = Family(name, group, description, build)
        return build

    return wrap


def _case(doc: Doc, fam: str, group: str, data: bytes, ext: str, **kw) -> Case:
    return Case(fam, group, doc.base, f"{doc.base}{ext}", data, doc.truth, **kw)


def _text_case(doc: Doc, fam: str, group: str, text: str, **kw) -> Case:
    return _case(doc, fam, group, text.encode("utf-8"), ".txt", **kw)


def _html_case(doc: Doc, fam: str, group: str, style: R.HtmlStyle, charset: str = "utf-8"):
    page = R.render_html(doc, style, charset=charset)
    codec = "gb18030" if charset.lower().startswith("gb") else charset
    return _case(doc, fam, group, page.encode(codec), ".html")


def _text_of(doc: Doc, style: R.TextStyle | None = None) -> str:
    return doc.raw_text if doc.raw_text is not None else R.render_text(doc, style or R.TextStyle())


# ---- web pages ---------------------------------------------------------------------------------

WEB = "web"


@family(
    "html-cms",
    WEB,
    "现行 CMS 页面：导航/页脚、元数据表（发布日期）、<p> 段落、<strong> 标题、官方跨行跨列表格、&nbsp; 空格",
)
def html_cms(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle())


@family(
    "html-h3-th", WEB, "标题用 <h3>，表头用 <th>，表头单元格内 <br> 换行（“本年新<br/>制作数量”）"
)
def html_h3(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(heading="h3", cells="th-br"))


@family("html-br", WEB, "旧 CMS：正文一个 <div>，段落之间用 <br>，标题用 <b>")
def html_br(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(paras="br", heading="b"))


@family("html-nested", WEB, "整页用布局表格排版，报告（含数据表格）嵌在布局表格的单元格里")
def html_nested(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(wrap="nested"))


@family("html-word", WEB, "从 Word 粘贴的表格：MsoNormal、<o:p>、span lang=EN-US、td width")
def html_word(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(cells="word"))


@family("html-gbk", WEB, "GBK 编码的旧站页面（charset=gb2312，“发文日期”行）")
def html_gbk(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    style = R.HtmlStyle(wrap="legacy", date_label="发文日期")
    return _html_case(doc, fam, group, style, charset="gb2312")


@family("html-fragment", WEB, "只保存了正文片段（无 <html>/<head>，无页面框架）")
def html_fragment(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(wrap="fragment"))


@family("html-split", WEB, "表二拆成四个小表，表四拆成三个小表（复议/直接起诉/复议后起诉）")
def html_split(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(split_tables=True))


@family("html-subtotals", WEB, "表三加了非官方的“小计”行（（三）至（六）各组之后）")
def html_subtotals(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or doc.table("t3") is None:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(subtotals=True))


# ---- PDF and Word ------------------------------------------------------------------------------

PDF = "pdf"


@family("docx", PDF, "Word 原件（合并单元格的真表格）")
def docx_file(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _case(doc, fam, group, R.render_docx(doc), ".docx")


def _pdf_case(doc: Doc, fam: str, group: str, source: bytes, suffix: str, *, text: bool = False):
    from .pdf import pdf_text

    post = (lambda b: pdf_text(b).encode("utf-8")) if text else None
    ext = ".txt" if text else ".pdf"
    return Case(fam, group, doc.base, f"{doc.base}{ext}", None, doc.truth, (source, suffix), post)


@family("pdf-docx", PDF, "Word 经 LibreOffice 转 PDF（表格有框线，数字列较窄）")
def pdf_docx(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _pdf_case(doc, fam, group, R.render_docx(doc), ".docx")


@family("pdf-wrapped", PDF, "PDF：表格用正文字号，四位数在窄列里折成两行（“211”/“1”）")
def pdf_wrapped(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _pdf_case(doc, fam, group, R.render_docx(doc, table_pt=None), ".docx")


@family("pdf-pagebreak", PDF, "PDF：表三跨页（行高大，表头在下一页重复）")
def pdf_pagebreak(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or doc.table("t3") is None:
        return None
    return _pdf_case(doc, fam, group, R.render_docx(doc, tall_t3=True), ".docx")


@family("pdf-html", PDF, "网页经 LibreOffice 转 PDF（网页打印版）")
def pdf_html(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    page = R.render_html(doc, R.HtmlStyle(wrap="fragment")).encode("utf-8")
    return _pdf_case(doc, fam, group, page, ".html")


@family("pdf-text", PDF, "PDF 文字层另存为 .txt（PDF 文本行）")
def pdf_text_family(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _pdf_case(doc, fam, group, R.render_docx(doc), ".docx", text=True)


@family("pdf-text-pagebreak", PDF, "跨页表三的 PDF 文字层另存为 .txt（表头在表中间重复）")
def pdf_text_pagebreak(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or doc.table("t3") is None:
        return None
    return _pdf_case(doc, fam, group, R.render_docx(doc, tall_t3=True), ".docx", text=True)


# ---- scraped text ------------------------------------------------------------------------------

TEXT = "text"


@family("txt-cell", TEXT, "抓取文本：每个单元格一行（“14 |”），跨列补位“|||”")
def txt_cell(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="cell")))


@family("txt-row", TEXT, "抓取文本：每行一条，单元格用“ | ”分隔")
def txt_row(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="row")))


@family("txt-md", TEXT, "转换器输出的 Markdown：## 标题、| … | 表格和 |---| 分隔行")
def txt_md(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    style = R.TextStyle(tables="md", md_headings=True, dateline=False)
    return _case(doc, fam, group, R.render_text(doc, style).encode("utf-8"), ".md")


@family("txt-tab", TEXT, "从浏览器复制：表格每行一条，单元格用制表符分隔")
def txt_tab(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="tab")))


@family(
    "txt-pdflines", TEXT, "PDF 式文本行：行标签后空格分隔数字，长标签折行，跨行标签竖排一字一行"
)
def txt_pdflines(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="pdf")))


@family("glued-full", TEXT, "数字粘连：表三、表四每行的数字连成一串（“21116300062180”）")
def glued_full(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _t3_has_numbers(doc):
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="pdf", glue="full")))


@family("glued-partial", TEXT, "部分粘连：部分行只丢了部分分隔（“2111 6300 0 6 2180”）")
def glued_partial(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _t3_has_numbers(doc):
        return None
    style = R.TextStyle(tables="pdf", glue="partial", seed=1)
    return _text_case(doc, fam, group, R.render_text(doc, style))


@family("glued-row-pipes", TEXT, "管道行文本中数字粘连（“一、本年新收… | 21116300062180 |”）")
def glued_row(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _t3_has_numbers(doc):
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="row", glue="full")))


@family(
    "scraped-one-line",
    TEXT,
    "网页抓取：全文一行，表格单元格无分隔连在一起（行号后紧跟数字串，表四表头连写后接十五个数字的一串）",
)
def scraped_one_line(doc: Doc, fam: str, group: str) -> Case | None:
    from .scraped import render as render_scraped

    if not doc.structured or not _t3_has_numbers(doc):
        return None
    return _text_case(doc, fam, group, render_scraped(doc, spaces=False))


@family(
    "scraped-one-line-spaces",
    TEXT,
    "网页抓取：全文一行，段落间留空格，部分数字串中夹有零散空格（“230 000023”）",
)
def scraped_one_line_spaces(doc: Doc, fam: str, group: str) -> Case | None:
    from .scraped import render as render_scraped

    if not doc.structured or not _t3_has_numbers(doc):
        return None
    return _text_case(doc, fam, group, render_scraped(doc, spaces=True))


def _t3_has_numbers(doc: Doc) -> bool:
    t3 = doc.truth.t3
    return bool(t3) and any(isinstance(v, int) for cols in t3.values() for v in cols.values())


# ---- script, punctuation, page noise ------------------------------------------------------------

SCRIPT = "script"

# Characters mirror sites annotate with pinyin (observed in seed 000), Simplified → pinyin.
PINYIN: dict[str, str] = {
    "务": "wù", "网": "wǎng", "区": "qū", "进": "jìn", "发": "fā", "动": "dòng", "规": "guī",
    "强": "qiáng", "导": "dǎo", "实": "shí", "报": "bào", "训": "xùn", "优": "yōu",
    "调": "diào", "结": "jié", "会": "huì", "设": "shè", "标": "biāo", "业": "yè",
    "项": "xiàng", "关": "guān", "责": "zé", "台": "tái", "续": "xù", "统": "tǒng",
    "监": "jiān", "准": "zhǔn", "复": "fù", "转": "zhuǎn", "费": "fèi", "认": "rèn",
    "计": "jì", "联": "lián", "数": "shù", "据": "jù", "点": "diǎn", "领": "lǐng",
    "质": "zhì", "补": "bǔ", "经": "jīng", "细": "xì", "处": "chǔ", "办": "bàn",
    "问": "wèn", "题": "tí", "议": "yì", "诉": "sù", "讼": "sòng", "请": "qǐng",
}  # fmt: skip


def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    return _opencc("s2t").convert(text)


def pinyin_noise(text: str, rng: random.Random, rate: float = 0.5) -> str:
    """Annotate characters the way mirror sites do: 報(bào)告, 動(dòng)."""
    s2t = _opencc("s2t")
    marks = {s2t.convert(k): v for k, v in PINYIN.items()}
    marks.update(PINYIN)
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        # Text that already carries annotations (seed 000) is not annotated twice.
        annotated = text[i + 1 : i + 2] == "("
        if ch in marks and not annotated and rng.random() < rate:
            out.append(f"({marks[ch]})")
    return "".join(out)


def _add(truth: Truth, *items: tuple[str, str | None]) -> Truth:
    return dataclasses.replace(truth, findings=truth.findings | set(items))


def _drop(truth: Truth, *items: tuple[str, str | None]) -> Truth:
    return dataclasses.replace(truth, findings=truth.findings - set(items))


@family("trad", SCRIPT, "繁体转写（OpenCC s2t）的抓取文本（管道行）")
def trad(doc: Doc, fam: str, group: str) -> Case | None:
    text = to_traditional(_text_of(doc, R.TextStyle(tables="row")))
    return _text_case(doc, fam, group, text)


@family("trad-pinyin", SCRIPT, "繁体 + 镜像站拼音注音（“報(bào)告”），含表格标签")
def trad_pinyin(doc: Doc, fam: str, group: str) -> Case | None:
    rng = random.Random(doc.base)
    text = pinyin_noise(to_traditional(_text_of(doc)), rng)
    doc.truth = _add(doc.truth, ("TEXT-ENCODING", None))
    return _text_case(doc, fam, group, text)


@family("trad-fu", SCRIPT, "繁体网页，“复议”写作“復議”（而非“複議”）")
def trad_fu(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    page = to_traditional(R.render_html(doc, R.HtmlStyle())).replace("複", "復")
    return _case(doc, fam, group, page.encode("utf-8"), ".html")


_FULL_HALF = {"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "。": "."}


@family("punct-mixed", SCRIPT, "全角/半角标点随机混用（括号、冒号、逗号、分号）")
def punct_mixed(doc: Doc, fam: str, group: str) -> Case | None:
    rng = random.Random(f"punct:{doc.base}")
    text = _text_of(doc)
    back = {v: k for k, v in _FULL_HALF.items() if k != "。"}
    out = []
    for ch in text:
        if ch in _FULL_HALF and ch != "。" and rng.random() < 0.5:
            out.append(_FULL_HALF[ch])
        elif ch in back and rng.random() < 0.5:
            out.append(back[ch])
        else:
            out.append(ch)
    return _text_case(doc, fam, group, "".join(out))


@family("spaces", SCRIPT, "全角空格缩进、不换行空格、段间空行、Windows 换行")
def spaces(doc: Doc, fam: str, group: str) -> Case | None:
    lines = _text_of(doc).splitlines()
    out = []
    for line in lines:
        if line.endswith("|") or "\t" in line:
            out.append(line.replace(" |", "\u00a0|"))
        elif line.strip():
            out.append("\u3000\u3000" + line + " ")
            out.append("")
    return _case(doc, fam, group, "\r\n".join(out).encode("utf-8"), ".txt")


FOOTER = [
    "分享到：",
    "【打印本页】【关闭窗口】",
    "主办单位：某某区人民政府办公室　承办单位：某某区政务服务数据管理局",
    "网站标识码：1101060001　京ICP备05060933号-1　京公网安备 11010602060030号",
    "您访问的链接即将离开“某某区人民政府”门户网站 是否继续？",
]


@family("footer-icp", SCRIPT, "正文后混入网站页脚（ICP备、公网安备、网站标识码、“即将离开”）")
def footer_icp(doc: Doc, fam: str, group: str) -> Case | None:
    return _text_case(doc, fam, group, _text_of(doc).rstrip("\n") + "\n" + "\n".join(FOOTER) + "\n")


# ---- headings ----------------------------------------------------------------------------------

HEAD = "headings"


def _heading_text_case(doc: Doc, fam: str, group: str, html: bool) -> Case:
    if html:
        return _html_case(doc, fam, group, R.HtmlStyle())
    return _text_case(doc, fam, group, _text_of(doc))


@family("hd-conj", HEAD, "标题变体：“行政复议和行政诉讼”“存在的主要问题和改进情况”（和/及）")
def hd_conj(doc: Doc, fam: str, group: str) -> Case | None:
    if doc.structured:
        doc.sections["s4"].heading = "四、政府信息公开行政复议和行政诉讼情况"
        doc.sections["s5"].heading = "五、存在的主要问题和改进情况"
        return _heading_text_case(doc, fam, group, html=False)
    text = doc.raw_text.replace("行政復議、行政訴訟", "行政復議及行政訴訟")  # type: ignore[union-attr]
    text = re.sub(r"(?m)^(五、.{0,6}問題)及", r"\1和", text)
    return _text_case(doc, fam, group, text)


@family(
    "hd-long",
    HEAD,
    "标题变体：“五、政府信息公开工作存在的主要问题及改进情况”“四、因政府信息公开工作被申请行政复议和提起行政诉讼情况”",
)
def hd_long(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    doc.sections["s4"].heading = "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况"
    doc.sections["s5"].heading = "五、政府信息公开工作存在的主要问题及改进情况"
    return _heading_text_case(doc, fam, group, html=True)


@family("hd-misnumber", HEAD, "序号错误：“七、其他需要报告的事项”（应报 SEC-ORDER）")
def hd_misnumber(doc: Doc, fam: str, group: str) -> Case | None:
    if doc.structured:
        doc.sections["s6"].heading = "七、" + doc.sections["s6"].heading.split("、", 1)[1]  # type: ignore[union-attr]
        text = _text_of(doc)
    else:
        text, n = re.subn(r"(?m)^六、(其[他它])", r"七、\1", doc.raw_text or "")
        if n != 1:
            return None
    doc.truth = _add(doc.truth, ("SEC-ORDER", None))
    return _text_case(doc, fam, group, text)


@family("hd-inline", HEAD, "标题后同一行接正文（“一、总体情况。2023年，…”“五、…情况：一是…”）")
def hd_inline(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    for key, sep in (("s1", "。"), ("s5", "：")):
        sec = doc.sections[key]
        if sec.paras and sec.heading:
            first = sec.paras.pop(0)
            sec.heading = f"{sec.heading}{sep}{first}"
    return _heading_text_case(doc, fam, group, html=True)


@family(
    "hd-missing-s3", HEAD, "第三部分标题丢失，表三仍在（部分应算“存在”；SEC-MISSING 可报可不报）"
)
def hd_missing_s3(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _t3_has_numbers(doc):
        return None
    doc.sections["s3"].heading = None
    doc.truth = dataclasses.replace(
        doc.truth, optional=doc.truth.optional | {("SEC-MISSING", "s3")}
    )
    return _heading_text_case(doc, fam, group, html=False)


@family("hd-missing-s2", HEAD, "第二部分标题丢失，表二仍在（HTML）")
def hd_missing_s2(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or doc.table("t2") is None:
        return None
    doc.sections["s2"].heading = None
    doc.truth = dataclasses.replace(
        doc.truth, optional=doc.truth.optional | {("SEC-MISSING", "s2")}
    )
    return _heading_text_case(doc, fam, group, html=True)


@family("hd-spaced", HEAD, "标题中有空格：“二、 主动公开政府信息情况”“三 、收到和处理…”")
def hd_spaced(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    for key, sec in doc.sections.items():
        if sec.heading:
            num, _, rest = sec.heading.partition("、")
            sec.heading = f"{num} 、{rest}" if key in ("s3", "s5") else f"{num}、 {rest}"
    return _heading_text_case(doc, fam, group, html=False)


@family("hd-split", HEAD, "序号与标题分在两行（“三、”换行“收到和处理政府信息公开申请情况”）")
def hd_split(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    for sec in doc.sections.values():
        if sec.heading:
            num, _, rest = sec.heading.partition("、")
            sec.heading = f"{num}、\n{rest}"
    return _heading_text_case(doc, fam, group, html=False)


@family("hd-paren", HEAD, "部分用“（一）…（六）”编号，小标题改用“1.”（SEC-ORDER 可报可不报）")
def hd_paren(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    arabic = {c: str(i + 1) for i, c in enumerate("一二三四五六七八九十")}
    for sec in doc.sections.values():
        if sec.heading:
            num, _, rest = sec.heading.partition("、")
            sec.heading = f"（{num}）{rest}"
        sec.paras = [
            re.sub(r"^[（(]([一二三四五六七八九十])[）)]", lambda m: arabic[m[1]] + ".", p)
            for p in sec.paras
        ]
    doc.truth = dataclasses.replace(doc.truth, optional=doc.truth.optional | {("SEC-ORDER", None)})
    return _heading_text_case(doc, fam, group, html=False)


@family("hd-in-table", HEAD, "第二、三、四部分标题印在表格首行（Word 模板式），正文在表后")
def hd_in_table(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(heading_in_table=True))


# ---- numbers and labels --------------------------------------------------------------------------


@family("num-commas", TEXT, "千位分隔符：表二、表三中的“92,486”“2,111”（网页与管道行文本）")
def num_commas(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured:
        return None
    changed = False
    for key in ("t2", "t3"):
        table = doc.table(key)
        for cols in table.cells.values() if table else ():
            for col, value in cols.items():
                if isinstance(value, int) and value >= 1000:
                    cols[col] = f"{value:,}"
                    changed = True
    if not changed:
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="row")))


@family("fullwidth-digits", SCRIPT, "全角数字（“２１１１”）：正文与表格")
def fullwidth_digits(doc: Doc, fam: str, group: str) -> Case | None:
    text = _text_of(doc).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return _text_case(doc, fam, group, text)


@family("labels-variant", TEXT, "表三行标签写法不同：“1、属于国家秘密”、半角引号、“(一)”")
def labels_variant(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or doc.table("t3") is None:
        return None
    text = R.render_text(doc)
    text = re.sub(r"(?m)^(\d)\.(?=[\u4e00-\u9fff])", r"\1、", text)
    text = text.replace("“三安全一稳定”", '"三安全一稳定"')
    text = re.sub(r"(?m)^（([一二三四五六七])）(?=[\u4e00-\u9fff])", r"(\1)", text)
    return _text_case(doc, fam, group, text)


# ---- blanks ------------------------------------------------------------------------------------

BLANKS = "blanks"


def _blank_zeros(doc: Doc, token: str) -> bool:
    """Zero cells of the legal-person columns written as ``token``; truth: null + a
    TABLE-BLANK-CELLS warning. Only on clean bases with numbers (a blank never hides a fault)."""
    table = doc.table("t3")
    if table is None or not _clean_base(doc) or not _t3_has_numbers(doc):
        return False
    changed = False
    for row, cols in table.cells.items():
        for col in ("SCI", "NGO", "LAW"):
            if cols.get(col) == 0:
                cols[col] = token
                doc.truth.t3[row][col] = None  # type: ignore[index]
                changed = True
    if changed:
        doc.truth = _add(doc.truth, ("TABLE-BLANK-CELLS", "t3"))
    return changed


@family("blank-slash", BLANKS, "表三零值写作“/”（网页）")
def blank_slash(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _blank_zeros(doc, "/"):
        return None
    return _html_case(doc, fam, group, R.HtmlStyle())


@family("blank-dash", BLANKS, "表三零值写作“-”（管道行文本）")
def blank_dash(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _blank_zeros(doc, "-"):
        return None
    return _text_case(doc, fam, group, R.render_text(doc, R.TextStyle(tables="row")))


@family("blank-emdash", BLANKS, "表三零值写作“—”（每格一行文本）")
def blank_emdash(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _blank_zeros(doc, "—"):
        return None
    return _text_case(doc, fam, group, R.render_text(doc))


@family("blank-kong", BLANKS, "表三零值写作“空”（Word 粘贴网页）")
def blank_kong(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _blank_zeros(doc, "空"):
        return None
    return _html_case(doc, fam, group, R.HtmlStyle(cells="word"))


@family("blank-nbsp", BLANKS, "表三零值留空（&nbsp;）")
def blank_nbsp(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _blank_zeros(doc, ""):
        return None
    return _html_case(doc, fam, group, R.HtmlStyle())


@family("blank-tot", BLANKS, "办理结果各行的“总计”列留空，只填（七）总计（上海 2019 式）")
def blank_tot(doc: Doc, fam: str, group: str) -> Case | None:
    table = doc.table("t3") if doc.structured else None
    if table is None or not _clean_base(doc) or not _t3_has_numbers(doc):
        return None
    for row in t3_result_rows(table.layout):
        table.cells[row]["TOT"] = ""
        doc.truth.t3[row]["TOT"] = None  # type: ignore[index]
    doc.truth = _add(doc.truth, ("TABLE-BLANK-CELLS", "t3"))
    return _html_case(doc, fam, group, R.HtmlStyle())


# Findings of a base that have nothing to do with table 三's arithmetic.
_STANDING = {("GOV-ART50-4", "s1"), ("FEE-MISSING", "s6"), ("NARR-T3", "NEW")}


# ---- adversarial but legal -----------------------------------------------------------------------

ADV = "adversarial"


def _insert_prose(doc: Doc, sentence: str, key: str = "s1") -> str:
    """The text with ``sentence`` as a paragraph of section ``key`` (raw docs: after the
    heading's first paragraph)."""
    if doc.structured:
        doc.sections[key].paras.append(sentence)
        return R.render_text(doc)
    lines = (doc.raw_text or "").splitlines()
    ordinal = "一二三四五六"[int(key[1]) - 1]
    for i, line in enumerate(lines):
        if line.startswith(f"{ordinal}、"):
            lines.insert(i + 2, sentence)
            break
    return "\n".join(lines) + "\n"


def _clean_base(doc: Doc) -> bool:
    return not (doc.truth.findings - _STANDING)


@family("adv-lottery", ADV, "正当提到福利彩票/体育彩票（不应报 TEXT-SPAM）")
def adv_lottery(doc: Doc, fam: str, group: str) -> Case | None:
    sentence = (
        "依法主动公开福利彩票、体育彩票公益金筹集分配和使用情况，以及彩票销售网点的监督管理信息，"
        "接受社会监督。"
    )
    return _text_case(doc, fam, group, _insert_prose(doc, sentence))


@family("adv-fee-prose", ADV, "正文写行政事业性收费金额（与表二一致；不是信息处理费）")
def adv_fee_prose(doc: Doc, fam: str, group: str) -> Case | None:
    t2 = doc.truth.t2
    if not doc.structured or not t2 or not isinstance((t2.get("FEE") or {}).get("AMOUNT"), float):
        return None
    amount = R.format_value(t2["FEE"]["AMOUNT"])
    sentence = f"全年行政事业性收费{amount}万元，收费项目、依据和标准均在门户网站公示。"
    return _text_case(doc, fam, group, _insert_prose(doc, sentence))


@family("adv-letters", ADV, "“收到”用于别的事（群众来信、人大建议、政协提案）")
def adv_letters(doc: Doc, fam: str, group: str) -> Case | None:
    sentence = (
        "全年收到群众来信来访136件次，收到人大代表建议21件、政协委员提案17件，均已按期办结并答复。"
    )
    return _text_case(doc, fam, group, _insert_prose(doc, sentence))


@family("adv-hotline", ADV, "12345 热线工单、网民留言的受理/答复数字")
def adv_hotline(doc: Doc, fam: str, group: str) -> Case | None:
    sentence = "受理12345市民服务热线转办工单3562件，办结3540件；答复网民留言412条，答复率100%。"
    return _text_case(doc, fam, group, _insert_prose(doc, sentence))


@family("adv-cleanup", ADV, "规范性文件清理数字（不是表二的制发/废止）")
def adv_cleanup(doc: Doc, fam: str, group: str) -> Case | None:
    sentence = "开展规范性文件专项清理，共清理各类文件156件，其中宣布失效9件、修改4件。"
    return _text_case(doc, fam, group, _insert_prose(doc, sentence))


def _t3_tot(doc: Doc, row: str) -> int | None:
    t3 = doc.truth.t3 or {}
    value = (t3.get(row) or {}).get("TOT")
    return value if isinstance(value, int) else None


@family("adv-intake-carry", ADV, "收到数含上年结转（“共受理N件（含上年结转M件）”）")
def adv_intake_carry(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _clean_base(doc):
        return None
    new, carry, done, out = (_t3_tot(doc, r) for r in ("NEW", "CARRY_IN", "R7", "CARRY_OUT"))
    if None in (new, carry, done, out) or not carry:
        return None
    sentence = (
        f"全年共受理政府信息公开申请{new + carry}件（含上年结转{carry}件），"  # type: ignore[operator]
        f"已全部按期答复{done}件，结转下年度继续办理{out}件。"
    )
    return _text_case(doc, fam, group, _insert_prose(doc, sentence, "s3"))


@family("adv-subunit", ADV, "本级政府报告列出下属单位的收件数（“其中区政府办公室收到申请N件”）")
def adv_subunit(doc: Doc, fam: str, group: str) -> Case | None:
    if not doc.structured or not _clean_base(doc):
        return None
    new = _t3_tot(doc, "NEW")
    if not new or new < 4:
        return None
    part = max(1, new // 3)
    sentence = (
        f"其中，本机关办公室本级收到政府信息公开申请{part}件，"
        f"其余{new - part}件由各部门、街道分别受理。"
    )
    return _text_case(doc, fam, group, _insert_prose(doc, sentence, "s1"))


@family("adv-review", ADV, "司法行政机关正文写本机关办理的全部行政复议案件数（不是信息公开复议）")
def adv_review(doc: Doc, fam: str, group: str) -> Case | None:
    sentence = "作为行政复议机关，全年共收到各类行政复议申请312件，依法受理286件，审结271件。"
    return _text_case(doc, fam, group, _insert_prose(doc, sentence))


# ---- table rows broken apart (shape 4; shapes in broken.py) -------------------------


def _broken_case(doc: Doc, fam: str, group: str, shape: str) -> Case | None:
    from .broken import render as render_broken

    text = render_broken(doc, shape)
    return None if text is None else _text_case(doc, fam, group, text)


@family("txt-labels-first", TEXT, "PDF 转文本：表三行标签整列在前，数字随后逐个成行（按行顺序）")
def txt_labels_first(doc: Doc, fam: str, group: str) -> Case | None:
    return _broken_case(doc, fam, group, "labels-first")


@family(
    "txt-numbers-first",
    TEXT,
    "PDF 转文本：每行数字在行标签之前，组标签断成碎片夹在行间（“（三）不”…“予公开”），浏览器页眉页脚插在行间",
)
def txt_numbers_first(doc: Doc, fam: str, group: str) -> Case | None:
    return _broken_case(doc, fam, group, "numbers-first")


@family(
    "txt-print-furniture",
    TEXT,
    "浏览器打印件转文本：PDF 文本行，分页处插入页眉页脚（网址、1/5、打印时间、页面标题），含折行标签中间",
)
def txt_print_furniture(doc: Doc, fam: str, group: str) -> Case | None:
    return _broken_case(doc, fam, group, "print-furniture")


# ---- building the corpus -----------------------------------------------------------------------

GROUPS: tuple[str, ...] = (WEB, PDF, TEXT, SCRIPT, HEAD, BLANKS, ADV)


def build_cases(docs: list[Doc], families: list[str] | None = None) -> list[Case]:
    """Every applicable (family, base) case, PDF ones still without bytes."""
    out = []
    for name in families or list(FAMILIES):
        fam = FAMILIES[name]
        for doc in docs:
            case = fam.build(doc)
            if case is not None:
                out.append(case)
    return out


def materialise(cases: list[Case]) -> list[Case]:
    """Fill in PDF bytes (one LibreOffice run for all missing ones)."""
    from .pdf import convert_many

    todo = [c for c in cases if c.data is None and c.pdf_source is not None]
    if todo:
        pdfs = convert_many([c.pdf_source for c in todo])  # type: ignore[misc]
        for case, pdf in zip(todo, pdfs, strict=True):
            case.data = case.post(pdf) if case.post else pdf
    return cases


__all__ = [
    "FAMILIES",
    "GROUPS",
    "T3_COLS",
    "T3_PARTY_COLS",
    "Case",
    "Family",
    "build_cases",
    "materialise",
]  # fmt: skip
