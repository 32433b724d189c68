"""The review page on the five real scraped reports (../shared/fixtures/seeds)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from audit.models import Finding
from audit.views import finding_cells
from tests.shared import expected, requires_shared, seed_paths

pytestmark = [pytest.mark.django_db, requires_shared]


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name)
def test_review_page_of_a_real_report(client, admin_user, upload, region_tree, path):
    exp = expected()[path.name]
    agency = region_tree["city_gov" if exp["level"] == "gov" else "agency_a"]
    version = upload(agency, exp["year"], path.read_bytes(), filename=path.name)
    client.force_login(admin_user)
    response = client.get(reverse("audit:report", args=[version.report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    findings = list(Finding.objects.filter(version=version))
    assert {(f.rule, f.target or None) for f in findings} >= {tuple(x) for x in exp["findings"]}
    for f in findings:
        assert f'id="finding-{f.pk}"' in html
        for ref in finding_cells(f):
            # Every cell a finding names is on the page, outlined, and points back to it.
            td = re.search(rf'<td id="cell-{re.escape(ref)}" class="([^"]*)"([^>]*)>', html)
            assert td is not None, (f.rule, ref)
            assert " hl " in f" {td.group(1)} " and str(f.pk) in td.group(2)
    # Scraped text never reaches the page as markup.
    assert "<script" not in html.split("</head>")[1].replace('<script src="', "")
    queue = client.get(reverse("audit:queue")).content.decode()
    assert agency.name in queue
