"""Small builders for parser tests: text → blocks / Extracted, as the text extractor gives them."""

from __future__ import annotations

from reader.extract.blocks import Extracted, Paragraph


def paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line) for line in text.splitlines() if line.strip()]


def extracted(text: str, fmt: str = "text", **meta: str) -> Extracted:
    return Extracted(format=fmt, blocks=list(paragraphs(text)), text=text, meta=dict(meta))


CANONICAL = """某某区人民政府2023年政府信息公开工作年度报告
本报告依据《中华人民共和国政府信息公开条例》编制。
一、总体情况
2023年，某某区政府坚持公开为常态。
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 |
本年制发件数 |
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |
一、本年新收政府信息公开申请数量 |
2 |
四、结转下年度继续办理 |
0 |
四、政府信息公开行政复议、行政诉讼情况
行政复议 |
行政诉讼 |
五、存在的主要问题及改进情况
一是解读形式单一。
六、其他需要报告的事项
本年度未收取信息处理费。
"""
