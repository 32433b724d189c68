"""The spam lexicon behind TEXT-SPAM: gambling and casino advertising injected into reports.

Copying websites (and compromised government sites) replace agency names or insert brand names of
online casinos. Keep this list to terms that have no ordinary meaning in a government report:
``彩票`` alone is NOT here (福利彩票 / 体育彩票 are lawful government topics); ``威尼斯人`` and
``太阳城`` are places or names in ordinary sentences and count only beside casino words.
Matching is on the normalised (Simplified, width-folded, lower-cased) text without whitespace.

Maintenance: add a term only with the place it was seen; never add a word a real report uses.
Changing this list changes findings: bump ``RULESET_VERSION``.
"""

from __future__ import annotations

import re

# Terms that are spam wherever they appear (lower-case latin).
BRANDS: tuple[str, ...] = (
    "bet365",
    "亚洲官网",
    "娱乐城",
    "博彩",
    "真人视讯",
    "真人娱乐",
    "真人百家乐",
    "百家乐",
    "体育投注",
    "足球投注",
    "时时彩",
    "六合彩",
    "新葡京",
    "金沙娱乐",
    "皇冠体育",
    "开云体育",
    "沙巴体育",
    "ag真人",
    "bbin",
    "澳门赌场",
    "网上赌场",
    "在线赌场",
    "线上赌场",
    "赌场官网",
    "娱乐官网",
    "葡京娱乐",
    "永利娱乐",
    "银河娱乐",
    "威尼斯人娱乐",
    "太阳城娱乐",
    "博狗",
    "伟德体育",
    "betway",
    "188bet",
    "12bet",
    "1xbet",
    "dafabet",
    "大发快三",
    "北京赛车pk10",
    "pk10",
    "棋牌官网",
    "老虎机",
)

# Place/brand names that are spam only next to casino words (威尼斯人 is also a sentence about
# Venice; 太阳城 is a district name in several cities).
CONTEXT_BRANDS: tuple[str, ...] = ("威尼斯人", "太阳城", "金沙", "永利", "葡京", "银河")
CASINO_WORDS = re.compile(r"娱乐|官网|赌场|博彩|平台|网址|注册|app|下载|真人|投注|棋牌|开户|登录")
CONTEXT_WINDOW = 6

# Gambling words that can be the lawful topic of a sentence (the brands above cannot).
TOPICS: frozenset[str] = frozenset(
    {
        "博彩",
        "百家乐",
        "体育投注",
        "足球投注",
        "时时彩",
        "六合彩",
        "老虎机",
        "澳门赌场",
        "网上赌场",
        "在线赌场",
        "线上赌场",
        "pk10",
    }
)

# Words that turn a gambling term into the topic of a lawful sentence (a police report on
# cracking down on 六合彩 is not spam).
ENFORCEMENT = re.compile(r"打击|查处|整治|取缔|严禁|禁止|非法|涉赌|赌博|防范|治理|专项|违法|犯罪")
ENFORCEMENT_WINDOW = 12

# Hosts of links that look like spam: casino brand tokens in the domain name.
SPAM_HOST = re.compile(
    r"bet365|\dbet|bet\d|betway|casino|baccarat|poker|yule(?:cheng)?|amjs|xpj|vns\d|"
    r"sbty|hgty|kaiyun|bbin|dafa|aomen|pujing|weinisi"
)


def _alternation(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Longest-first alternation behind a first-character lookahead: Python's ``re`` tries
    every alternative at every position, the lookahead rejects almost all positions at once."""
    first = "".join(sorted({re.escape(t[0]) for t in terms}))
    body = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(f"(?=[{first}])(?:{body})")


# One pass for both lists (longest first, so 威尼斯人娱乐 is a brand, not 威尼斯人 in context).
TERM_PATTERN = _alternation(BRANDS + CONTEXT_BRANDS)
CONTEXT_SET = frozenset(CONTEXT_BRANDS)
# Host names are found from their last label: scanning for "." is fast, while a host pattern
# tried at every digit of a table-heavy report is not.
_TLD = re.compile(r"\.[a-z]{2,}(?![a-z0-9.-])")
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}$")


def hosts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, host) of every domain-like name in lower-case ``text``."""
    out = []
    for m in _TLD.finditer(text):
        host = _HOST.search(text, max(0, m.start() - 100), m.end())
        if host:
            out.append((host.start(), host.end(), host.group(0)))
    return out
