"""Search benchmark (not a test; ``make bench``): indexing rate and query latency.

Usage::

    .venv/bin/python benchmarks/bench_search.py [--sizes 10000 100000] [--backends sqlite ...]

Corpus: synthetic reports of realistic size (~10 KB of UTF-8, ~3,400 characters) built from
the five real seed reports in ``../shared/fixtures/seeds``: their sentences (normalised, so the
vocabulary is the real one) recombined, numbers changed, and a long tail of generated place,
project and platform names, so rare words are rare as they are in a real collection. One report
in ten is written in Traditional script with pinyin noise, like the mirror sites'.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxnb_portal.settings")

SEEDS = REPO.parent / "shared" / "fixtures" / "seeds"

# Common characters for generated names (place names, projects, platforms).
_NAME_CHARS = (
    "东南西北中华阳光明新安平和泰康宁丰盛兴隆长青山水河湖海江林石桥园城乡镇村街道"
    "金银玉龙凤云天华文武德仁义礼信福寿禄喜乐春夏秋冬梅兰竹菊松柏桃李杨柳花草"
    "高低远近大小上下前后左右清浊白黑红黄绿蓝紫锦绣锋锐峰岭坡谷田野原川溪泉港湾"
    "湘楚吴越闽粤蜀黔滇陇秦晋冀豫鲁皖赣鄂桂琼辽吉黑蒙宁藏疆渝津沪京渤淮汉沙洲岛"
)
_PROVINCES = ["北京市", "上海市", "湖北省", "广东省", "重庆市", "浙江省", "四川省", "江苏省"]
_DEPTS = [
    "人民政府",
    "人民政府办公室",
    "审计局",
    "统计局",
    "财政局",
    "教育局",
    "卫生健康委员会",
    "市场监督管理局",
    "司法局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
]


def _seed_sentences() -> list[str]:
    from gxnb_portal.extract.repair import fold_width, strip_pinyin, to_simplified

    out: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = to_simplified(fold_width(strip_pinyin(path.read_text(encoding="utf-8"))))
        for s in re.split(r"(?<=[。;\n])", text):
            s = s.strip()
            if len(s) >= 12 and "|" not in s and "bet365" not in s:
                out.add(s)
    return sorted(out)


def _name(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return "".join(rng.choice(_NAME_CHARS) for _ in range(rng.randint(lo, hi)))


class Corpus:
    """Deterministic synthetic reports (see the module docstring)."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.sentences = _seed_sentences()
        rng = self.rng
        self.regions = [
            (p, _name(rng, 2, 2) + rng.choice(["区", "县", "市"]), f"{110000 + i:06d}")
            for i, p in enumerate(rng.choice(_PROVINCES) for _ in range(600))
        ]
        # The long tail: names reports mention, each used by a few hundred reports at most.
        self.entities = [
            _name(rng, 2, 4) + rng.choice(["街道", "社区", "平台", "专栏", "工程", "项目", "中心"])
            for _ in range(20000)
        ]

    def documents(self, n: int) -> Iterator[dict]:
        from gxnb_portal.extract.repair import to_simplified  # noqa: F401  (warm OpenCC)

        rng = random.Random(1234)
        for i in range(1, n + 1):
            province, region, code = rng.choice(self.regions)
            dept = rng.choice(_DEPTS)
            year = rng.randint(2019, 2024)
            agency = f"{province}{region}{dept}"
            sections: dict[str, str] = {}
            headings = [
                "一、总体情况",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项",
            ]
            sizes = [1500, 400, 500, 200, 600, 200]
            ents = [rng.choice(self.entities) for _ in range(6)]
            for k, (head, size) in enumerate(zip(headings, sizes, strict=True)):
                body: list[str] = [head]
                length = 0
                while length < size:
                    s = rng.choice(self.sentences)
                    s = re.sub(r"\d+", lambda m: str(rng.randint(0, 5000)), s)
                    if rng.random() < 0.25:
                        s = s.replace("政务", rng.choice(ents) + "政务", 1)
                    if rng.random() < 0.15:
                        s = f"{region}{rng.choice(ents)}" + s
                    body.append(s)
                    length += len(s)
                sections[f"s{k + 1}"] = "\n".join(body)
            if i % 10 == 0:
                sections = {k: _traditionalise(v, rng) for k, v in sections.items()}
            yield {
                "id": i,
                "title": f"{agency}{year}年政府信息公开工作年度报告",
                "agency": agency,
                "region": f"{province}{region}",
                "region_code": code,
                "level": "gov" if "政府" in dept else "dept",
                "year": year,
                "published": (
                    dt.date(year + 1, 1, 1) + dt.timedelta(days=rng.randint(0, 89))
                ).isoformat(),
                "url": f"/reports/{i}/",
                "sections": sections,
                "figures": {
                    "t3_new": rng.randint(0, 3000),
                    "t3_r7": rng.randint(0, 3000),
                    "t4_rev": rng.randint(0, 50),
                },
                "findings": rng.sample(
                    ["T3-COL", "T3-ROW", "SEC-EMPTY", "FEE-PRESENT"], rng.randint(0, 2)
                ),
            }


_S2T: Callable[[str], str] | None = None


def _traditionalise(text: str, rng: random.Random) -> str:
    global _S2T
    if _S2T is None:
        import opencc

        _S2T = opencc.OpenCC("s2t").convert
    out = _S2T(text)
    # Mirror-site pinyin noise after a few characters.
    return re.sub(
        "(報|開|動|規)",
        lambda m: (
            m.group(1) + rng.choice(["(bào)", "(kāi)", "(dòng)", "(guī)"])
            if rng.random() < 0.2
            else m.group(1)
        ),
        out,
    )


if __name__ == "__main__":  # pragma: no cover - filled in below
    pass
