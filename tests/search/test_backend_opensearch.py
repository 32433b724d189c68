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


def test_rebuild_swaps_the_alias_to_a_new_versioned_index(opensearch_backend):
    from tests.search.documents import DOCS

    backend = opensearch_backend
    backend.index(DOCS)
    before = backend.client.indices.get_alias(name=backend.alias)
    backend.rebuild(DOCS[:2])
    after = backend.client.indices.get_alias(name=backend.alias)
    assert len(after) == 1 and set(after) != set(before)
    assert next(iter(after)).startswith(f"{backend.alias}-")
    assert not backend.client.indices.exists(index=next(iter(before)))
    assert backend.count() == 2


def test_without_smartcn_the_mapping_uses_the_builtin_analyzers(opensearch_backend):
    backend = opensearch_backend
    backend.ensure_index()
    assert backend.smartcn is False
    index = next(iter(backend.client.indices.get_alias(name=backend.alias)))
    mapping = backend.client.indices.get_mapping(index=index)[index]["mappings"]
    title = mapping["properties"]["title"]
    assert title["analyzer"] == "zh_bigram"
    assert set(title["fields"]) == {"uni"}


def test_template_with_smartcn_adds_a_word_level_subfield():
    from search.backends.opensearch import index_template

    template = index_template("x", smartcn=True)["template"]
    analyzers = template["settings"]["analysis"]["analyzer"]
    assert analyzers["zh_smart"]["tokenizer"] == "smartcn_tokenizer"
    assert template["mappings"]["properties"]["body"]["fields"]["smart"]["analyzer"] == "zh_smart"
