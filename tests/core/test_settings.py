"""Settings from the environment: typed helpers, fail-fast start-up, a clean check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from gxnb_portal.env import env_bool, env_database, env_int, env_list, env_url

REPO = Path(__file__).resolve().parents[2]


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``manage.py ARGS`` in a fresh process with exactly the portal variables given."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    base["DJANGO_SETTINGS_MODULE"] = "gxnb_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "SECRET_KEY": "k3y-" + "x7Qp9Lm2Vz4Rt8Wn6Bc1Hs5Jd3Fg0Ky" * 2,
    "ALLOWED_HOSTS": "nianbao.example.gov.cn",
    "DATABASE_URL": "postgres://gxnb:secret@db.internal:5432/gxnb",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "CACHE_URL": "redis://redis.internal:6379/1",
    "TRUSTED_PROXIES": "1",  # behind one TLS proxy (BEHIND_TLS_PROXY follows DEBUG off)
}


@pytest.fixture(scope="module")
def opensearch_url():
    """A real OpenSearch-API server: the cluster at OPENSEARCH_URL, else an osmem-server."""
    if os.environ.get("OPENSEARCH_URL"):
        yield os.environ["OPENSEARCH_URL"]
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    try:
        yield server.url
    finally:
        server.close()


@pytest.mark.parametrize(
    ("raw", "value"),
    [("true", True), ("False", False), ("1", True), ("off", False), ("", True), (None, True)],
)
def test_env_bool_reads_true_and_false(raw, value):
    environ = {} if raw is None else {"FLAG": raw}
    assert env_bool("FLAG", True, environ=environ) is value


def test_env_bool_rejects_anything_else_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False, environ={"DEBUG": "ture"})


def test_env_int_checks_type_and_range():
    assert env_int("N", 5, environ={"N": "7"}) == 7
    with pytest.raises(ImproperlyConfigured, match="N"):
        env_int("N", 5, environ={"N": "seven"})
    with pytest.raises(ImproperlyConfigured, match="不小于 1"):
        env_int("N", 5, min_value=1, environ={"N": "0"})


def test_env_list_splits_on_commas():
    assert env_list("HOSTS", environ={"HOSTS": "a.gov.cn, b.gov.cn,,"}) == ["a.gov.cn", "b.gov.cn"]


def test_env_url_requires_a_known_scheme():
    assert env_url("U", schemes=("redis",), environ={"U": "redis://r:6379/0"})
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env_url("CELERY_BROKER_URL", schemes=("redis",), environ={"CELERY_BROKER_URL": "r:6379"})


def test_database_url_gives_postgres_settings():
    db = env_database("DATABASE_URL", {}, environ={"DATABASE_URL": PRODUCTION["DATABASE_URL"]})
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"], db["USER"]) == ("gxnb", "db.internal", 5432, "gxnb")


def test_database_url_with_unknown_scheme_is_rejected():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", {}, environ={"DATABASE_URL": "mysql://x/y"})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "not a url"),
        ("CELERY_BROKER_URL", "localhost:6379"),
        ("OPENSEARCH_URL", "opensearch:9200"),
        ("UPLOAD_MAX_MB", "lots"),
    ],
)
def test_bad_env_value_fails_at_start_up_naming_the_variable(tmp_path, name, value):
    result = run_django({"VAR_DIR": str(tmp_path), name: value}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = run_django({"VAR_DIR": str(tmp_path), "DEBUG": "false"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path, opensearch_url):
    # The search app's deploy check talks to the cluster, so it must be a real one.
    env = {**PRODUCTION, "OPENSEARCH_URL": opensearch_url, "VAR_DIR": str(tmp_path)}
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_the_embedded_search_in_production(tmp_path):
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path)}
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_about_embedded_services_in_production(tmp_path):
    env = {
        "SECRET_KEY": PRODUCTION["SECRET_KEY"],
        "ALLOWED_HOSTS": "x.gov.cn",
        "VAR_DIR": str(tmp_path),
    }
    result = run_django(env, "check", "--deploy")
    assert "gxnb_portal.W001" in result.stderr + result.stdout
    assert "gxnb_portal.W002" in result.stderr + result.stdout
    assert "gxnb_portal.W003" in result.stderr + result.stdout


def test_check_deploy_warns_when_the_search_rate_limit_is_counted_per_process(tmp_path):
    without_cache = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}
    result = run_django({**without_cache, "VAR_DIR": str(tmp_path)}, "check", "--deploy")
    out = result.stderr + result.stdout
    assert "gxnb_portal.W003" in out
    assert "gxnb_portal.W001" not in out and "gxnb_portal.W002" not in out
    # No limit, nothing to share.
    env = {**without_cache, "VAR_DIR": str(tmp_path), "SEARCH_RATE_LIMIT": "0"}
    result = run_django(env, "check", "--deploy")
    assert "gxnb_portal.W003" not in result.stderr + result.stdout


def test_search_results_are_reused_only_with_a_shared_cache(tmp_path):
    show = "from django.conf import settings; print(settings.SEARCH_RESULT_CACHE_SECONDS)"
    shared = run_django({**PRODUCTION, "VAR_DIR": str(tmp_path)}, "shell", "-c", show)
    assert shared.stdout.split()[-1:] == ["300"], shared.stderr
    without_cache = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}
    local = run_django({**without_cache, "VAR_DIR": str(tmp_path)}, "shell", "-c", show)
    assert local.stdout.split()[-1:] == ["0"], local.stderr


def test_embedded_defaults(settings):
    # The suite runs with nothing set but (in CI's second pass) DATABASE_URL.
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.SEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.sqlite"
    # Per-process cache: no process could tell the others the index changed.
    assert settings.SEARCH_RESULT_CACHE_SECONDS == 0
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_every_beat_job_names_a_registered_task():
    from gxnb_portal.celery import app

    app.loader.import_default_modules()
    from django.conf import settings

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
