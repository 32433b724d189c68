"""Fixtures shared by the whole suite: a region tree and a cast of staff users.

The region tree (fictional names and codes)::

    region A  云州市 450900   city_gov      云州市人民政府            (gov)
                              city_dept     云州市教育局              (dept)
              东城区 450902   district_gov  云州市东城区人民政府      (gov, parent city_gov)
                              agency_a      云州市东城区财政局        (dept, parent district_gov)
    region B  青川市 451000   agency_b      青川市生态环境局          (dept, parent other_city_gov)
                              other_city_gov 青川市人民政府           (gov)

The cast (all ``is_staff``; log in with ``client.force_login(user)``):

- ``admin_user``          — superuser (管理员): sees everything.
- ``clerk``               — 录入员 for ``agency_a`` only.
- ``other_agency_clerk``  — 录入员 for ``agency_b`` only.
- ``auditor``             — 审核员 of region A (450900): the city, 东城区 and ``agency_a``.
- ``other_auditor``       — 审核员 of region B (451000).
- ``make_staff(role, agencies=(), region_code="")`` — build more.
- ``staff_password`` — the password of every user above (for tests of the login form).

Helpers:

- ``upload(agency, year, text_or_bytes, filename=…)`` — ``services.report_upload`` with the
  ``on_commit`` processing actually executed, returns the refreshed ``ReportVersion``.

Autouse for every test: uploads go to a temporary ``MEDIA_ROOT`` (never ``var/``), the embedded
search index to a temporary file, passwords use a fast hasher, and django-axes is off so ``client.login()`` works (axes needs
a request; its own test turns it back on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def staff_password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("portal")
    settings.MEDIA_ROOT = base / "media"
    backends = {name: dict(conf) for name, conf in settings.SEARCH_BACKENDS.items()}
    if backends.get("default", {}).get("BACKEND") == "search.backends.sqlite":
        backends["default"]["PATH"] = base / "search.sqlite3"
    settings.SEARCH_BACKENDS = backends
    settings.AXES_ENABLED = False
    settings.SEARCH_RATE_LIMIT = 0  # the limiter's counters outlive a test; its own tests set it
    # PBKDF2's million rounds cost ~0.3 s per user created; tests do not need slow hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region_tree(db: None) -> dict[str, Any]:
    from reports.models import Agency

    gov, dept = Agency.Level.GOV, Agency.Level.DEPT
    city_gov = Agency.objects.create(
        name="云州市人民政府", region_name="云州市", region_code="450900", level=gov
    )
    city_dept = Agency.objects.create(
        name="云州市教育局",
        region_name="云州市",
        region_code="450900",
        level=dept,
        parent=city_gov,
    )
    district_gov = Agency.objects.create(
        name="云州市东城区人民政府",
        region_name="东城区",
        region_code="450902",
        level=gov,
        parent=city_gov,
    )
    agency_a = Agency.objects.create(
        name="云州市东城区财政局",
        region_name="东城区",
        region_code="450902",
        level=dept,
        parent=district_gov,
    )
    other_city_gov = Agency.objects.create(
        name="青川市人民政府", region_name="青川市", region_code="451000", level=gov
    )
    agency_b = Agency.objects.create(
        name="青川市生态环境局",
        region_name="青川市",
        region_code="451000",
        level=dept,
        parent=other_city_gov,
    )
    return {
        "city_gov": city_gov,
        "city_dept": city_dept,
        "district_gov": district_gov,
        "agency_a": agency_a,
        "other_city_gov": other_city_gov,
        "agency_b": agency_b,
    }


@pytest.fixture
def agency_a(region_tree: dict[str, Any]) -> Any:
    return region_tree["agency_a"]


@pytest.fixture
def agency_b(region_tree: dict[str, Any]) -> Any:
    return region_tree["agency_b"]


@pytest.fixture
def make_staff(db: None) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model

    from reports.models import StaffProfile

    def make(
        username: str,
        role: str,
        *,
        agencies: Iterable[Any] = (),
        region_code: str = "",
        region_name: str = "",
    ) -> Any:
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, is_staff=True
        )
        profile = StaffProfile.objects.create(
            user=user, role=role, region_code=region_code, region_name=region_name
        )
        profile.agencies.set(list(agencies))
        return user

    return make


@pytest.fixture
def admin_user(db: None) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username="admin", password=PASSWORD, email="admin@example.invalid"
    )


@pytest.fixture
def clerk(make_staff: Callable[..., Any], agency_a: Any) -> Any:
    return make_staff("clerk_a", "clerk", agencies=[agency_a])


@pytest.fixture
def other_agency_clerk(make_staff: Callable[..., Any], agency_b: Any) -> Any:
    return make_staff("clerk_b", "clerk", agencies=[agency_b])


@pytest.fixture
def auditor(make_staff: Callable[..., Any], region_tree: dict[str, Any]) -> Any:
    return make_staff("auditor_a", "auditor", region_code="450900", region_name="云州市")


@pytest.fixture
def other_auditor(make_staff: Callable[..., Any], region_tree: dict[str, Any]) -> Any:
    return make_staff("auditor_b", "auditor", region_code="451000", region_name="青川市")


@pytest.fixture
def upload(db: None, django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    from reports import services

    def do_upload(
        agency: Any,
        year: int,
        content: str | bytes,
        *,
        filename: str = "report.txt",
        user: Any = None,
        **metadata: Any,
    ) -> Any:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with django_capture_on_commit_callbacks(execute=True):
            version = services.report_upload(
                agency=agency,
                year=year,
                file_bytes=data,
                filename=filename,
                user=user,
                **metadata,
            )
        version.refresh_from_db()
        return version

    return do_upload
