"""URLs: staff admin at /admin/, the JSON API at /api/ (docs at /api/docs), the audit workspace
at /audit/, public pages at /. An app's pages are mounted once the app provides ``urls.py``."""

from __future__ import annotations

import importlib.util

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from gxnb_portal.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# The supervising office's workspace (review queue, dashboard) belongs to the audit app.
if importlib.util.find_spec("audit.urls") is not None:
    urlpatterns.append(path("audit/", include("audit.urls")))

# The public pages (search, report pages, statistics) belong to the search app.
if importlib.util.find_spec("search.urls") is not None:
    urlpatterns.append(path("", include("search.urls")))
else:
    urlpatterns.append(path("", RedirectView.as_view(url="/admin/", permanent=False)))
