"""A bulk-import corpus of 30 reports: the five real seeds, the three real PDFs and variants.

A variant is a real report with a few bytes appended (a note line for text, a comment after
``%%EOF`` for a PDF): it parses like its original but has its own hash, so it is a file of its own.
27 files carry a manifest row (each its own agency, 2023); the three original PDFs have none and
are matched to their agency by what their text says.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from tests.shared import PDFS, seed_paths

# The agencies the three PDFs name (README of the fixtures); 洪泽区 2023 calls itself "洪泽区人民政府".
PDF_AGENCIES = ("淮安市洪泽区人民政府", "淮安市人民政府")


@dataclass
class Corpus:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    manifest: list[dict[str, str]] = field(default_factory=list)

    def zip_bytes(self, *, with_manifest: bool = True) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.files:
                zf.writestr(name, data)
            if with_manifest:
                zf.writestr("manifest.csv", self.manifest_csv())
        return buf.getvalue()

    def manifest_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["file", "agency", "year", "level"])
        writer.writeheader()
        writer.writerows(self.manifest)
        return out.getvalue().encode("utf-8-sig")


def variant(name: str, data: bytes, n: int) -> bytes:
    if name.endswith(".pdf"):
        return data + f"\n%variant {n}\n".encode()
    return data + f"\n（转载副本 {n}）\n".encode()


def build(size: int = 30) -> Corpus:
    """``size`` files (≥ 3): the three PDFs unlisted, everything else listed in the manifest."""
    originals = [(p.name, p.read_bytes()) for p in seed_paths()]
    pdfs = [(p.name, p.read_bytes()) for p in sorted(PDFS.glob("*.pdf"))]
    corpus = Corpus(files=list(pdfs))
    listed = list(originals)
    n = 0
    while len(pdfs) + len(listed) < size:
        n += 1
        name, data = (originals + pdfs)[n % (len(originals) + len(pdfs))]
        stem, suffix = name.rsplit(".", 1)
        listed.append((f"variants/{stem}-v{n}.{suffix}", variant(name, data, n)))
    for i, (name, data) in enumerate(listed, start=1):
        corpus.files.append((name, data))
        corpus.manifest.append(
            {
                "file": name.rsplit("/", 1)[-1],
                "agency": agency_name(i),
                "year": "2023",
                "level": "gov",
            }
        )
    return corpus


def agency_name(i: int) -> str:
    return f"样本市第{i:02d}区人民政府"


def create_agencies(corpus: Corpus) -> list[Any]:
    from reports.models import Agency

    agencies = [
        Agency.objects.create(name=name, region_code="320800", level=Agency.Level.GOV)
        for name in PDF_AGENCIES
    ]
    for row in corpus.manifest:
        agencies.append(
            Agency.objects.create(name=row["agency"], region_code="110000", level=Agency.Level.GOV)
        )
    return agencies
