"""Safe file reads and atomic writes.

Reads: only regular files, never more than a stated size (a FIFO, a device or
a folder is refused before anything blocks). Writes: a temporary file in the
target's folder, flushed, fsynced and checked, then renamed over the target, so
a crash or a full disk leaves the old file whole. A symlink is followed (its
target is replaced, the link stays); a file with hard links becomes a file of
its own (its other names keep the old content, whole). Temporary files of ours
that an interrupted save left behind (named with ``TEMP_MARK``) are removed by
the next save to that folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from contextlib import contextmanager
from pathlib import Path

MAX_READ_BYTES = 20 * 1024 * 1024  # plans, settings, autosave and CSVs are far smaller
STALE_TEMP_SECONDS = 3600  # a temporary file this old is left over whoever wrote it
TEMP_MARK = "footprint-planner-tmp"  # in the app's temporary names only: nobody else's file is ever cleaned
_TEMP_RE = re.compile(r"^\..+\." + TEMP_MARK + r"(?P<pid>\d+)-[A-Za-z0-9_]+\.part$")


class NotAFileError(OSError):
    """The path exists but is not a regular file (a folder, FIFO, socket or device)."""


def read_regular_bytes(path: str | Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The content of a regular file of at most ``limit`` bytes.

    Raises FileNotFoundError, NotAFileError (folder, FIFO, device: checked
    without blocking), or OSError for a file over the limit or unreadable.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotAFileError(21, "is a folder, not a file", str(path)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotAFileError(21, "is a folder, not a file", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise NotAFileError(22, "is not a regular file (a pipe, socket or device)", str(path))
        if st.st_size > limit:
            raise OSError(27, f"is too large ({st.st_size:,} bytes; at most {limit:,})", str(path))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # grew while being read
                raise OSError(27, f"is too large (more than {limit:,} bytes)", str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def describe_os_error(exc: OSError) -> str:
    """A short reason for a failed read or write ("is a folder, not a file", "permission denied")."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[0].lower() + text[1:] if text else text


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # cannot tell cheaply: rely on the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale_temps(folder: str | Path) -> int:
    """Remove temporary files of interrupted saves in ``folder``: their writer is gone, or they are old.

    Returns how many were removed. Never raises.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
            if old or not _pid_alive(int(m.group("pid"))):
                os.unlink(entry.path)
                removed += 1
        except (OSError, ValueError):
            continue
    return removed


def is_read_only(path: str | Path) -> bool:
    """True for an existing file its owner marked read-only, or that we may not write (a write would
    replace it: the folder's permission decides a rename, so ask first)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK))


def resolve_target(path: str | Path) -> Path:
    """The file a write to ``path`` must change: a symlink's final target (which may not exist yet)."""
    p = Path(path)
    return Path(os.path.realpath(p)) if p.is_symlink() else p


def links_note(path: str | Path, links: int) -> str:
    """What saving over a file that had ``links`` other names did (empty when none)."""
    if not links:
        return ""
    names = "another name" if links == 1 else f"{links} other names"
    return (f"{Path(path).name} had {names} (hard links): it is now a file of its own, and the "
            f"other name{'s keep' if links > 1 else ' keeps'} the previous content")


def other_names(path: str | Path) -> int:
    """How many other names (hard links) the file at ``path`` has; 0 when none or when there is no file."""
    try:
        st = os.stat(resolve_target(path))
    except OSError:
        return 0
    return max(st.st_nlink - 1, 0) if stat.S_ISREG(st.st_mode) else 0


@contextmanager
def replacing(path: str | Path, suffix: str = ".part", check=None):
    """Yield a temporary path beside ``path``; on success its content replaces ``path``.

    The caller writes the complete new content to the temporary path (any way it likes: bytes, a PDF writer).
    The temporary file is then flushed to disk and checked (``check(tmp)`` may raise OSError: a PDF that does
    not end as a PDF ends, on a full disk), and only then renamed over ``path``: on any failure the old file is
    left as it was and the temporary file removed. A file with hard links is replaced by a file of its own
    (the rename breaks the link: the other names keep the old content, never a half-written one; callers say
    so, see ``other_names``). Raises OSError (NotAFileError for a folder or a device at ``path``) if the target
    cannot be written.
    """
    import tempfile

    target = resolve_target(path)
    if target.exists() and not target.is_file():
        raise NotAFileError(21, "is a folder or device, not a file", str(target))
    folder = target.parent if str(target.parent) else Path(".")
    clean_stale_temps(folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.{TEMP_MARK}{os.getpid()}-", suffix=suffix, dir=folder)
    os.close(fd)
    try:
        yield tmp
        _settle(tmp)
        if check is not None:
            check(tmp)
        st = target.stat() if target.exists() else None
        if st is not None:
            try:
                os.chmod(tmp, st.st_mode & 0o777)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _settle(tmp: str) -> None:
    """The temporary file's content on disk (a full disk can refuse it only now), and not empty."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
        if os.fstat(fd).st_size == 0:
            raise OSError(errno.EIO, "nothing was written")
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` only once the new content is complete on disk."""
    def whole(tmp):
        if os.path.getsize(tmp) != len(data):  # pragma: no cover - a write error raises before
            raise OSError(errno.ENOSPC, "the new content was not written whole")

    with replacing(path, check=whole) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
