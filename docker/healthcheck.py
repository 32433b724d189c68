"""Container health check: GET /api/health as the site's own host name (ALLOWED_HOSTS)."""

from __future__ import annotations

import os
import sys
import urllib.request

host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
if host in ("", "*"):
    host = "localhost"
request = urllib.request.Request(
    "http://127.0.0.1:8000/api/health",
    # As the TLS proxy would send it, so SECURE_SSL_REDIRECT does not answer with a redirect.
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # any failure is "unhealthy"
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
