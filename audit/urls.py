"""The supervising office's workspace, mounted at ``/audit/`` (namespace ``audit``)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("export.<str:kind>", views.export, name="export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/<int:pk>/", views.report, name="report"),
    path(
        "reports/<int:pk>/<str:action>/",
        views.report_action,
        name="report_action",
    ),
    path(
        "findings/<int:pk>/<str:action>/",
        views.finding_action,
        name="finding_action",
    ),
]
