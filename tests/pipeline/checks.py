"""What "processed exactly once" means, checked against the database and the search index."""

from __future__ import annotations

from typing import Any


def search_backend() -> Any:
    from search.backends import get_search_backend, reset_search_backends

    reset_search_backends()  # settings (index path / URL) differ per test
    return get_search_backend()


def assert_processed_exactly_once(batch: Any, reports: int) -> None:
    """Every file of ``batch`` became one report, parsed, audited and indexed — once.

    No version, finding or index document more or less than the files demand.
    """
    from audit.models import Finding, fingerprint
    from audit.rules import RULESET_VERSION
    from reader.parse import PARSER_VERSION
    from reports.models import ImportItem, Report, ReportVersion

    items = list(batch.items.all())
    not_done = [(i.filename, i.status, i.message) for i in items if i.status != "done"]
    assert not not_done, not_done
    assert Report.objects.count() == reports
    assert ReportVersion.objects.count() == reports  # no duplicate version
    assert len({i.version_id for i in items}) == reports
    for version in ReportVersion.objects.select_related("audit_run"):
        assert version.status == ReportVersion.Status.INDEXED, (version.filename, version.error)
        assert version.parser_version == PARSER_VERSION
        assert version.audit_run.ruleset_version == RULESET_VERSION
        fired = {fingerprint(f["rule"], f["target"]) for f in version.record["findings"]}
        stored = list(Finding.objects.filter(version=version).values_list("fingerprint", flat=True))
        assert sorted(stored) == sorted(fired), version.filename  # no duplicate, none missing
    backend = search_backend()
    # Reports held back from the public (identity in doubt) are not indexed.
    public = Report.objects.filter(held_reason="")
    assert backend.count() == public.count()  # no duplicate index entry
    for report in Report.objects.all():
        doc = backend.get(report.pk)
        if report.held_reason:
            assert doc is None, report
        else:
            assert doc is not None and doc.year == report.year, report
    assert not ImportItem.objects.exclude(status="done").exists()
