"""selectors: the single source of who sees which agencies and reports."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from reports.models import region_prefix
from reports.selectors import agencies_visible_to, reports_visible_to, versions_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(upload, region_tree):
    return {
        key: upload(region_tree[key], 2023, f"{region_tree[key].name}2023年年度报告\n").report
        for key in ("city_gov", "city_dept", "district_gov", "agency_a", "agency_b")
    }


def test_clerk_sees_only_their_agency(clerk, reports, region_tree):
    assert list(agencies_visible_to(clerk)) == [region_tree["agency_a"]]
    assert list(reports_visible_to(clerk)) == [reports["agency_a"]]
    assert {v.report_id for v in versions_visible_to(clerk)} == {reports["agency_a"].pk}


def test_auditor_sees_their_regions_subtree_only(auditor, reports):
    visible = set(reports_visible_to(auditor))
    assert visible == {
        reports["city_gov"],
        reports["city_dept"],
        reports["district_gov"],
        reports["agency_a"],
    }
    assert reports["agency_b"] not in visible


def test_other_auditor_does_not_see_region_a(other_auditor, reports):
    assert set(reports_visible_to(other_auditor)) == {reports["agency_b"]}


def test_admin_sees_everything(admin_user, reports):
    assert reports_visible_to(admin_user).count() == len(reports)


def test_users_without_a_role_see_nothing(django_user_model, reports):
    plain_staff = django_user_model.objects.create_user("plain", is_staff=True)
    for user in (AnonymousUser(), plain_staff):
        assert not reports_visible_to(user).exists()
        assert not agencies_visible_to(user).exists()


def test_inactive_clerk_sees_nothing(clerk, reports):
    clerk.is_active = False
    clerk.save()
    assert not reports_visible_to(clerk).exists()


def test_clerk_with_two_agencies_sees_both_without_duplicates(make_staff, reports, region_tree):
    user = make_staff("two", "clerk", agencies=[region_tree["agency_a"], region_tree["agency_b"]])
    assert sorted(r.pk for r in reports_visible_to(user)) == sorted(
        [reports["agency_a"].pk, reports["agency_b"].pk]
    )


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("450900", "4509"),
        ("110000", "11"),
        ("110100", "1101"),
        ("450902", "450902"),
        ("450902001000", "450902001"),
        ("", ""),
    ],
)
def test_region_prefix(code, prefix):
    assert region_prefix(code) == prefix


def test_roles_grant_permissions(clerk, auditor, admin_user):
    assert clerk.has_perm("gxnb_portal.change_report")
    assert not clerk.has_perm("gxnb_portal.change_agency")
    assert not auditor.has_perm("gxnb_portal.change_report")
    assert auditor.has_perm("gxnb_portal.view_report")
    assert admin_user.has_perm("gxnb_portal.change_agency")


def test_an_auditor_without_a_region_is_refused_with_a_message(django_user_model):
    from django.core.exceptions import ValidationError

    from reports.models import StaffProfile

    user = django_user_model.objects.create_user("no_region", is_staff=True)
    profile = StaffProfile(user=user, role="auditor")
    with pytest.raises(ValidationError, match="审核员必须填写监督区域代码"):
        profile.full_clean()
