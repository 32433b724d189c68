"""Search backends, chosen in settings (``SEARCH_BACKENDS``)."""

from __future__ import annotations

import importlib
import threading
from typing import Any

from search.backends.base import BaseSearchBackend

DEFAULT_SEARCH_BACKENDS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "search.backends.sqlite"}
}

_instances: dict[str, BaseSearchBackend] = {}
_lock = threading.Lock()


def backend_settings() -> dict[str, dict[str, Any]]:
    from django.conf import settings

    return getattr(settings, "SEARCH_BACKENDS", None) or DEFAULT_SEARCH_BACKENDS


def load_backend(config: dict[str, Any]) -> BaseSearchBackend:
    """Build a backend from one ``SEARCH_BACKENDS`` entry (a fresh instance)."""
    options = dict(config)
    module = importlib.import_module(options.pop("BACKEND"))
    return module.SearchBackend(**options)


def get_search_backend(alias: str = "default") -> BaseSearchBackend:
    """The configured backend for ``alias`` (one instance per process)."""
    with _lock:
        if alias not in _instances:
            _instances[alias] = load_backend(backend_settings()[alias])
        return _instances[alias]


def reset_search_backends() -> None:
    """Forget built instances (tests that change settings)."""
    with _lock:
        _instances.clear()
