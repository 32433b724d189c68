"""URLs: staff admin at /admin/, the JSON API at /api/ (docs at /api/docs), public pages at /."""

from __future__ import annotations

import importlib.util

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from gxnb_portal.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("audit/", include("audit.urls")),
]

# The public pages (search, report pages) belong to the search app; mounted once it has them.
if importlib.util.find_spec("search.urls") is not None:
    urlpatterns.append(path("", include("search.urls")))
else:
    urlpatterns.append(path("", RedirectView.as_view(url="/admin/", permanent=False)))
