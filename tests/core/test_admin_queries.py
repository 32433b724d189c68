"""Admin pages run a fixed number of queries whatever the number of rows.

Every changelist and change page of the staff admin (reports, agencies, versions, findings,
import batches, corrections, users) is requested twice — with a few rows, then after many more
rows were added (more reports in the lists; more versions, findings, corrections, child agencies,
batch items and scoped agencies on the objects whose change pages list them) — and the number of
SQL queries must be the same. A per-row query (N+1) makes the second number larger.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEXT = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n甲。\n"
_serial = itertools.count(1)


class World:
    """The base rows (one real upload through the pipeline) and a way to add many more."""

    def __init__(
        self, upload: Callable[..., Any], region_tree: dict[str, Any], users: dict
    ) -> None:
        from reports.models import Correction, ImportBatch

        self.agency = region_tree["agency_a"]
        self.users = users
        self.version = upload(self.agency, 2023, TEXT, filename="a.txt", user=users["admin"])
        self.report = self.version.report
        self.batch = ImportBatch.objects.create(name="批次", created_by=users["admin"])
        self.correction = Correction.objects.create(
            version=self.version,
            kind="cell",
            target="t3.R1.NP",
            old_value=None,
            new_value=1,
            text_sha256="0" * 64,
            created_by=users["clerk"],
        )
        self.grow(2)
        self.finding = self.findings_for(self.version).first()

    @staticmethod
    def findings_for(version: Any) -> Any:
        from audit.models import Finding

        return Finding.objects.filter(version=version, status="confirmed").order_by("pk")

    def grow(self, n: int) -> None:
        """Add ``n`` of everything: lists get longer, and so does every page's own list."""
        from audit.models import SEVERITY_RANK, Finding, FindingEvent, fingerprint
        from reports.models import Agency, Correction, ImportBatch, ImportItem, Report
        from reports.models import ReportVersion as Version

        admin, clerk = self.users["admin"], self.users["clerk"]
        for _ in range(n):
            i = next(_serial)
            # A report of the clerk's agency (in the lists of both), with two versions.
            report = Report.objects.create(agency=self.agency, year=1900 + i, title=f"报告{i}")
            for number in (1, 2):
                sha = hashlib.sha256(f"{i}-{number}".encode()).hexdigest()
                Version.objects.create(
                    report=report,
                    number=number,
                    sha256=sha,
                    original=f"originals/{sha}",
                    filename=f"r{i}.txt",
                    size=10,
                    is_current=number == 2,
                    status="audited",
                    record={},
                    uploaded_by=clerk,
                )
            # An older version of the base report (its change page lists every version).
            sha = hashlib.sha256(f"base-{i}".encode()).hexdigest()
            Version.objects.create(
                report=self.report,
                number=100 + i,
                sha256=sha,
                original=f"originals/{sha}",
                filename=f"old{i}.txt",
                size=10,
                is_current=False,
                status="failed",
                record={},
                uploaded_by=clerk,
            )
            # Confirmed findings (a clerk sees those) on the base version, reviewed by someone.
            for rule in ("T3-COL", "T3-SUM"):
                finding = Finding.objects.create(
                    version=self.version,
                    rule=rule,
                    target=f"X{i}",
                    severity="error",
                    severity_rank=SEVERITY_RANK["error"],
                    message=f"{rule} 说明 {i}",
                    evidence={"cells": {"t3.R1.TOT": i}},
                    fingerprint=fingerprint(rule, f"X{i}"),
                    ruleset_version="t",
                    status="confirmed",
                    reviewed_by=admin,
                    resolved_by=self.version,
                )
                FindingEvent.objects.create(
                    finding=finding, action="reviewed", actor=admin, comment=f"确认 {i}"
                )
            # On the first finding too, so its change page's history grows.
            first = self.findings_for(self.version).first()
            FindingEvent.objects.create(finding=first, action="reviewed", actor=clerk, comment="注")
            Correction.objects.create(
                version=self.version,
                kind="cell",
                target=f"t3.R{i % 20 + 1}.TOT",
                old_value=None,
                new_value=i,
                text_sha256="0" * 64,
                created_by=clerk if i % 2 else admin,
            )
            child = Agency.objects.create(
                name=f"下级机关{i}",
                region_name="东城区",
                region_code="450902",
                level="dept",
                parent=self.agency,
            )
            self.users["clerk"].staff_profile.agencies.add(child)
            batch = ImportBatch.objects.create(name=f"批次{i}", created_by=admin)
            for position, status in enumerate(("done", "failed", "queued")):
                ImportItem.objects.create(
                    batch=batch,
                    position=position,
                    filename=f"f{i}-{position}.txt",
                    status=status,
                    agency=self.agency,
                    year=2020,
                )
                ImportItem.objects.create(
                    batch=self.batch,
                    position=i * 10 + position,
                    filename=f"b{i}-{position}.txt",
                    status=status,
                    agency=self.agency,
                    year=2020,
                )


def pages(world: World) -> dict[str, str]:
    """Every admin list and change page, by name."""
    return {
        "报告列表": reverse("admin:gxnb_portal_report_changelist"),
        "报告详情": reverse("admin:gxnb_portal_report_change", args=[world.report.pk]),
        "机关列表": reverse("admin:gxnb_portal_agency_changelist"),
        "机关详情": reverse("admin:gxnb_portal_agency_change", args=[world.agency.pk]),
        "版本列表": reverse("admin:gxnb_portal_reportversion_changelist"),
        "版本详情": reverse("admin:gxnb_portal_reportversion_change", args=[world.version.pk]),
        "发现列表": reverse("admin:audit_finding_changelist"),
        "发现详情": reverse("admin:audit_finding_change", args=[world.finding.pk]),
        "批量导入列表": reverse("admin:gxnb_portal_importbatch_changelist"),
        "批量导入详情": reverse("admin:gxnb_portal_importbatch_change", args=[world.batch.pk]),
        "更正列表": reverse("admin:gxnb_portal_correction_changelist"),
        "更正页": reverse(
            "admin:gxnb_portal_report_corrections",
            kwargs={"object_id": world.report.pk, "version_id": world.version.pk},
        ),
        "用户列表": reverse("admin:auth_user_changelist"),
        "用户详情": reverse("admin:auth_user_change", args=[world.users["clerk"].pk]),
    }


# A clerk is not given the user admin nor bulk import (their pages answer 403/302 for them).
CLERK_PAGES = ("报告列表", "报告详情", "机关列表", "机关详情", "版本列表", "版本详情")
CLERK_PAGES += ("发现列表", "发现详情", "更正列表", "更正页")


def queries(client: Any, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm-up: per-process caches (content types, templates) filled
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def repeated(few: list[str], many: list[str]) -> list[str]:
    """The query shapes (numbers blanked) run more often with many rows: the per-row ones."""
    shape = Counter(re.sub(r"\d+", "N", sql)[:300] for sql in many)
    shape.subtract(Counter(re.sub(r"\d+", "N", sql)[:300] for sql in few))
    return [f"+{n}× {sql}" for sql, n in shape.items() if n > 0][:5]


@pytest.fixture
def world(upload, region_tree, admin_user, make_staff) -> World:
    clerk = make_staff("clerk_q", "clerk", agencies=[region_tree["agency_a"]])
    return World(upload, region_tree, {"admin": admin_user, "clerk": clerk})


@pytest.mark.parametrize("role", ["admin", "clerk"])
def test_admin_pages_query_count_does_not_grow_with_rows(client, world, role):
    client.force_login(world.users[role])
    names = list(pages(world)) if role == "admin" else list(CLERK_PAGES)
    few = {name: queries(client, pages(world)[name]) for name in names}
    world.grow(12)
    many = {name: queries(client, pages(world)[name]) for name in names}
    grown = {name: (few[name][0], many[name][0]) for name in names if many[name][0] != few[name][0]}
    detail = "\n".join(
        f"{name}: {a} → {b}\n  " + "\n  ".join(repeated(few[name][1], many[name][1]))
        for name, (a, b) in grown.items()
    )
    assert not grown, f"query count grows with rows:\n{detail}"


def test_the_pages_show_the_many_rows(client, world):
    """The counts above are of pages that really list the added rows (not empty ones)."""
    world.grow(3)
    client.force_login(world.users["admin"])
    body = client.get(pages(world)["报告详情"]).content.decode()
    assert "old" in body and "T3-SUM 说明" in body
    body = client.get(pages(world)["批量导入列表"]).content.decode()
    assert "批次" in body
    body = client.get(pages(world)["发现详情"]).content.decode()
    assert "注" in body
