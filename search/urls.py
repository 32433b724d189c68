"""Public pages (mounted at ``/`` by gxnb_portal.urls)."""

from __future__ import annotations

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.results, name="results"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/original/", views.original, name="original"),
    path("stats/", views.stats, name="stats"),
]
