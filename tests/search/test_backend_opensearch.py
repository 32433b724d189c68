from __future__ import annotations

import pytest

from tests.search.contract import BackendContract, SeedContract


class TestOpenSearchContract(BackendContract):
    @pytest.fixture
    def backend(self, opensearch_backend):
        return opensearch_backend


class TestOpenSearchSeeds(SeedContract):
    @pytest.fixture
    def backend(self, opensearch_backend):
        return opensearch_backend
