"""Issue #17: a killed upload leaves no temporary file behind.

Uploads larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` stream to a temporary file. A server killed
mid-upload used to leave it in the system's temporary directory for good; now it is written
under ``$VAR_DIR/tmp/uploads`` and swept when the portal starts again. The test runs a real
server (``runserver``), kills it with SIGKILL while a large upload is arriving, and starts it
again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gxnb_portal.tempfiles import sweep_upload_temp_dir

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(var_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(DJANGO_SETTINGS_MODULE="gxnb_portal.settings", VAR_DIR=str(var_dir))
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("server did not start") from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_killed_uploads_temporary_file_is_gone_after_a_restart(tmp_path):
    var_dir = tmp_path / "var"
    uploads = var_dir / "tmp" / "uploads"
    port = _free_port()
    server = _start_server(var_dir, port)
    sock = None
    try:
        boundary = "----gxnbcrash"
        head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="report.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        total = 30 * 1024 * 1024  # announced: over FILE_UPLOAD_MAX_MEMORY_SIZE, so to disk
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(
            (
                "POST /admin/login/ HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\n"
                # A CSRF cookie, so the CSRF check reads the form (it refuses before reading
                # anything without one).
                "Cookie: csrftoken=" + "a" * 32 + "\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {total}\r\n\r\n"
            ).encode()
            + head
        )
        chunk = "一、总体情况 公开\n".encode() * 4096
        for _ in range(12 * 1024 * 1024 // len(chunk)):
            sock.sendall(chunk)
        # The upload is half-way: its temporary file is being written under VAR_DIR.
        assert _wait_for(lambda: uploads.is_dir() and any(uploads.iterdir()), 30), (
            "no temporary upload file under $VAR_DIR/tmp/uploads"
        )
        left = list(uploads.iterdir())
        os.killpg(server.pid, signal.SIGKILL)  # the crash: no cleanup runs
        server.wait(timeout=10)
        assert all(p.exists() for p in left), "the crash itself removed the file"
    finally:
        if sock is not None:
            sock.close()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    restarted = _start_server(var_dir, port)
    try:
        assert not any(p.exists() for p in left), left
    finally:
        os.killpg(restarted.pid, signal.SIGTERM)
        restarted.wait(timeout=10)


@pytest.mark.django_db
def test_the_sweep_keeps_files_of_live_processes(tmp_path):
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        mine = tmp_path / f"upload-{os.getpid()}-abc.upload.txt"
        other = tmp_path / f"upload-{live.pid}-abc.upload.txt"
        gone = tmp_path / f"upload-{dead.pid}-abc.upload.txt"
        old = tmp_path / "tmpq1w2e3.upload.txt"  # no writer id: removed once a day old
        new = tmp_path / "tmpr4t5y6.upload.txt"
        for path in (mine, other, gone, old, new):
            path.write_bytes(b"x")
        os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
        assert sweep_upload_temp_dir(tmp_path) == 2
        assert mine.exists() and other.exists() and new.exists()
        assert not gone.exists() and not old.exists()
    finally:
        live.kill()
        live.wait()
