"""ZIP safety: bombs, path traversal, too many files, huge files — with the clerk's messages."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError

from reports.batch import MB, Limits, unpack_zip

REPORT = "云州市东城区财政局2023年政府信息公开工作年度报告\n一、总体情况\n".encode()


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def by_name(unpacked):
    return {m.name: m for m in unpacked.members}


def test_a_highly_compressed_member_is_refused_as_a_zip_bomb():
    data = make_zip({"bomb.txt": b"0" * (20 * MB), "ok.txt": REPORT})
    members = by_name(unpack_zip(data))
    assert "疑似压缩炸弹" in members["bomb.txt"].error
    assert members["bomb.txt"].data == b""  # never inflated
    assert members["ok.txt"].data == REPORT  # the rest of the batch goes on


def test_an_archive_larger_than_the_total_limit_is_refused_whole():
    random_mb = os.urandom(MB)
    data = make_zip({"a.pdf": random_mb, "b.pdf": random_mb[::-1]})
    with pytest.raises(ValidationError) as exc:
        unpack_zip(data, limits=Limits(max_total_size=MB + MB // 2))
    assert "超过单次上限" in exc.value.messages[0]


def test_a_member_whose_header_understates_its_size_is_not_trusted():
    # Claim 100 bytes in the central directory for a 3 MB member.
    content = os.urandom(3 * MB)
    raw = bytearray(make_zip({"liar.pdf": content}, compression=zipfile.ZIP_STORED))
    central = raw.rindex(b"PK\x01\x02")
    raw[central + 24 : central + 28] = struct.pack("<I", 100)
    members = by_name(unpack_zip(bytes(raw)))
    assert members["liar.pdf"].error  # refused: never more than the claimed bytes come out
    assert len(members["liar.pdf"].data) == 0


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.txt", "reports/../../outside.txt", "/etc/cron.d/x.txt", "C:/Windows/x.txt"],
)
def test_names_that_escape_the_archive_are_refused(name):
    members = by_name(unpack_zip(make_zip({name: REPORT, "ok.txt": REPORT})))
    assert "压缩包以外" in members[name].error
    assert members[name].data == b""
    assert members["ok.txt"].data == REPORT


def test_too_many_files_refuses_the_upload_with_the_limit():
    data = make_zip({f"r{i}.txt": REPORT + str(i).encode() for i in range(6)})
    with pytest.raises(ValidationError) as exc:
        unpack_zip(data, limits=Limits(max_files=5))
    assert exc.value.messages == ["压缩包内有 6 个文件，超过单次上限 5 个；请分成几个压缩包上传。"]


def test_a_file_over_the_size_limit_is_skipped_with_its_size():
    data = make_zip({"huge.pdf": os.urandom(2 * MB), "ok.txt": REPORT})
    members = by_name(unpack_zip(data, limits=Limits(max_file_size=MB)))
    assert members["huge.pdf"].error == "“huge.pdf”大小为 2 MB，超过单个文件上限 1 MB，已跳过。"
    assert members["ok.txt"].data == REPORT


def test_something_that_is_not_a_zip_is_refused():
    with pytest.raises(ValidationError, match="不是有效的 ZIP"):
        unpack_zip(b"%PDF-1.7 not a zip")


def test_gbk_names_from_chinese_windows_are_read_correctly():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("placeholder.txt")
        zf.writestr(info, REPORT)
    raw = buf.getvalue()
    # Rewrite the name as GBK bytes without the UTF-8 flag, as Windows' built-in zipper does.
    gbk = "财政局年报.txt".encode("gbk")
    assert len(gbk) == len(b"placeholder.txt") - 1
    raw = raw.replace(b"placeholder.txt", gbk + b"_")
    members = unpack_zip(raw).members
    assert members[0].name == "财政局年报.txt_"


def test_system_files_and_folders_are_ignored():
    data = make_zip({"__MACOSX/._r.txt": b"x", ".DS_Store": b"x", "年报/r.txt": REPORT})
    assert [m.name for m in unpack_zip(data).members] == ["年报/r.txt"]


def test_a_manifest_in_the_zip_is_read_and_not_imported():
    manifest = "file,agency,year,level\nr.txt,云州市东城区财政局,2023,部门\n".encode("utf-8-sig")
    unpacked = unpack_zip(make_zip({"r.txt": REPORT, "manifest.csv": manifest}))
    assert [m.name for m in unpacked.members] == ["r.txt"]
    assert unpacked.manifest["r.txt"]["agency"] == "云州市东城区财政局"
    assert unpacked.manifest["r.txt"]["level"] == "部门"
