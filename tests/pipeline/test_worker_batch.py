"""Bulk import through a real Redis broker and real ``celery worker`` processes.

- a batch of 30 reports (seeds, PDFs, variants) is processed completely;
- a worker SIGKILLed in the middle of a batch and started again: every report exactly once;
- the search server is down (the test stops the process it started): the pipeline retries and
  finishes once it is back, and the upload itself did not fail.
"""

from __future__ import annotations

import time

import pytest

from reports import batch as batches
from reports.models import ImportItem, ReportVersion
from tests.pipeline import corpus
from tests.pipeline.checks import assert_processed_exactly_once, search_backend
from tests.pipeline.workers import needs_redis, wait_for
from tests.shared import requires_shared

pytestmark = [pytest.mark.slow, needs_redis, pytest.mark.django_db(transaction=True)]


def _settled(batch) -> bool:
    return not batch.items.filter(status__in=["queued", "processing"]).exists()


@requires_shared
def test_a_batch_of_30_reports_is_processed_completely_by_a_worker(start_worker):
    files = corpus.build(30)
    corpus.create_agencies(files)
    worker = start_worker("w1")

    batch = batches.batch_create_from_zip(data=files.zip_bytes(), name="30 份年报")

    assert batch.items.count() == 30
    wait_for(lambda: _settled(batch), timeout=240, what="the batch", workers=[worker])
    assert_processed_exactly_once(batch, reports=30)
    # The three PDFs had no manifest row: their agency was read from the text.
    pdf_items = batch.items.filter(filename__endswith=".pdf").exclude(filename__contains="/")
    assert sorted(i.agency.name for i in pdf_items) == sorted(
        ["淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "淮安市人民政府"]
    )


@requires_shared
def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(start_worker):
    files = corpus.build(30)
    corpus.create_agencies(files)
    first = start_worker("w1")
    batch = batches.batch_create_from_zip(data=files.zip_bytes(), name="中途被杀")

    # Kill it while it is working on a file: some files done, the rest still waiting.
    wait_for(
        lambda: (
            batch.items.filter(status="done").count() >= 5
            and batch.items.filter(status="processing").exists()
        ),
        timeout=120,
        what="the first files",
        workers=[first],
    )
    first.kill()
    in_flight = list(batch.items.filter(status="processing").values_list("pk", flat=True))
    assert batch.items.filter(status="done").count() < 30, "finished before the kill"

    second = start_worker("w2")
    wait_for(lambda: _settled(batch), timeout=240, what="the batch", workers=[first, second])
    assert_processed_exactly_once(batch, reports=30)
    # The file the killed worker held was delivered again and run a second time.
    for item in ImportItem.objects.filter(pk__in=in_flight):
        assert item.attempts >= 2, item.filename


@pytest.fixture
def opensearch(settings):
    """An osmem-server on a fixed port the test can stop and start again (a real outage)."""
    import socket

    from osmem_server import OsmemServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    addr = f"127.0.0.1:{port}"

    class Server:
        url = f"http://{addr}"
        process = None

        def start(self) -> None:
            self.process = OsmemServer.start(japanese=False, addr=addr)

        def stop(self) -> None:
            if self.process is not None:
                self.process.close()
                self.process = None

    server = Server()
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.opensearch", "URL": server.url, "INDEX": "gxnb-t"}
    }
    yield server
    server.stop()


def test_a_search_outage_is_retried_until_the_server_is_back(start_worker, opensearch, agency_a):
    from reports import services
    from search.models import IndexQueue

    worker = start_worker("w1", OPENSEARCH_URL=opensearch.url, OPENSEARCH_INDEX="gxnb-t")
    # The server is down from the start.
    report_text = (
        "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n"
        "2023年，本局依法主动公开政府信息。\n"
    )
    version = services.report_upload(
        agency=agency_a, year=2023, file_bytes=report_text.encode(), filename="r.txt"
    )
    assert version.pk  # the save stood although the search server is unreachable

    def failed_twice() -> bool:
        item = IndexQueue.objects.filter(report_id=version.report_id).first()
        return item is not None and item.attempts >= 2

    wait_for(failed_twice, timeout=90, what="two failed index attempts", workers=[worker])
    version.refresh_from_db()
    # Parsed and audited are stored; only the index write waits.
    assert version.status == ReportVersion.Status.AUDITED

    opensearch.start()
    wait_for(
        lambda: ReportVersion.objects.get(pk=version.pk).status == "indexed",
        timeout=90,
        what="the index write after the outage",
        workers=[worker],
    )
    assert not IndexQueue.objects.filter(report_id=version.report_id).exists()
    doc = search_backend().get(version.report_id)
    assert doc is not None and doc.year == 2023
    time.sleep(0.5)
    assert search_backend().count() == 1
