"""Backup and restore with pg_dump / pg_restore (docs/operations.md), on PostgreSQL only.

Import reports (the five real seeds when ../shared/ is there, else generated ones), review
some findings, dump the database, restore it into a fresh database, and check that every row
of every table is identical and that a search index rebuilt from the restored database returns
the same results as one rebuilt from the original.

Runs in CI's PostgreSQL pass (``DATABASE_URL`` is PostgreSQL); skipped with a reason on SQLite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.audit.factories import report_text
from tests.shared import seed_paths

REPO = Path(__file__).resolve().parents[2]
QUERIES = ["公开", "行政复议", "政府信息公开申请", "信息处理费", "依申请", "不存在的词语甲乙"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="backup/restore uses pg_dump: runs when DATABASE_URL is PostgreSQL (CI's second pass)",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def pg_env(name: str) -> tuple[dict[str, str], list[str]]:
    """Environment and connection arguments for the PostgreSQL tools, database ``name``."""
    conf = connection.settings_dict
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    args = ["-h", str(conf.get("HOST") or "127.0.0.1"), "-p", str(conf.get("PORT") or 5432)]
    args += ["-U", str(conf.get("USER") or "postgres")]
    return env, [*args, "-d", name]


def url_for(name: str) -> str:
    conf = connection.settings_dict
    auth = conf.get("USER") or "postgres"
    if conf.get("PASSWORD"):
        auth += f":{conf['PASSWORD']}"
    return f"postgres://{auth}@{conf.get('HOST') or '127.0.0.1'}:{conf.get('PORT') or 5432}/{name}"


def table_rows(name: str) -> dict[str, list[Any]]:
    """Every row of every table in ``name``, ordered, as JSON text (one psql call per table)."""
    env, args = pg_env(name)

    def psql(sql: str) -> str:
        return subprocess.run(
            ["psql", *args, "-qAt", "-c", sql], env=env, check=True, capture_output=True, text=True
        ).stdout

    tables = psql(
        "select tablename from pg_tables where schemaname = 'public' order by tablename"
    ).split()
    return {
        t: psql(f"select coalesce(json_agg(x order by x::text), '[]') from \"{t}\" x").strip()
        for t in tables
    }


def search_results(database_url: str, var_dir: Path) -> dict[str, Any]:
    """Rebuild the embedded search index from the database at ``database_url`` and run QUERIES."""
    code = (
        "import json\n"
        "from django.core.management import call_command\n"
        "from search.backends.base import SearchRequest\n"
        "from search.selectors import search_reports\n"
        "call_command('rebuild_search_index')\n"
        f"qs = {QUERIES!r}\n"
        "out = {q: [(h.id, h.title) for h in search_reports(SearchRequest(q=q)).hits] for q in qs}\n"
        "print(json.dumps(out, ensure_ascii=False))\n"
    )
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PGPASSWORD")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "gxnb_portal.settings",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_backup_restores_records_findings_reviews_and_the_same_search(
    upload, agency_a, agency_b, auditor, admin_user, tmp_path
):
    from audit import workflow
    from audit.models import Finding

    texts = [p.read_text(encoding="utf-8") for p in seed_paths()] or [
        report_text(year=y, fee=y % 2 == 0) for y in (2021, 2022, 2023)
    ]
    versions = []
    for i, text in enumerate(texts):
        agency = agency_a if i % 2 == 0 else agency_b
        versions.append(upload(agency, 2019 + i, text, filename=f"report-{i}.txt"))
    findings = list(Finding.objects.filter(version__in=versions))
    assert findings, "the samples have findings to review"
    for finding in findings[:3]:
        workflow.finding_comment(user=admin_user, finding=finding, text="请核对此处数据。")
    workflow.finding_confirm(user=admin_user, finding=findings[0], comment="确认需整改")

    source = connection.settings_dict["NAME"]
    restored = f"{source}_restore_{uuid.uuid4().hex[:6]}"
    dump = tmp_path / "gxnb.dump"
    env, src_args = pg_env(source)
    _, dst_args = pg_env("postgres")
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *src_args],
        env=env,
        check=True,
    )
    conn_args = dst_args[:-2]
    subprocess.run(["createdb", *conn_args, restored], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", *conn_args, "-d", restored, str(dump)],
            env=env,
            check=True,
        )
        before, after = table_rows(source), table_rows(restored)
        assert set(before) == set(after)
        for table in ("gxnb_portal_report", "gxnb_portal_reportversion", "audit_finding"):
            assert before[table] != "[]", table
        differing = [t for t in before if before[t] != after[t]]
        assert not differing, differing

        original_hits = search_results(url_for(source), tmp_path / "var-original")
        restored_hits = search_results(url_for(restored), tmp_path / "var-restored")
        assert original_hits == restored_hits
        assert any(original_hits[q] for q in QUERIES), "the queries find reports at all"
    finally:
        subprocess.run(
            ["dropdb", "--if-exists", "--force", *conn_args, restored], env=env, check=False
        )
