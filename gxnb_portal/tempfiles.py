"""Temporary upload files under the project's own directory, swept on start-up.

Django streams an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a ``NamedTemporaryFile``
that is deleted when the request closes it — but not when the process is killed mid-upload (a
worker timeout, an OOM kill, a restart): the file then stays in the system's temporary
directory for good. Here such files live in ``FILE_UPLOAD_TEMP_DIR`` (``$VAR_DIR/tmp/uploads``)
and carry the id of the process that wrote them (``upload-<pid>-<random>.upload.<ext>``), so a
process starting up can remove every file whose writer is gone without touching the uploads
that other live processes (gunicorn's other workers) are receiving.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

__all__ = ["ProjectTemporaryFileUploadHandler", "sweep_upload_temp_dir"]

log = logging.getLogger(__name__)

_NAME = re.compile(r"^upload-(?P<pid>\d+)-")
# A file that does not carry a writer's id (written before this scheme, or by hand) is removed
# once it is this old.
_ORPHAN_AGE = 24 * 3600


def upload_temp_dir() -> Path:
    directory = Path(settings.FILE_UPLOAD_TEMP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class _ProcessTemporaryUploadedFile(TemporaryUploadedFile):
    def __init__(
        self,
        name: str,
        content_type: str | None,
        size: int | None,
        charset: str | None,
        content_type_extra: dict | None = None,
    ) -> None:
        _, ext = os.path.splitext(name)
        file = tempfile.NamedTemporaryFile(  # closed by the request's cleanup
            prefix=f"upload-{os.getpid()}-", suffix=".upload" + ext, dir=upload_temp_dir()
        )
        # UploadedFile's initialiser, not TemporaryUploadedFile's (which makes its own file).
        super(TemporaryUploadedFile, self).__init__(
            file, name, content_type, size, charset, content_type_extra
        )


class ProjectTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler, with the temporary file named after the writing process."""

    def new_file(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super(TemporaryFileUploadHandler, self).new_file(*args, **kwargs)
        self.file = _ProcessTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def sweep_upload_temp_dir(directory: Path | None = None) -> int:
    """Delete the temporary upload files whose writing process is gone; how many.

    Creates the directory when missing (Django's check ``files.E001`` wants it to exist).
    """
    directory = directory or Path(settings.FILE_UPLOAD_TEMP_DIR)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return 0  # a read-only VAR_DIR: E001-style checks report it
    removed = 0
    now = time.time()
    try:
        paths = list(directory.iterdir())
    except OSError:
        return 0
    for path in paths:
        try:
            if not path.is_file():
                continue
            m = _NAME.match(path.name)
            stale = not _alive(int(m["pid"])) if m else now - path.stat().st_mtime > _ORPHAN_AGE
            if stale:
                path.unlink()
                removed += 1
        except OSError:  # raced with its owner closing it, or not ours to remove
            continue
    if removed:
        log.info("removed %d temporary upload file(s) left by stopped processes", removed)
    return removed
