"""Imported by test workers (``celery worker --include``): a file stays "processing" a while.

``TEST_TASK_DELAY_SECONDS`` (default 0: no pause) makes the pipeline pause before it parses a
version — after a batch file is marked 处理中 — so that a test sees tasks in flight (e.g. two
workers busy at once) instead of racing files that take a tenth of a second. The pause wraps
``reports.pipeline.version_process`` in this worker only; production code knows nothing of it.
"""

from __future__ import annotations

import functools
import os
import time
from typing import Any

from celery.signals import task_prerun

DELAY = float(os.environ.get("TEST_TASK_DELAY_SECONDS", "0") or 0)


@task_prerun.connect
def _slow_down_the_pipeline(**_kwargs: Any) -> None:
    # Patched at the first task, once Django is set up (not at import, before the apps load).
    from reports import pipeline

    if DELAY <= 0 or getattr(pipeline.version_process, "delayed", False):
        return
    original = pipeline.version_process

    @functools.wraps(original)
    def delayed(*args: Any, **kwargs: Any) -> Any:
        time.sleep(DELAY)
        return original(*args, **kwargs)

    delayed.delayed = True  # type: ignore[attr-defined]
    pipeline.version_process = delayed
