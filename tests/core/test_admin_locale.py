"""The staff admin is in Simplified Chinese, the unfold theme's own strings included.

django-unfold ships no translations, so without ``locale/zh_Hans/LC_MESSAGES/django.po`` (found
through ``LOCALE_PATHS``, ahead of Django's own catalogs) its filters, navigation, search box,
action bar and login page stay in English. These tests read the strings unfold actually uses
from the installed package — so an upgrade that adds strings fails here until they are
translated — check that the committed ``django.mo`` is the compiled ``.po`` (a fresh clone may
have no gettext to compile it), and render real admin pages looking for leftover English.
django-axes (its lock-out models are in the superuser's admin) has no zh_Hans either and is
covered the same way.
"""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import re
import struct
import warnings
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import axes
import pytest
import unfold
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

CATALOG_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "django.po"
MO_FILE = CATALOG_DIR / "django.mo"

# (context, msgid, msgid_plural); context and plural are None when absent.
Key = tuple[str | None, str, str | None]

# ---- the strings a package uses, read the way `makemessages` reads them ------------------------

# What `templatize` writes for {% translate %}, {% blocktranslate %} (count / context / trimmed
# already applied) and _("…") in filter arguments: gettext-style calls on Python literals.
_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_TEMPLATE_CALL = re.compile(
    rf"(?<![\w.])(npgettext|ngettext|pgettext|gettext|_)\(\s*({_LITERAL})"
    rf"(?:\s*,\s*({_LITERAL}))?(?:\s*,\s*({_LITERAL}))?"
)
# Python keywords `makemessages` gives xgettext: name -> (context, singular, plural) positions.
_PY_KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _template_keys(path: Path) -> Iterator[Key]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # misplaced "Translators" comments in third-party code
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in _TEMPLATE_CALL.finditer(code):
        func = match.group(1)
        args = [ast.literal_eval(a) for a in match.groups()[1:] if a is not None]
        if func in ("gettext", "_"):
            yield None, args[0], None
        elif func == "pgettext":
            yield args[0], args[1], None
        elif func == "ngettext":
            yield None, args[0], args[1]
        else:
            yield args[0], args[1], args[2]


def _python_keys(path: Path) -> Iterator[Key]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in _PY_KEYWORDS:
            continue
        # Only literal arguments, as xgettext: `_(f"…{n}")` cannot be translated anyway.
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        ctx_pos, msg_pos, plural_pos = _PY_KEYWORDS[name]
        msgid = args[msg_pos] if msg_pos < len(args) else None
        if isinstance(msgid, str) and msgid:
            context = args[ctx_pos] if ctx_pos is not None else None
            plural = args[plural_pos] if plural_pos is not None and plural_pos < len(args) else None
            yield context, msgid, plural


@cache
def package_keys(package_dir: Path) -> frozenset[Key]:
    """Every message a package marks for translation (like ``makemessages -e html,py,txt``)."""
    keys: set[Key] = set()
    for path in package_dir.rglob("*"):
        if "locale" in path.parts or not path.is_file():
            continue
        if path.suffix in (".html", ".txt"):
            keys.update(_template_keys(path))
        elif path.suffix == ".py":
            keys.update(_python_keys(path))
    return frozenset(keys)


UNFOLD_KEYS = package_keys(Path(unfold.__file__).parent)
# django-axes ships no zh_Hans either; its models appear in the superuser's admin.
AXES_KEYS = package_keys(Path(axes.__file__).parent)


def translate(key: Key, n: int = 1) -> str:
    context, msgid, plural = key
    if plural is None:
        return translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    if context:
        return translation.npgettext(context, msgid, plural, n)
    return translation.ngettext(msgid, plural, n)


# ---- a small .po reader (no polib in this project) ----------------------------------------------


def parse_po(path: Path) -> list[dict[str, Any]]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), fuzzy."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    field: str | None = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        if line.startswith("#") or not line:
            if not line and "msgid" in entry:
                entries.append(entry)
                entry, field = {}, None
            continue
        match = re.fullmatch(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")", line)
        if match:
            field = match.group(1)
            value = ast.literal_eval(match.group(3))
            if field.startswith("msgstr"):
                entry.setdefault("msgstr", []).append(value)
            else:
                entry[field] = value
        else:
            assert field is not None and line.startswith('"'), f"unreadable line: {raw!r}"
            if field.startswith("msgstr"):
                entry["msgstr"][-1] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
    return entries


@cache
def po_entries() -> tuple[dict[str, Any], ...]:
    return tuple(e for e in parse_po(PO_FILE) if e["msgid"])


def po_key(entry: dict[str, Any]) -> Key:
    return entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural")


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


# ---- the catalog ---------------------------------------------------------------------------------


def test_the_extractor_finds_unfolds_strings() -> None:
    # A guard for the tests below: an extractor that found nothing would make them vacuous.
    msgids = {msgid for _, msgid, _ in UNFOLD_KEYS}
    assert len(UNFOLD_KEYS) > 150
    assert {"Select action", "Filters", "Collapse", "Welcome back to", "Type to search"} <= msgids
    assert (None, " By %(filter_title)s ", None) in UNFOLD_KEYS  # {% blocktranslate with %}
    assert (None, "%(counter)s result", "%(counter)s results") in UNFOLD_KEYS  # count/plural


@pytest.mark.parametrize("package", ["unfold", "axes"])
def test_every_string_the_package_uses_is_translated(package: str) -> None:
    keys = UNFOLD_KEYS if package == "unfold" else AXES_KEYS
    untranslated = []
    with translation.override("zh-hans"):
        for key in sorted(keys, key=repr):
            results = [translate(key)] if key[2] is None else [translate(key, 1), translate(key, 2)]
            sources = [key[1]] if key[2] is None else [key[1], key[2]]
            if any(not r.strip() or r == s for r, s in zip(results, sources, strict=True)):
                untranslated.append(key)
    assert not untranslated, (
        f"{len(untranslated)} {package} strings without Chinese: {untranslated}"
    )


@pytest.mark.parametrize("package", ["unfold", "axes"])
def test_our_catalog_covers_the_package_itself(package: str) -> None:
    # Not left to Django's catalogs: the same word must not read 增加 in one place, 新增 in another.
    keys = UNFOLD_KEYS if package == "unfold" else AXES_KEYS
    ours = {po_key(e) for e in po_entries()}
    assert sorted(keys - ours, key=repr) == []


def test_our_catalog_wins_over_djangos() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Log out") == "退出登录"  # Django: 注销
        assert translation.gettext("Add %(name)s") == "新增%(name)s"  # Django: 增加
        # Django's zh_Hans reads this one as "deselect".
        assert translation.gettext("Delete selected %(model)s") == "删除所选%(model)s"


def test_po_entries_are_complete_and_keep_placeholders() -> None:
    header = parse_po(PO_FILE)[0]
    assert header["msgid"] == "" and not header.get("fuzzy")
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]
    problems = []
    for entry in po_entries():
        msgid, plural, msgstrs = entry["msgid"], entry.get("msgid_plural"), entry["msgstr"]
        wanted = sorted(set(_PLACEHOLDER.findall(msgid)) | set(_PLACEHOLDER.findall(plural or "")))
        for msgstr in msgstrs:
            if entry.get("fuzzy") or not msgstr.strip():
                problems.append((msgid, "untranslated or fuzzy"))
            elif sorted(set(_PLACEHOLDER.findall(msgstr))) != wanted:
                problems.append((msgid, f"placeholders {_PLACEHOLDER.findall(msgstr)} != {wanted}"))
            elif (msgstr.startswith("\n"), msgstr.endswith("\n")) != (
                msgid.startswith("\n"),
                msgid.endswith("\n"),
            ):
                problems.append((msgid, "leading/trailing newline differs (msgfmt -c)"))
        if plural is not None and len(msgstrs) != 1:
            problems.append((msgid, "Chinese has one plural form"))
    keys = [po_key(e) for e in po_entries()]
    assert len(keys) == len(set(keys)), "duplicate entries"
    assert problems == []


def test_committed_mo_is_the_compiled_po() -> None:
    entries = po_entries()
    data = MO_FILE.read_bytes()
    magic, _revision, count = struct.unpack("<III", data[:12])
    assert magic == 0x950412DE
    assert count == len(entries) + 1, "the .mo has a different number of messages (recompile it)"
    with MO_FILE.open("rb") as handle:
        mo = gnu_gettext.GNUTranslations(handle)
    assert mo.info()["plural-forms"] == "nplurals=1; plural=0;"
    stale = []
    for entry in entries:
        context, msgid, plural = po_key(entry)
        if plural is None:
            got = [mo.pgettext(context, msgid) if context else mo.gettext(msgid)]
        elif context:
            got = [mo.npgettext(context, msgid, plural, n) for n in (1, 2)]
        else:
            got = [mo.ngettext(msgid, plural, n) for n in (1, 2)]
        want = entry["msgstr"] * len(got)
        if got != want:
            stale.append((msgid, got, want))
    assert stale == [], "django.mo is stale: msgfmt -c -o django.mo django.po"


# ---- the pages -----------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text nodes and the attributes people read or hear (title, placeholder, aria-label …)."""

    ATTRS = frozenset({"title", "placeholder", "aria-label", "data-label", "alt"})

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.chunks += [" ".join(v.split()) for k, v in attrs if k in self.ATTRS and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    return set(parser.chunks)


# Every English string unfold (and axes) would show, as it would appear on the page.
ENGLISH = {" ".join(msgid.split()) for _, msgid, _ in UNFOLD_KEYS | AXES_KEYS}

TEXT_2023 = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n甲。\n"
TEXT_2022 = "云州市东城区财政局2022年政府信息公开工作年度报告\n一、总体情况\n乙。\n"


@pytest.fixture
def reports(upload: Any, agency_a: Any) -> list[Any]:
    return [
        upload(agency_a, 2023, TEXT_2023, filename="2023.txt").report,
        upload(agency_a, 2022, TEXT_2022, filename="2022.txt").report,
    ]


def _pages(reports: list[Any]) -> dict[str, str]:
    changelist = reverse("admin:gxnb_portal_report_changelist")
    return {
        "index": reverse("admin:index"),
        "changelist": changelist,
        "changelist filtered": changelist + "?year=2023",
        "change form": reverse("admin:gxnb_portal_report_change", args=[reports[0].pk]),
    }


# Distinctive unfold strings each page shows in English without our catalog (checked below,
# so the absence with it means something) and what they read in Chinese.
SHOWN = {
    "index": {"Type to search": "输入关键词搜索", "Light": "浅色", "System": "跟随系统"},
    "changelist": {
        "Filters": "筛选",
        "Select action": "选择操作",
        "Run": "执行",
        "Select all rows": "全选本页",
        "Select record": "选择此条记录",
    },
    "change form": {"Go back": "返回", "True": "是", "Dark": "深色"},
    "login": {"Welcome back to": "欢迎登录", "Return to site": "返回网站"},
}


def _render(client: Any, user: Any, reports: list[Any]) -> dict[str, set[str]]:
    client.logout()
    shown = {"login": visible(client.get(reverse("admin:login")).content.decode())}
    client.force_login(user)
    for name, url in _pages(reports).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = visible(response.content.decode())
    return shown


@pytest.mark.django_db
def test_admin_pages_have_no_english_unfold_strings(client, clerk, reports, settings) -> None:
    settings.LOCALE_PATHS = []  # the page as unfold alone would show it
    english = _render(client, clerk, reports)
    for page, strings in SHOWN.items():
        assert set(strings) <= english[page], f"{page}: the English test strings are not shown"

    settings.LOCALE_PATHS = [Path(settings.BASE_DIR) / "locale"]
    chinese = _render(client, clerk, reports)
    for page, strings in SHOWN.items():
        assert not set(strings) & chinese[page], page
        assert set(strings.values()) <= chinese[page], page
    for page, shown in chinese.items():
        assert shown & ENGLISH == set(), f"{page} still shows English"
    # Django's catalog has this one as 总共 2; ours reads like the rest of the portal.
    assert "共 2 条" in chinese["changelist filtered"]


@pytest.mark.django_db
def test_superuser_index_is_in_chinese(client, admin_user) -> None:
    # The superuser also sees django-axes' models in the sidebar and on the index.
    client.force_login(admin_user)
    shown = visible(client.get(reverse("admin:index")).content.decode())
    assert {"Access attempts", "Access failures", "Access logs"}.isdisjoint(shown)
    assert shown & ENGLISH == set()


@pytest.mark.django_db
def test_superuser_sees_chinese_group_and_column_names(client, admin_user) -> None:
    client.force_login(admin_user)
    index = visible(client.get(reverse("admin:index")).content.decode())
    assert "登录防护" in index and "Axes" not in index
    users = visible(client.get(reverse("admin:auth_user_changelist")).content.decode())
    assert "姓名" in users and "Get full name" not in users


@pytest.mark.django_db
def test_login_straight_at_the_admin_login_page_lands_on_the_admin(client, admin_user) -> None:
    admin_user.set_password("s3cret-pass")
    admin_user.save()
    response = client.post(
        reverse("admin:login"), {"username": admin_user.username, "password": "s3cret-pass"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
