"""System checks of the search configuration (``manage.py check --deploy`` shows them)."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.checks import Error, Warning, register


@register("search")
def check_search_backends(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    from search.backends import backend_settings

    problems: list[Any] = []
    config = backend_settings()
    if "default" not in config:
        return [Error("SEARCH_BACKENDS 缺少 default 项。", id="search.E001", obj="SEARCH_BACKENDS")]
    for alias, entry in config.items():
        path = entry.get("BACKEND") if isinstance(entry, dict) else None
        if not path:
            problems.append(Error(f"SEARCH_BACKENDS[{alias!r}] 没有 BACKEND。", id="search.E001"))
            continue
        try:
            module = importlib.import_module(path)
        except ImportError as exc:
            problems.append(Error(f"无法加载检索后端 {path}：{exc}", id="search.E002", obj=alias))
            continue
        if not hasattr(module, "SearchBackend"):
            problems.append(
                Error(f"{path} 没有定义 SearchBackend 类。", id="search.E002", obj=alias)
            )
    return problems


@register("search", deploy=True)
def check_search_index(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """Deploy-time: the index is reachable and built with the current analysis."""
    from search.backends import get_search_backend

    try:
        messages = get_search_backend().check()
    except Exception as exc:  # a misconfigured backend is already reported by E002
        messages = [f"检索后端无法初始化：{exc}"]
    return [Warning(m, id="search.W001") for m in messages]
