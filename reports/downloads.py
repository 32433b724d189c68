"""A report's original file as a download: the one safe way every page sends it.

The original is whatever a clerk uploaded (an HTML page may carry scripts), so it is always sent
as an attachment, never rendered: active content types are sent as octet-stream, the response is
sandboxed by its own CSP and not sniffed. The staff admin and the public report page both use
this; each decides first who may have which version.
"""

from __future__ import annotations

from django.http import FileResponse

from reports.models import ReportVersion

# Content types a browser would render; originals are always sent as downloads.
ACTIVE_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml")


def original_response(version: ReportVersion) -> FileResponse:
    content_type = version.content_type or "application/octet-stream"
    if content_type in ACTIVE_CONTENT_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(
        version.original.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=content_type,
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
