from __future__ import annotations

import pytest

from tests.search.contract import BackendContract, SeedContract


class TestSqliteContract(BackendContract):
    @pytest.fixture
    def backend(self, sqlite_backend):
        return sqlite_backend


class TestSqliteSeeds(SeedContract):
    @pytest.fixture
    def backend(self, sqlite_backend):
        return sqlite_backend
