"""System checks for the portal's configuration (run by ``manage.py check [--deploy]``).

IDs are stable: ``gxnb_portal.E001`` … errors, ``gxnb_portal.W001`` … warnings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility)
def check_media_root(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Uploads are kept forever under MEDIA_ROOT: it must be a writable directory."""
    media = Path(settings.MEDIA_ROOT)
    probe = media if media.exists() else media.parent
    if probe.exists() and not os.access(probe, os.W_OK):
        return [
            Error(
                f"上传目录 {media} 不可写。",
                hint="设置 MEDIA_ROOT 为可写目录（原始文件永久保存在这里）。",
                id="gxnb_portal.E001",
            )
        ]
    return []


def broker_persistence_warnings() -> list[Warning]:
    """A Redis broker that keeps its queue in memory only loses every waiting task on a restart.

    Asked of Redis itself (``CONFIG GET appendonly``); a Redis that does not answer, or does not
    allow ``CONFIG`` (many managed services), is not judged here.
    """
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return []
    url = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    if not url.startswith(("redis://", "rediss://")):
        return []
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        appendonly = client.config_get("appendonly").get("appendonly")
    except Exception:
        return []
    if appendonly is None or str(appendonly).lower() == "yes":
        return []
    return [
        Warning(
            "任务队列（Redis）未开启持久化（appendonly no）：Redis 重启会丢失排队中的全部任务。",
            hint="在 Redis 配置中设置 appendonly yes（docker-compose.yml 已设置）；"
            "见 docs/pipeline.md“运维须保持的设置”。",
            id="gxnb_portal.W005",
        )
    ]


@register(Tags.security, deploy=True)
def check_production_services(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The embedded defaults are fine on a laptop and wrong on a server."""
    warnings: list[Warning] = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        warnings.append(
            Warning(
                "生产环境使用 SQLite 数据库。",
                hint="设置 DATABASE_URL=postgres://…（PostgreSQL）。",
                id="gxnb_portal.W001",
            )
        )
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        warnings.append(
            Warning(
                "未配置任务队列：解析和审核在网页请求的进程中运行。",
                hint="设置 CELERY_BROKER_URL=redis://… 并启动 worker。",
                id="gxnb_portal.W002",
            )
        )
    if int(getattr(settings, "SEARCH_RATE_LIMIT", 0) or 0) > 0:
        alias = getattr(settings, "SEARCH_RATE_LIMIT_CACHE", "default")
        backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
        if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
            warnings.append(
                Warning(
                    "检索限流计数保存在各进程内存中：多个 Web 进程时每个进程各自计数，"
                    "实际上限是设定值乘以进程数。",
                    hint="设置 CACHE_URL=redis://…（各进程共享计数）。",
                    id="gxnb_portal.W003",
                )
            )
    warnings.extend(broker_persistence_warnings())
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not int(
        getattr(settings, "TRUSTED_PROXIES", 0) or 0
    ):
        # Off by default on purpose (a forged header must not escape the limits); say what it
        # costs behind a proxy, where every client then shares the proxy's address.
        warnings.append(
            Warning(
                "未信任 X-Forwarded-For（TRUSTED_PROXIES=0）：在反向代理之后，检索限流和登录锁定"
                "把所有访问者当作代理的同一地址计数。",
                hint="代理会改写 X-Forwarded-For 时设置 TRUSTED_PROXIES 为代理层数（通常为 1）；"
                "没有代理时设置 BEHIND_TLS_PROXY=false。",
                id="gxnb_portal.W004",
            )
        )
    return warnings
