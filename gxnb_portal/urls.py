"""URLs: staff admin at /admin/, the JSON API at /api/ (docs at /api/docs), the audit workspace
at /audit/, public pages (search, report pages, statistics) at /."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from gxnb_portal.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("audit/", include("audit.urls")),
    path("", include("search.urls")),
]
