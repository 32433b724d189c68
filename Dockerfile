# syntax=docker/dockerfile:1.7
# 公开年报 portal — production image (web, worker and beat all run this image).
#   docker build -t gxnb-portal .
# See docs/deployment.md.

ARG PYTHON_VERSION=3.11

# ---- build: wheels into a virtualenv ------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements/ /tmp/requirements/
RUN pip install -r /tmp/requirements/prod.txt

# ---- runtime ------------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=gxnb_portal.settings \
    VAR_DIR=/var/lib/gxnb \
    MEDIA_ROOT=/var/lib/gxnb/media \
    STATIC_ROOT=/opt/app/staticfiles \
    WEB_CONCURRENCY=3

# libpq for psycopg is bundled in psycopg[binary]; fonts for CJK are not needed server-side.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /opt/app --shell /usr/sbin/nologin app \
 && mkdir -p /var/lib/gxnb/media /opt/app \
 && chown -R app:app /var/lib/gxnb

COPY --from=build /opt/venv /opt/venv
WORKDIR /opt/app
COPY --chown=app:app . /opt/app

# Static files are collected (hashed, compressed) at build time; WhiteNoise serves them.
# A throwaway key: settings refuse to start with DEBUG off and no SECRET_KEY.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 0 \
 && python -m compileall -q gxnb_portal audit search

USER app
EXPOSE 8000
VOLUME ["/var/lib/gxnb"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "/opt/app/docker/healthcheck.py"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec gunicorn gxnb_portal.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY} --timeout 120 --access-logfile - --forwarded-allow-ips='*'"]
