"""import_reports: manifests, text-derived metadata, the five seeds; load_demo."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reader.textnorm import to_simplified
from reports.management.commands.import_reports import placeholder_name
from reports.models import Agency, Report, ReportVersion
from tests.shared import expected, requires_shared, seed_paths

pytestmark = pytest.mark.django_db

REPORT = "{name}{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，{name}认真贯彻条例。\n"


def write_manifest(tmp_path, rows):
    path = tmp_path / "manifest.csv"
    columns = ["path", "agency", "region", "region_code", "parent", "level", "year"]
    columns += ["published", "source_url"]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            (tmp_path / row["path"]).write_text(
                REPORT.format(name=row["agency"], year=row["year"]), encoding="utf-8"
            )
            writer.writerow(row)
    return path


@pytest.fixture
def manifest(tmp_path):
    return write_manifest(
        tmp_path,
        [
            {
                "path": "dept.txt",
                "agency": "望海市财政局",
                "region": "望海市",
                "region_code": "330900",
                "parent": "望海市人民政府",
                "level": "dept",
                "year": "2023",
                "published": "2024-01-20",
                "source_url": "https://czj.example.gov.cn/nb/2023.html",
            },
            {
                "path": "gov.txt",
                "agency": "望海市人民政府",
                "region": "望海市",
                "region_code": "330900",
                "parent": "",
                "level": "gov",
                "year": "2023",
                "published": "",
                "source_url": "",
            },
        ],
    )


def test_manifest_import_creates_agencies_tree_and_reports(manifest):
    call_command("import_reports", manifest=str(manifest))

    dept = Agency.objects.get(name="望海市财政局")
    gov = Agency.objects.get(name="望海市人民政府")
    assert (dept.level, dept.region_code, dept.region_name) == ("dept", "330900", "望海市")
    assert gov.level == "gov"
    assert dept.parent == gov  # the parent row came after the child
    report = Report.objects.get(agency=dept, year=2023)
    assert report.published == dt.date(2024, 1, 20)
    assert report.source_url == "https://czj.example.gov.cn/nb/2023.html"
    assert report.current_version.read_original().decode().startswith("望海市财政局2023年")


def test_reimporting_a_manifest_adds_nothing(manifest):
    call_command("import_reports", manifest=str(manifest))
    call_command("import_reports", manifest=str(manifest))
    assert ReportVersion.objects.count() == 2
    assert Agency.objects.count() == 2


def test_manifest_without_required_columns_is_rejected(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("file,name\nx.txt,某局\n", encoding="utf-8")
    with pytest.raises(CommandError, match="清单缺少列"):
        call_command("import_reports", manifest=str(bad))


def test_missing_path_is_an_error():
    with pytest.raises(CommandError, match="找不到"):
        call_command("import_reports", "/nonexistent/report.txt")


@pytest.mark.parametrize(
    ("name", "level", "expected_name"),
    [
        ("bet365亚洲官网 办公室", "dept", "（名称待核实）办公室（001）"),
        ("bet365亚洲官网区人民政府办公室", "dept", "（名称待核实）区人民政府办公室（001）"),
        (None, "gov", "（名称待核实）人民政府（001）"),
        (None, None, "（名称待核实）机关（001）"),
    ],
)
def test_placeholder_name_keeps_only_the_agency_kind(name, level, expected_name):
    assert placeholder_name(name, level, "001") == expected_name


SEED_PLACES = {
    "000_855a33d65c0ebe31.txt": "平谷",
    "002_da4cd97813954aae.txt": "丰台",
    "003_fc9aab34a1e880b5.txt": "硚口",
    "004_806d6c890c9d0d8d.txt": "北碚",
}


@requires_shared
def test_importing_the_seeds_gives_five_reports_with_agency_year_and_level(
    django_capture_on_commit_callbacks,
):
    # Processing runs after each upload commits; inside a test transaction, run it explicitly.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_reports", *[str(p) for p in seed_paths()])

    golden = expected()
    assert Report.objects.count() == 5
    for path in seed_paths():
        version = ReportVersion.objects.get(filename=path.name)
        report = version.report
        assert report.year == golden[path.name]["year"], path.name
        assert report.agency.level == golden[path.name]["level"], path.name
        if path.name in SEED_PLACES:
            assert SEED_PLACES[path.name] in to_simplified(report.agency.name), report.agency.name
        else:  # 001: the name was replaced by a gambling brand on the copying site
            assert report.agency.name.startswith("（名称待核实）")
            assert "bet365" not in report.agency.name
        assert version.status != ReportVersion.Status.FAILED, version.error
        assert version.record["year"] == golden[path.name]["year"]


@requires_shared
def test_seed_record_is_stored_as_json_with_its_text(upload, agency_a):
    path = next(p for p in seed_paths() if p.name.startswith("002"))
    version = upload(agency_a, 2023, path.read_bytes(), filename=path.name)
    assert version.status in {"parsed", "audited", "indexed"}, version.error
    assert version.parser_version
    assert "丰台" in version.extracted_text
    assert json.loads(json.dumps(version.record))["sections"]["s1"]["present"] is True


def test_load_demo_creates_staff_and_imports_the_demo_region(tmp_path, settings):
    settings.DEBUG = True
    call_command("load_demo", "--out", str(tmp_path / "demo"), "--no-seeds")
    assert Report.objects.count() >= 30
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="luru").staff_profile.agencies.count() == 1
    assert users.get(username="shenhe").staff_profile.region_code
    # Running it again changes nothing.
    versions = ReportVersion.objects.count()
    call_command("load_demo", "--out", str(tmp_path / "demo"), "--no-seeds")
    assert ReportVersion.objects.count() == versions


def test_a_second_load_demo_keeps_the_demo_scopes_even_with_new_agencies(tmp_path, settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    call_command("load_demo", "--out", str(tmp_path / "demo"), "--no-seeds")
    users = get_user_model().objects
    shenhe, luru = users.get(username="shenhe"), users.get(username="luru")
    scope = (shenhe.staff_profile.region_code, list(luru.staff_profile.agencies.all()))
    assert scope == ("459900", [Agency.objects.get(name="望川市人力资源和社会保障局")])
    # Agencies created in between (earlier in any ordering) must not take the demo scopes.
    Agency.objects.create(name="一号测试局", level=Agency.Level.DEPT, region_code="110101")
    Agency.objects.create(name="一号测试市人民政府", level=Agency.Level.GOV, region_code="110100")
    call_command("load_demo", "--out", str(tmp_path / "demo"), "--no-seeds")
    shenhe.staff_profile.refresh_from_db()
    assert (shenhe.staff_profile.region_code, list(luru.staff_profile.agencies.all())) == scope


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="开发环境"):
        call_command("load_demo", "--no-seeds")


def _count_parses(monkeypatch, settings):
    """Count the parser's runs (the real parser still runs, in this process so it is counted)."""
    import reader.parse as parse_module

    settings.PARSE_ISOLATION = False

    calls: list[str] = []
    real = parse_module.read_report

    def counting(data, filename, **kw):
        calls.append(filename)
        return real(data, filename, **kw)

    monkeypatch.setattr(parse_module, "read_report", counting)
    return calls


def test_a_file_imported_without_manifest_is_parsed_once(
    tmp_path, monkeypatch, settings, django_capture_on_commit_callbacks
):
    path = tmp_path / "report.txt"
    path.write_text(REPORT.format(name="望海市人民政府", year=2023), encoding="utf-8")
    calls = _count_parses(monkeypatch, settings)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_reports", str(path))

    assert calls == ["report.txt"]
    version = ReportVersion.objects.get(filename="report.txt")
    assert version.report.agency.name == "望海市人民政府"
    assert version.report.year == 2023
    assert version.status == ReportVersion.Status.INDEXED
    assert version.record["agency"] == "望海市人民政府"
    # The same file again: nothing new, nothing processed again.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_reports", str(path))
    assert ReportVersion.objects.count() == 1
    assert calls == ["report.txt", "report.txt"]


def test_a_file_filed_under_a_placeholder_is_parsed_again_with_that_name(
    tmp_path, monkeypatch, settings, django_capture_on_commit_callbacks
):
    # No agency in the text: the report is filed under a placeholder, and its record says so.
    path = tmp_path / "nameless.txt"
    path.write_text(
        "2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n", encoding="utf-8"
    )
    calls = _count_parses(monkeypatch, settings)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_reports", str(path))

    version = ReportVersion.objects.get(filename="nameless.txt")
    assert version.report.agency.name.startswith("（名称待核实）")
    assert calls == ["nameless.txt", "nameless.txt"]
    assert version.record["agency"] == version.report.agency.name
