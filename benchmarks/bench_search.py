"""Search benchmark (not a test; ``make bench``): indexing rate and query latency.

Usage::

    .venv/bin/python benchmarks/bench_search.py [--sizes 10000 100000] [--engines sqlite ...]
        [--keep DIR]

``--keep DIR`` keeps the sqlite index files in DIR and re-uses one built earlier for the same
size (and the backend's index format) instead of rebuilding it: for iterating on the query
path. Its indexing columns then say so (no rate is measured).

Corpus: synthetic reports of realistic size (~10 KB of UTF-8, ~3,400 characters) built from
the five real seed reports in ``../shared/fixtures/seeds``: their sentences (normalised, so the
vocabulary is the real one) recombined, numbers changed, and a long tail of generated place,
project and platform names, so rare words are rare as they are in a real collection. One report
in ten is written in Traditional script with pinyin noise, like the mirror sites'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
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
    from reader.textnorm import fold_width, strip_pinyin, to_simplified

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
        from reader.textnorm import to_simplified  # noqa: F401  (warm OpenCC)

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


# ---- queries ----------------------------------------------------------------------------------

TWO_CHAR = [
    "公开",
    "复议",
    "网站",
    "疫情",
    "街道",
    "许可",
    "预算",
    "培训",
    "诉讼",
    "解读",
    "平台",
    "考核",
]
FOUR_CHAR = [
    '"政务公开"',
    '"行政复议"',
    '"门户网站"',
    '"政策解读"',
    '"营商环境"',
    '"依法依规"',
    '"信息处理"',
    '"疫情防控"',
    '"政务服务"',
    '"行政诉讼"',
    '"主动公开"',
    '"重点领域"',
]
SEVERAL = [
    "政务公开 门户网站",
    "行政复议 诉讼 答复",
    "疫情防控 信息发布",
    "政策解读 营商环境 企业",
    "培训 考核 通报",
    "依申请公开 办理 答复",
    "规范性文件 清理",
    "平台 专栏 栏目 更新",
]


def query_sets(corpus: Corpus) -> dict[str, list[str]]:
    rng = random.Random(99)
    rare = [e[:2] + e[2:4] for e in rng.sample(corpus.entities, 6)]  # long-tail names
    return {
        "two-character word": TWO_CHAR + [r[:2] for r in rare],
        "four-character phrase": FOUR_CHAR + [f'"{r}"' for r in rare if len(r) == 4],
        "several words": SEVERAL,
    }


# ---- engines ------------------------------------------------------------------------------------


class Engine:
    name = "engine"

    def build(self, docs: list[dict]) -> None:
        raise NotImplementedError

    def query(self, q: str) -> int:
        """Run one top-20 query with facets and snippets; return the total."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class PortalEngine(Engine):
    def __init__(self, name: str, backend, reuse: bool = False) -> None:
        self.name = name
        self.backend = backend
        self.reuse = reuse  # an index kept from an earlier run (--keep): do not rebuild it

    def build(self, docs: list[dict]) -> None:
        from search.backends.base import SearchDocument

        if self.reuse:
            return
        self.backend.rebuild(SearchDocument.from_json(d) for d in docs)

    def query(self, q: str) -> int:
        from search.backends.base import SearchRequest

        return self.backend.search(SearchRequest(q=q, per_page=20)).total

    def close(self) -> None:
        client = getattr(self.backend, "client", None)
        if client is not None:
            # OpenSearch: drop this size's index so the next size starts from an empty node.
            for name in self.backend._alias_targets():
                client.indices.delete(index=name, ignore_unavailable=True)
            client.indices.delete_index_template(name=self.backend.alias, ignore=[404])


def _norm_texts(docs: list[dict]) -> list[tuple[str, int, str, str]]:
    from search.analysis import normalise

    return [
        (
            normalise(d["title"] + "\n" + "\n".join(d["sections"].values())),
            d["year"],
            d["region"],
            d["level"],
        )
        for d in docs
    ]


class ScanEngine(Engine):
    """The reference floor: every document's analysed text held in memory, scanned per query."""

    name = "substring scan"

    def build(self, docs: list[dict]) -> None:
        self.rows = _norm_texts(docs)

    def query(self, q: str) -> int:
        from collections import Counter

        from search.query import parse_query

        terms = [t.text for t in parse_query(q).positive_terms]
        hits = [r for r in self.rows if all(t in r[0] for t in terms)]
        Counter(r[1] for r in hits), Counter(r[2] for r in hits), Counter(r[3] for r in hits)
        for text, *_ in sorted(hits, key=lambda r: -r[1])[:20]:
            i = text.find(terms[0]) if terms else 0
            _ = text[max(0, i - 30) : i + 60]
        return len(hits)


class TantivyEngine(Engine):
    """tantivy over the same pre-tokenised bigrams/unigrams (whitespace tokenizer)."""

    name = "tantivy"

    def build(self, docs: list[dict]) -> None:
        import tantivy

        from search.analysis import bigrams, normalise, unigrams

        self.dir = tempfile.mkdtemp(prefix="bench-tantivy-")
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("bi", tokenizer_name="whitespace", stored=False)
        sb.add_text_field("uni", tokenizer_name="whitespace", stored=False)
        sb.add_text_field("text", stored=True, tokenizer_name="raw", index_option="basic")
        sb.add_integer_field("year", fast=True, stored=True)
        sb.add_text_field("region", fast=True, tokenizer_name="raw", stored=True)
        sb.add_text_field("level", fast=True, tokenizer_name="raw", stored=True)
        self.schema = sb.build()
        self.index = tantivy.Index(self.schema, path=self.dir)
        writer = self.index.writer(heap_size=512_000_000, num_threads=2)
        for d in docs:
            text = normalise(d["title"] + "\n" + "\n".join(d["sections"].values()))
            writer.add_document(
                tantivy.Document(
                    bi=" ".join(bigrams(text)),
                    uni=" ".join(unigrams(text)),
                    text=text[:20000],
                    year=d["year"],
                    region=d["region"],
                    level=d["level"],
                )
            )
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def query(self, q: str) -> int:
        import tantivy

        from search.query import parse_query

        parsed = parse_query(q)
        clauses = []
        for term in parsed.positive_terms:
            field = "bi" if term.field == "bi" else "uni"
            if term.phrase:
                clauses.append(
                    (
                        tantivy.Occur.Must,
                        tantivy.Query.phrase_query(self.schema, field, list(term.tokens)),
                    )
                )
            else:
                for tok in term.tokens:
                    clauses.append(
                        (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, tok))
                    )
        query = tantivy.Query.boolean_query(clauses)
        searcher = self.index.searcher()
        result = searcher.search(query, 20, count=True)
        searcher.aggregate(
            query,
            {
                "year": {"terms": {"field": "year", "size": 50}},
                "region": {"terms": {"field": "region", "size": 500}},
                "level": {"terms": {"field": "level", "size": 5}},
            },
        )
        for _score, address in result.hits:
            text = searcher.doc(address)["text"][0]
            _ = text[:90]
        return result.count


def make_engines(
    names: list[str], workdir: Path, node, size: int = 0, keep: bool = False
) -> list[Engine]:
    from search.backends.opensearch import SearchBackend as OpenSearchBackend
    from search.backends.sqlite import INDEX_FORMAT
    from search.backends.sqlite import SearchBackend as SqliteBackend

    out: list[Engine] = []
    for name in names:
        if name == "sqlite":
            path = workdir / "bench.sqlite3"
            reuse = False
            if keep:
                path = workdir / f"sqlite-{size}-{INDEX_FORMAT}.sqlite3"
                backend = SqliteBackend(PATH=path)
                reuse = path.exists() and not backend.check() and backend.count() == size
                backend.close()
            out.append(PortalEngine("sqlite (FTS5)", SqliteBackend(PATH=path), reuse=reuse))
        elif name == "opensearch":
            out.append(
                PortalEngine(
                    "opensearch",
                    OpenSearchBackend(URL=node.url, INDEX=OPENSEARCH_INDEX, TIMEOUT=300),
                )
            )
        elif name == "tantivy":
            out.append(TantivyEngine())
        elif name == "scan":
            out.append(ScanEngine())
    return out


# The benchmark's alias on the node: its own, so a run beside another one (or beside tests on a
# shared node) never drops or measures someone else's index.
OPENSEARCH_INDEX = f"bench{os.getpid()}"


class Node:
    """The OpenSearch node measured: ``OPENSEARCH_URL`` when set, else a node of the benchmark's
    own (``scripts/opensearch.sh`` with its own state folder and heap), stopped at the end."""

    def __init__(self, heap: str) -> None:
        self.env = {
            **os.environ,
            "OPENSEARCH_VAR": str(REPO / "var" / "opensearch" / "bench"),
            "OPENSEARCH_HEAP": heap,
        }
        self.started = False
        self.url = os.environ.get("OPENSEARCH_URL", "")
        script = str(REPO / "scripts" / "opensearch.sh")
        if not self.url:
            # A node already running in that folder (another benchmark's) is used, not stopped.
            running = subprocess.run(
                ["bash", script, "status"], env=self.env, capture_output=True, check=False
            )
            done = subprocess.run(
                ["bash", script, "start"],
                env=self.env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"OpenSearch did not start:\n{done.stderr[-3000:]}")
            self.url = done.stdout.strip().splitlines()[-1]
            self.started = running.returncode != 0
        print(f"OpenSearch node: {self.url}", flush=True)

    def pid(self) -> int:
        if not hasattr(self, "_pid"):
            with urllib.request.urlopen(self.url + "/_nodes/_local/process", timeout=60) as res:
                nodes = json.loads(res.read())["nodes"]
            self._pid = int(next(iter(nodes.values()))["process"]["id"])
        return self._pid

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) of the node's process so far: the work the node did,
        whatever else the machine runs (None for a node on another machine)."""
        try:
            fields = Path(f"/proc/{self.pid()}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stats(self, index: str) -> dict[str, float | None]:
        """Heap (used, max), the JVM process's RSS (now, peak) and the index on disk, in MB."""

        def get(path: str) -> dict:
            with urllib.request.urlopen(self.url + path, timeout=60) as res:
                return json.loads(res.read())

        node = next(iter(get("/_nodes/_local/stats/jvm,process")["nodes"].values()))
        pid = next(iter(get("/_nodes/_local/process")["nodes"].values()))["process"]["id"]
        store = get(f"/{index}/_stats/store")["_all"]["primaries"]["store"]["size_in_bytes"]
        mb = 1024 * 1024
        out: dict[str, float | None] = {
            "heap_used_mb": round(node["jvm"]["mem"]["heap_used_in_bytes"] / mb),
            "heap_max_mb": round(node["jvm"]["mem"]["heap_max_in_bytes"] / mb),
            "store_mb": round(store / mb),
            "rss_mb": None,
            "rss_peak_mb": None,
        }
        try:  # the node's process on this machine (not for a remote OPENSEARCH_URL)
            status = Path(f"/proc/{pid}/status").read_text()
            fields = {
                ln.split(":")[0]: int(ln.split()[1]) for ln in status.splitlines() if "kB" in ln
            }
            out["rss_mb"] = round(fields["VmRSS"] / 1024)
            out["rss_peak_mb"] = round(fields["VmHWM"] / 1024)
        except (OSError, KeyError, ValueError):
            pass
        return out

    def close(self) -> None:
        if self.started:
            subprocess.run(
                ["bash", str(REPO / "scripts" / "opensearch.sh"), "stop"],
                env=self.env,
                capture_output=True,
                check=False,
            )


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run(
    sizes: list[int],
    names: list[str],
    repeat: int,
    out: Path | None,
    opensearch_sizes: list[int] | None = None,
    keep: Path | None = None,
    opensearch_heap: str = "1g",
) -> list[dict]:
    import django

    django.setup()
    corpus = Corpus()
    queries = query_sets(corpus)
    node = None
    if "opensearch" in names:
        node = Node(opensearch_heap)
    rows: list[dict] = []
    workdir = keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for size in sizes:
            docs = list(corpus.documents(size))
            mb = (
                sum(len(json.dumps(d["sections"], ensure_ascii=False).encode()) for d in docs)
                / size
                / 1024
            )
            print(f"\n== {size} reports (~{mb:.1f} KB of section text each)", flush=True)
            wanted = [
                n
                for n in names
                if n != "opensearch" or opensearch_sizes is None or size in opensearch_sizes
            ]
            for engine in make_engines(wanted, workdir, node, size, keep is not None):
                on_node = node is not None and engine.name == "opensearch"
                node_cpu = node.cpu_seconds() if on_node else None
                started, cpu_started = time.perf_counter(), time.process_time()
                engine.build(docs)
                build = time.perf_counter() - started
                # CPU of this process: for the in-process engines (sqlite, tantivy, scan) the work
                # itself, apart from what other processes on the machine take from it. For
                # OpenSearch the node's CPU is added: the work is done on both sides.
                cpu_used = time.process_time() - cpu_started
                if on_node and node_cpu is not None:
                    cpu_used += (node.cpu_seconds() or node_cpu) - node_cpu
                cpu_rate: float | None = size / max(cpu_used, 1e-9)
                rate: float | None = size / build
                if getattr(engine, "reuse", False):
                    rate = cpu_rate = None
                    print(f"{engine.name:28s} indexing skipped (kept index re-used)", flush=True)
                else:
                    print(
                        f"{engine.name:28s} indexing {build:7.1f} s = {rate:6.0f} reports/s"
                        f" ({cpu_rate:6.0f} per CPU-second of this process"
                        f"{' and the node' if on_node else ''})",
                        flush=True,
                    )
                memory: dict[str, float | None] = {}
                if node is not None and engine.name == "opensearch":
                    memory = node.stats(engine.backend.alias)
                    print(
                        f"{'':28s} after indexing: heap {memory['heap_used_mb']} of"
                        f" {memory['heap_max_mb']} MB, RSS {memory['rss_mb']} MB (peak"
                        f" {memory['rss_peak_mb']} MB), index {memory['store_mb']} MB on disk",
                        flush=True,
                    )
                for q in TWO_CHAR[:3]:  # warm caches
                    engine.query(q)
                # The corpus this script holds (hundreds of thousands of Python objects) is not
                # part of any engine: keep the cyclic collector from walking it in the middle of
                # a timed query, as a server that freezes its start-up heap would.
                gc.collect()
                gc.freeze()
                for kind, qs in queries.items():
                    times, cpu = [], []
                    node_cpu = node.cpu_seconds() if on_node else None
                    for _ in range(repeat):
                        for q in qs:
                            t, c = time.perf_counter(), time.process_time()
                            engine.query(q)
                            times.append((time.perf_counter() - t) * 1000)
                            cpu.append((time.process_time() - c) * 1000)
                    row = {
                        "size": size,
                        "engine": engine.name,
                        "kind": kind,
                        "p50_ms": round(percentile(times, 0.5), 1),
                        "p95_ms": round(percentile(times, 0.95), 1),
                        "cpu_p50_ms": round(percentile(cpu, 0.5), 1),
                        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
                        "queries": len(times),
                        "index_rate": round(rate) if rate is not None else None,
                        "index_rate_cpu": round(cpu_rate) if cpu_rate is not None else None,
                        **memory,
                    }
                    if on_node and node_cpu is not None:
                        # The node's CPU per query, averaged over the kind (its clock ticks
                        # are 10 ms: too coarse for one query).
                        spent = (node.cpu_seconds() or node_cpu) - node_cpu
                        row["node_cpu_ms_per_query"] = round(spent * 1000 / len(times), 1)
                    rows.append(row)
                    print(
                        f"    {kind:24s} p50 {row['p50_ms']:7.1f} ms   p95 {row['p95_ms']:7.1f} ms"
                        f"   (CPU p50 {row['cpu_p50_ms']:6.1f}  p95 {row['cpu_p95_ms']:6.1f})"
                        + (
                            f"   node CPU {row['node_cpu_ms_per_query']:6.1f} ms/query"
                            if "node_cpu_ms_per_query" in row
                            else ""
                        ),
                        flush=True,
                    )
                gc.unfreeze()
                if memory and node is not None:
                    after = node.stats(engine.backend.alias)
                    print(
                        f"{'':28s} after queries: heap {after['heap_used_mb']} MB, RSS"
                        f" {after['rss_mb']} MB (peak {after['rss_peak_mb']} MB)",
                        flush=True,
                    )
                    for row in rows:
                        if row["engine"] == engine.name and row["size"] == size:
                            row["rss_peak_mb"] = after["rss_peak_mb"]
                engine.close()
                if out:
                    out.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    finally:
        if node is not None:
            node.close()
        import shutil

        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "opensearch", "tantivy", "scan"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--opensearch-sizes",
        type=int,
        nargs="*",
        default=None,
        help="run OpenSearch only at these sizes (default: all). The node is OPENSEARCH_URL when "
        "set, else a node of the benchmark's own started with scripts/opensearch.sh",
    )
    parser.add_argument(
        "--opensearch-heap",
        default="1g",
        help="JVM heap of the benchmark's own OpenSearch node (default 1g)",
    )
    parser.add_argument("--out", type=Path, default=None, help="write the rows as JSON here")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the sqlite index files in DIR and re-use one already built there for the same "
        "size and index format (skips indexing; for iterating on the query path)",
    )
    args = parser.parse_args(argv)
    run(
        args.sizes,
        args.engines,
        args.repeat,
        args.out,
        args.opensearch_sizes,
        args.keep,
        args.opensearch_heap,
    )


if __name__ == "__main__":
    main()
