"""Settings, driven by the environment; with nothing set you get the embedded setup.

Embedded (nothing set): SQLite in ``var/db.sqlite3``, uploads in ``var/media/``, Celery tasks run
in-process, the SQLite search backend, ``DEBUG`` on and a development key.

Production sets at least ``SECRET_KEY`` (which turns ``DEBUG`` off by default and switches on the
HTTPS/HSTS settings), ``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL via psycopg 3),
``CELERY_BROKER_URL`` (Redis) and ``OPENSEARCH_URL``. Every variable is listed in
``docs/deployment.md``. A malformed value stops start-up with a message naming the variable
(see :mod:`gxnb_portal.env`).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from gxnb_portal.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# ---- core --------------------------------------------------------------------------------------

_SECRET_KEY = env_str("SECRET_KEY")
# Setting a real key is what marks a deployment; without one we are a developer's machine.
DEBUG = env_bool("DEBUG", default=not _SECRET_KEY)
if not _SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "环境变量 SECRET_KEY 未设置：DEBUG 关闭时必须提供 / SECRET_KEY must be set when DEBUG is off"
    )
SECRET_KEY = _SECRET_KEY or "django-insecure-dev-only-key-never-use-in-production-7f3c9a"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "环境变量 ALLOWED_HOSTS 未设置：DEBUG 关闭时必须列出站点域名 / ALLOWED_HOSTS must be set"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold",  # admin theme: must precede django.contrib.admin
    "unfold.contrib.filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "gxnb_portal.apps.AxesConfig",  # django-axes, named in Chinese
    "gxnb_portal.apps.ProjectConfig",  # the wiring: system checks
    "reports.apps.ReportsConfig",  # the domain app (app label gxnb_portal, kept for the database)
    "audit",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns lock-outs raised by the auth backend into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out brute-forcing (admin is on the public internet).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Grants model permissions from the staff role (录入员 / 审核员 / 管理员).
    "reports.permissions.RoleBackend",
]

ROOT_URLCONF = "gxnb_portal.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "gxnb_portal.wsgi.application"

# ---- database ----------------------------------------------------------------------------------

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"},
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its directory.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Several processes (web, in-process tasks, management commands) write the same file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, min_value=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---- language, time ----------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Our catalogs first: the Chinese of the unfold admin theme, which ships no translations.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# ---- files -------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [p for p in [BASE_DIR / "static"] if p.is_dir()]
if DEBUG:
    # WhiteNoise serves from finders in development but warns when STATIC_ROOT is missing.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Originals are served only through the scoped download view, never from MEDIA_URL.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic` (the Docker build runs it); development serves as is.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_MB", 50, min_value=1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Larger uploads stream to a file here, not the system's temporary directory: named after the
# writing process, and swept on start-up when that process is gone (gxnb_portal/tempfiles.py).
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "tmp" / "uploads")
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "gxnb_portal.tempfiles.ProjectTemporaryFileUploadHandler",
]

# ---- security (production) ---------------------------------------------------------------------

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, min_value=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    # The TLS-terminating proxy (see docs/deployment.md) tells us the original scheme.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The container health check calls plain HTTP from inside; it must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^api/health$"]

AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, min_value=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful login clears that username's failures only (``LoginLockoutHandler``): axes' own
# reset also cleared the address's, so one valid account let an address guess without limit.
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "gxnb_portal.lockout.LoginLockoutHandler"

# ---- tasks (Celery) ----------------------------------------------------------------------------

CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", "", schemes=("redis", "rediss", "amqp", "amqps", "memory")
)
# No broker: run tasks inside the calling process (embedded setup, tests).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # parsing a PDF is slow; do not hoard messages
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, min_value=10)
CELERY_TIMEZONE = TIME_ZONE
# Backoff of the pipeline's tasks: base · 2^retry seconds (± 25 % jitter), at most the maximum.
PIPELINE_RETRY_BASE_SECONDS = env_int("PIPELINE_RETRY_BASE_SECONDS", 5, min_value=1)
PIPELINE_RETRY_MAX_SECONDS = env_int("PIPELINE_RETRY_MAX_SECONDS", 300, min_value=1)
PIPELINE_MAX_RETRIES = env_int("PIPELINE_MAX_RETRIES", 8, min_value=0)
# Embedded setup (no broker): the web process re-processes uploads a killed server left 已上传,
# at start-up and then every so many seconds (reports/recovery.py); 0 turns it off.
PIPELINE_EMBEDDED_SWEEP_SECONDS = env_int("PIPELINE_EMBEDDED_SWEEP_SECONDS", 300, min_value=0)
CELERY_BEAT_SCHEDULE = {
    "requeue-stuck-versions": {
        "task": "gxnb_portal.requeue_stuck_versions",
        "schedule": 600.0,
    },
    "reparse-outdated-versions": {
        "task": "gxnb_portal.reparse_outdated_versions",
        "schedule": 3600.0,
    },
    # The audit and search apps' own periodic jobs (tasks in audit/tasks.py, search/tasks.py).
    "reaudit-outdated-versions": {
        "task": "audit.reaudit_outdated_versions",
        "schedule": 3600.0,
    },
    "search-retry-pending": {
        "task": "search.retry_pending",
        "schedule": 300.0,
    },
}

# ---- search ------------------------------------------------------------------------------------

OPENSEARCH_URL = env_url("OPENSEARCH_URL", "", schemes=("http", "https"))
if OPENSEARCH_URL:
    SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URL": OPENSEARCH_URL,
            "INDEX": env_str("OPENSEARCH_INDEX", "gxnb-reports"),
        }
    }
else:
    SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.sqlite",
            "PATH": VAR_DIR / "search.sqlite3",
        }
    }

# ---- logging -----------------------------------------------------------------------------------

LOG_LEVEL = env_choice(
    "LOG_LEVEL", "INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "gxnb_portal": {"level": LOG_LEVEL},
        "audit": {"level": LOG_LEVEL},
        "search": {"level": LOG_LEVEL},
    },
}

# ---- admin theme -------------------------------------------------------------------------------

UNFOLD = {
    "SITE_TITLE": "公开年报 · 管理",
    "SITE_HEADER": "政府信息公开工作年度报告",
    "SITE_SUBHEADER": "录入 · 审核 · 检索",
    "SITE_URL": "/",
    "SHOW_VIEW_ON_SITE": True,
    # The other staff area and the public site, from the site name at the top of the sidebar.
    "SITE_DROPDOWN": [
        {"title": "审核工作台", "icon": "fact_check", "link": "/audit/"},
        {"title": "公开检索", "icon": "search", "link": "/"},
    ],
}

# Staff whose password is never set cannot log in; demo users are created by `load_demo`.
LOGIN_URL = "admin:login"
# unfold's login form carries no ``next``: a login straight at /admin/login/ lands on the admin.
LOGIN_REDIRECT_URL = "admin:index"

# ---- security ----------------------------------------------------------------------------
# CSP and the public search rate limit (gxnb_portal/security.py); see docs/security.md.

# ninja renders /api/docs from its bundled static files when installed as an app — otherwise it
# loads Swagger UI from a CDN with an inline <script>, which the CSP below forbids.
if "ninja" not in INSTALLED_APPS:
    INSTALLED_APPS.append("ninja")
# Headers first (they decorate every response, including a 429); the limiter answers before
# sessions or the database are touched.
_after = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after:_after] = [
    "gxnb_portal.security.SecurityHeadersMiddleware",
    "gxnb_portal.security.SearchRateLimitMiddleware",
    "gxnb_portal.security.ApiProblemMiddleware",
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Requests per client per window on /search/ and /api/search; 0 switches the limit off.
SEARCH_RATE_LIMIT = env_int("SEARCH_RATE_LIMIT", 120, min_value=0)
SEARCH_RATE_WINDOW = env_int("SEARCH_RATE_WINDOW", 60, min_value=1)
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (0: use REMOTE_ADDR).
# Only an explicit number turns the header on — never DEBUG or BEHIND_TLS_PROXY: trusted without
# a proxy that rewrites it, a forged header escapes the rate limit and the login lock-out.
# ``SEARCH_RATE_LIMIT_PROXIES`` is the older name of the same variable.
TRUSTED_PROXIES = env_int(
    "TRUSTED_PROXIES", env_int("SEARCH_RATE_LIMIT_PROXIES", 0, min_value=0), min_value=0
)
SEARCH_RATE_LIMIT_PROXIES = TRUSTED_PROXIES
# With several gunicorn workers the counter must be shared for the limit to be global.
_CACHE_URL = env_url("CACHE_URL", "", schemes=("redis", "rediss"))
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "gxnb_portal.cache.RedisCache",  # Django's, one client per pool
            "LOCATION": _CACHE_URL,
        }
    }
# Search results reused until the index changes (search/result_cache.py); on by default only
# with a cache every process shares, which is where a write tells the others. 0: off.
SEARCH_RESULT_CACHE_SECONDS = env_int(
    "SEARCH_RESULT_CACHE_SECONDS", 300 if _CACHE_URL else 0, min_value=0
)
# django-axes: the lock-out page in Chinese, and the client's address read the same way as the
# search limiter does — behind the TLS proxy REMOTE_ADDR is the proxy, so without this one
# attacker's failures would lock every user out.
AXES_LOCKOUT_TEMPLATE = "429_login.html"
AXES_CLIENT_IP_CALLABLE = "gxnb_portal.security.client_address"

# ---- work limits per file ------------------------------------------------------------
# Extraction and parsing run in a child process (reports/isolation.py) with these limits, in
# every mode: a file over them is refused with its reason (解析失败), nothing is stored.
PARSE_ISOLATION = env_bool("PARSE_ISOLATION", True)
PARSE_CPU_SECONDS = env_int("PARSE_CPU_SECONDS", 120, min_value=1)
PARSE_MEMORY_MB = env_int("PARSE_MEMORY_MB", 3072, min_value=0)  # 0: no memory limit
# Wall clock in the parent (a starved or blocked child); 0: max(3 × CPU, CPU + 60 s).
PARSE_WALL_SECONDS = env_int("PARSE_WALL_SECONDS", 0, min_value=0)
# Celery: the soft limit is raised inside the task (the parse child is stopped and the file
# refused); the hard limit (CELERY_TASK_TIME_LIMIT) kills the worker process as a last resort.
CELERY_TASK_SOFT_TIME_LIMIT = env_int(
    "CELERY_TASK_SOFT_TIME_LIMIT", max(CELERY_TASK_TIME_LIMIT - 60, 5), min_value=5
)
