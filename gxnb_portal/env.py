"""Small typed readers for environment variables.

Every helper raises :class:`ImproperlyConfigured` with a message that names the variable and
says what was expected, so a typo in a deployment fails at start-up instead of half-working
(``DEBUG=ture`` must not quietly mean "not debug"). Unset or empty variables give the default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _bad(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"环境变量 {name} 的值无效：{value!r}（应为{expected}）/ "
        f"environment variable {name} has an invalid value {value!r}: expected {expected}"
    )


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """``true/false`` (also 1/0, yes/no, on/off); anything else is an error."""
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _bad(name, value, "true 或 false")


def env_int(
    name: str,
    default: int,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _bad(name, value, "整数") from None
    if min_value is not None and number < min_value:
        raise _bad(name, value, f"不小于 {min_value} 的整数")
    if max_value is not None and number > max_value:
        raise _bad(name, value, f"不大于 {max_value} 的整数")
    return number


def env_list(
    name: str, default: list[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(
    name: str,
    default: str = "",
    *,
    schemes: tuple[str, ...],
    environ: Mapping[str, str] | None = None,
) -> str:
    """A URL whose scheme is one of ``schemes`` and which names a host (or a path for files)."""
    value = _raw(name, environ)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        raise _bad(name, value, f"以 {' / '.join(s + '://' for s in schemes)} 开头的 URL")
    if not parts.netloc and not parts.path.strip("/"):
        raise _bad(name, value, "包含主机名的 URL")
    return value


def env_choice(
    name: str, default: str, *, choices: tuple[str, ...], environ: Mapping[str, str] | None = None
) -> str:
    value = _raw(name, environ)
    if value is None:
        return default
    if value not in choices:
        raise _bad(name, value, "以下之一：" + ", ".join(choices))
    return value


def env_database(
    name: str, default: dict[str, Any], *, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A Django ``DATABASES`` entry from a URL (PostgreSQL or SQLite), else ``default``."""
    value = _raw(name, environ)
    if value is None:
        return default
    import dj_database_url  # local: only needed when the variable is set

    env_url(name, schemes=("postgres", "postgresql", "pgsql", "sqlite"), environ={name: value})
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(value))
    except (ValueError, KeyError) as exc:
        raise _bad(name, value, f"有效的数据库 URL（{exc}）") from None
    return config
