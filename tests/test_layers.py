"""The direction of imports holds (docs/architecture.md), and the check bites when it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layers import violations

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_imports_only_downwards_and_has_no_circles() -> None:
    assert violations(ROOT) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in ("reader", "reports", "audit", "search", "demo", "gxnb_portal"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "reader/parse.py": "import re\n",
            "reports/models.py": "from django.db import models\nfrom reader import parse\n",
            "audit/rules.py": "from reader.parse import re\nfrom reports.models import models\n",
            "gxnb_portal/urls.py": "import audit.rules\nimport search\n",
        },
    )
    assert violations(root) == []


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("reader/parse.py", "import django\n", "reader/ must not import django"),
        ("reader/parse.py", "from django.db import models\n", "reader/ must not import django.db"),
        ("reader/parse.py", "from reports import models\n", "reader/ must not import reports"),
        ("reader/parse.py", "def f():\n    import reports.models\n", "reader/ must not import"),
        ("reports/models.py", "from audit import rules\n", "reports/ must not import audit"),
        ("search/views.py", "import audit.models\n", "search/ must not import audit"),
        ("audit/views.py", "from gxnb_portal import settings\n", "audit/ must not import"),
        ("reports/admin.py", "from demo import generate\n", "reports/ must not import demo"),
    ],
)
def test_an_import_against_the_layers_is_caught(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    root = _tree(tmp_path, {name: text})
    found = violations(root)
    assert any(says in line for line in found), found


def test_an_import_for_type_hints_only_does_not_count(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "reader/parse.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import django\n"
        },
    )
    assert violations(root) == []


def test_a_circle_is_caught_even_through_a_deferred_import(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "audit/services.py": "def f():\n    from .workflow import g\n",
            "audit/workflow.py": "from .services import f\n",
        },
    )
    assert violations(root) == ["import circle: audit.services → audit.workflow"]
