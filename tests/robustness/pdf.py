"""Word/HTML → PDF with LibreOffice (``soffice --headless --convert-to pdf``), cached.

Conversions cost seconds each, so results are cached under ``var/robustness/pdf/`` by the
SHA-1 of the input bytes, and all missing ones are converted in one ``soffice`` run.
Needs the Debian packages ``libreoffice-writer-nogui`` (or ``libreoffice-writer``) and
``fonts-noto-cjk`` (without a CJK font the PDF has no Chinese text layer).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .corpus import REPO

CACHE = REPO / "var" / "robustness" / "pdf"
FILTERS = {".docx": "pdf", ".html": "pdf:writer_web_pdf_Export"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _key(data: bytes, suffix: str) -> str:
    digest = hashlib.sha1(suffix.encode())
    if suffix == ".docx":
        # python-docx stamps the zip entries and docProps/core.xml with the clock: key on the
        # parts that make the rendering, so the same document hits the cache on every run.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in sorted(zf.namelist()):
                if name != "docProps/core.xml":
                    digest.update(name.encode() + b"\0" + zf.read(name))
    else:
        digest.update(data)
    return digest.hexdigest()


def cached(data: bytes, suffix: str) -> Path:
    return CACHE / f"{_key(data, suffix)}.pdf"


def convert_many(items: list[tuple[bytes, str]], *, timeout: int = 600) -> list[bytes]:
    """PDF bytes for each ``(input bytes, ".docx" | ".html")``, converting what is not cached.

    Raises ``RuntimeError`` when soffice is missing or fails for a file.
    """
    missing: dict[str, tuple[bytes, str]] = {}
    for data, suffix in items:
        if not cached(data, suffix).exists():
            missing[_key(data, suffix)] = (data, suffix)
    if missing:
        exe = soffice()
        if exe is None:
            raise RuntimeError(
                "soffice is not installed (apt-get install libreoffice-writer-nogui)"
            )
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="robust-pdf-") as tmp:
            work = Path(tmp)
            profile = (work / "profile").as_uri()
            by_suffix: dict[str, list[Path]] = {}
            for key, (data, suffix) in missing.items():
                path = work / f"{key}{suffix}"
                path.write_bytes(data)
                by_suffix.setdefault(suffix, []).append(path)
            for suffix, paths in by_suffix.items():
                subprocess.run(
                    [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                     FILTERS[suffix], "--outdir", str(work), *map(str, paths)],
                    check=False, capture_output=True, timeout=timeout,
                )  # fmt: skip
            for key in missing:
                produced = work / f"{key}.pdf"
                if not produced.exists():
                    raise RuntimeError(f"soffice did not convert {key}{missing[key][1]}")
                shutil.move(str(produced), CACHE / f"{key}.pdf")
    return [cached(data, suffix).read_bytes() for data, suffix in items]


def pdf_text(data: bytes) -> str:
    """The PDF's text layer page by page, as a user's "save as text" gives it."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages) + "\n"
