"""Pipeline tests: real worker fixtures (see :mod:`tests.pipeline.workers`)."""

from __future__ import annotations

from tests.pipeline.workers import (  # noqa: F401 — fixtures
    broker,
    private_broker,
    private_redis,
    start_private_worker,
    start_worker,
    use_a_file_for_the_sqlite_test_database,
    worker_env,
)

# Must run before pytest-django sets the test database up (at the first test that needs it).
use_a_file_for_the_sqlite_test_database()
